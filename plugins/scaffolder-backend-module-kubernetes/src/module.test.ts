import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleKubernetes } from './module';

describe('scaffolderModuleKubernetes', () => {
  it('adds kubernetes:apply to the scaffolder, every input described', async () => {
    const actions: TemplateAction<any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any>[]) =>
              actions.push(...added),
          },
        ],
      ],
      features: [
        scaffolderModuleKubernetes,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    expect(actions.map(a => a.id)).toEqual(['kubernetes:apply']);
    const [action] = actions;
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.length).toBeGreaterThan(0);
    const properties = (action.schema?.input as any)?.properties ?? {};
    expect(Object.keys(properties)).toEqual([
      'path',
      'cluster',
      'namespace',
      'dryRun',
      'fieldManager',
      'catalogInfoPath',
    ]);
    for (const [field, schema] of Object.entries<any>(properties)) {
      expect({ field, description: schema.description }).toEqual({
        field,
        description: expect.any(String),
      });
    }
    expect((action.schema?.input as any).required).toEqual(['path']);
  });
});
