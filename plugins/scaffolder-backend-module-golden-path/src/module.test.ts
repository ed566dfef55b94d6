import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleGoldenPath } from './module';

describe('scaffolderModuleGoldenPath', () => {
  it('adds the golden-path actions to the scaffolder', async () => {
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
        scaffolderModuleGoldenPath,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { conway: { localRepositories: { directory: '/tmp/repos' } } },
        }),
      ],
    });

    expect(actions.map(a => a.id)).toEqual([
      'golden-path:render',
      'golden-path:validate',
      'golden-path:publish-target',
      'golden-path:publish-local',
      'golden-path:register-local',
      'golden-path:upgrade-target',
      'golden-path:upgrade',
    ]);
    for (const action of actions) {
      expect(action.description).toBeTruthy();
      expect(action.examples?.length).toBeGreaterThan(0);
      // Every input field is described, for the portal's action reference.
      const properties = (action.schema?.input as any)?.properties ?? {};
      for (const [field, schema] of Object.entries<any>(properties)) {
        expect({ field, description: schema.description }).toEqual({
          field,
          description: expect.any(String),
        });
      }
    }
    expect(actions.filter(a => a.supportsDryRun).map(a => a.id)).toEqual([
      'golden-path:render',
      'golden-path:validate',
      'golden-path:publish-target',
      // Read-only, and a plan without writes.
      'golden-path:upgrade-target',
      'golden-path:upgrade',
    ]);
  });
});
