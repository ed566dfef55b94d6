import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  catalogEntities,
  TEMPLATE_DIR,
  templateInfo,
  VALID_VALUES,
} from '../__testUtils__/fixtures';
import { createRenderGoldenPathAction } from './render';
import { createValidateGoldenPathAction } from './validate';

jest.setTimeout(60_000);

/**
 * Item 5 of issue 12 over the API: answers that are bad in ways the form's
 * widgets rarely produce (derived names too long, keys named like
 * Object.prototype members) are refused naming the field, and nothing is
 * written; answers YAML would misread are written so they read back as entered.
 */
describe('golden-path:render with bad or hostile answers', () => {
  const mockDir = createMockDirectory();
  const workspacePath = () => mockDir.resolve('workspace');
  const action = createRenderGoldenPathAction({
    catalog: catalogServiceMock({ entities: catalogEntities }),
    auth: mockServices.auth(),
    permissions: mockServices.permissions.mock(),
    goldenPathDirectories: [path.dirname(TEMPLATE_DIR)],
  });

  beforeEach(() => {
    mockDir.clear();
    mockDir.addContent({ workspace: {} });
  });

  /** Runs the action as a member of team-checkout, the owner in VALID_VALUES. */
  const run = (values: unknown) =>
    action.handler({
      ...createMockActionContext({
        input: { values } as any,
        workspacePath: workspacePath(),
        templateInfo,
      }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/ada.lovelace'),
    });
  const workspaceFiles = () => fs.readdirSync(workspacePath());

  it('refuses a name whose derived names would be too long, naming the derived name and its limit', async () => {
    const name = 'a'.repeat(59);
    const done = run({ ...VALID_VALUES, name, database: 'postgres' });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      `- name: '${name}' is too long (at most 58 characters): the CI pipeline's PostgreSQL database name '${name}_test' would be 64 characters, over PostgreSQL's identifier limit of 63`,
    );
    expect(workspaceFiles()).toEqual([]);
  });

  it.each([
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ])('refuses the unknown key %s, naming it, and writes nothing', async key => {
    // As the scaffolder hands over ${{ parameters }}: parsed from JSON, so
    // even __proto__ is an own key.
    const values = JSON.parse(
      JSON.stringify(VALID_VALUES).replace(
        /^\{/,
        `{${JSON.stringify(key)}: {"name": "from-a-prototype"},`,
      ),
    );
    expect(Object.keys(values)).toContain(key);
    const done = run(values);
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      `- ${key}: is not a parameter of this template`,
    );
    expect(workspaceFiles()).toEqual([]);
  });

  it('accepts the portal-only keys template.yaml declares', async () => {
    await run({ ...VALID_VALUES, deploy: false, namespace: 'checkout-dev' });
    expect(workspaceFiles()).toContain('catalog-info.yaml');
  });

  it('writes names and descriptions YAML 1.1 would misread as strings', async () => {
    const values = {
      ...VALID_VALUES,
      name: 'no',
      description: '2024-01-01',
      database: 'postgres',
    };
    await run(values);
    const read = (file: string, version: '1.1' | '1.2') =>
      parseAllDocuments(
        fs.readFileSync(path.join(workspacePath(), file), 'utf8'),
        { version },
      ).map(d => d.toJS());
    for (const version of ['1.1', '1.2'] as const) {
      const [component, api, resource] = read('catalog-info.yaml', version);
      expect(component.metadata).toMatchObject({
        name: 'no',
        description: '2024-01-01',
      });
      expect(api.metadata.name).toBe('no-api');
      expect(resource.metadata.name).toBe('no-db');
      const [deployment] = read('k8s/base/deployment.yaml', version);
      expect(deployment.metadata.name).toBe('no');
      expect(deployment.spec.selector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'no',
        'app.kubernetes.io/instance': 'no',
      });
    }
    const validateCtx = createMockActionContext({
      workspacePath: workspacePath(),
    });
    await createValidateGoldenPathAction().handler(validateCtx);
    expect(validateCtx.output).toHaveBeenCalledWith('errors', 0);
  });
});
