import fs from 'node:fs';
import path from 'node:path';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  catalogEntities,
  TEMPLATE_DIR,
  templateInfo,
  VALID_VALUES,
} from '../__testUtils__/fixtures';
import { createRenderGoldenPathAction } from './render';
import { createValidateGoldenPathAction } from './validate';

/** The real template's release, read from its template.yaml. */
const TEMPLATE_VERSION: string = parseYaml(
  fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
).metadata.annotations['conway.dev/template-version'];

jest.setTimeout(60_000);

describe('golden-path:render', () => {
  const mockDir = createMockDirectory();
  const workspacePath = () => mockDir.resolve('workspace');
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const ada = mockCredentials.user('user:default/ada.lovelace');
  const anyOwnerPolicy: {
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = { result: AuthorizeResult.DENY };
  // The policy's answer to golden-path.scaffold.any-owner; service principals
  // are allowed, as the real permission framework does.
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async (requests, options) =>
      requests.map(() =>
        (options as { credentials: BackstageCredentials<{ type: string }> })
          .credentials.principal.type === 'service'
          ? { result: AuthorizeResult.ALLOW }
          : anyOwnerPolicy,
      ),
    ) as any,
  });
  const action = createRenderGoldenPathAction({
    catalog,
    auth: mockServices.auth(),
    permissions,
    goldenPathDirectories: [path.dirname(TEMPLATE_DIR)],
  });

  beforeEach(() => {
    mockDir.clear();
    mockDir.addContent({ workspace: {} });
    anyOwnerPolicy.result = AuthorizeResult.DENY;
    permissions.authorize.mockClear();
  });

  /** Runs the action as Ada (team-checkout) unless other credentials are given. */
  const run = (
    input: Record<string, unknown>,
    overrides: object = {},
    credentials: BackstageCredentials = ada,
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspacePath(),
        templateInfo,
        ...overrides,
      }),
      // Fields createMockActionContext does not take, such as isDryRun.
      ...overrides,
      getInitiatorCredentials: async () => credentials,
    };
    return { ctx, done: action.handler(ctx) };
  };

  const workspaceFiles = () =>
    fs.existsSync(workspacePath())
      ? fs.readdirSync(workspacePath(), { recursive: true })
      : [];

  it('renders the real template, and the result passes golden-path:validate', async () => {
    const { ctx, done } = run({ values: VALID_VALUES });
    await done;

    const files = workspaceFiles().filter(f =>
      fs.statSync(path.join(workspacePath(), String(f))).isFile(),
    );
    expect(ctx.output).toHaveBeenCalledWith('files', files.length);
    expect(ctx.output).toHaveBeenCalledWith(
      'templateVersion',
      TEMPLATE_VERSION,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
    const record = JSON.parse(
      fs.readFileSync(
        path.join(workspacePath(), '.conway/golden-path.json'),
        'utf8',
      ),
    );
    expect(record).toMatchObject({
      template: 'typescript-service',
      version: TEMPLATE_VERSION,
      answers: { name: 'orders-api', owner: 'group:default/team-checkout' },
    });
    const pkg = JSON.parse(
      fs.readFileSync(path.join(workspacePath(), 'package.json'), 'utf8'),
    );
    expect(pkg.name).toBe('orders-api');

    const validateCtx = createMockActionContext({
      workspacePath: workspacePath(),
    });
    await createValidateGoldenPathAction().handler(validateCtx);
    expect(validateCtx.output).toHaveBeenCalledWith('errors', 0);
  });

  it('completes bare owner and system names to entity refs', async () => {
    const { ctx, done } = run({
      values: {
        name: 'orders-api',
        owner: 'team-checkout',
        system: 'checkout',
      },
    });
    await done;
    const [component] = parseAllDocuments(
      fs.readFileSync(path.join(workspacePath(), 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS());
    expect(component.spec).toMatchObject({
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });

  it.each([
    ['an upper-case name', { name: 'Orders' }, /name: must match pattern/],
    [
      'a 64-character name',
      { name: `a${'b'.repeat(63)}` },
      /name: 'ab{63}' is too long \(at most 58 characters\): the CI pipeline's PostgreSQL database name 'ab{63}_test' would be 69 characters/,
    ],
    ['an empty name', { name: '' }, /name: is required/],
    ['a name with a path', { name: '../x' }, /name: must match pattern/],
    ['a port out of range', { port: 80 }, /port: must be >= 1024/],
    [
      'an unknown lifecycle',
      { lifecycle: 'beta' },
      /lifecycle: must be one of "experimental", "production", "deprecated"/,
    ],
  ])(
    'rejects %s with an InputError naming the field, writing nothing',
    async (_, change, message) => {
      const { done } = run({ values: { ...VALID_VALUES, ...change } });
      await expect(done).rejects.toThrow(InputError);
      await expect(done).rejects.toThrow(
        /^Invalid values for template 'typescript-service':\n {2}- /,
      );
      await expect(done).rejects.toThrow(message);
      expect(workspaceFiles()).toEqual([]);
    },
  );

  it('lists every invalid field in one message', async () => {
    const { done } = run({ values: { name: 'Bad Name', port: 'x' } });
    await expect(done).rejects.toThrow(
      /- name: must match pattern .*\n {2}- owner: is required.*\n {2}- port: must be integer/s,
    );
  });

  it.each([
    [
      'an unknown owner',
      { owner: 'group:default/team-nobody' },
      "owner: Group 'group:default/team-nobody' was not found in the catalog",
    ],
    [
      'a user as owner',
      { owner: 'user:default/ada.lovelace' },
      "owner: 'user:default/ada.lovelace' is not a Group",
    ],
    [
      'an unknown system',
      { system: 'system:default/atlantis' },
      "system: System 'system:default/atlantis' was not found in the catalog",
    ],
    [
      'the name of an existing component',
      { name: 'checkout-service' },
      "name: 'component:default/checkout-service' already exists in the catalog",
    ],
  ])('rejects %s, checked in the catalog', async (_, change, message) => {
    const { done } = run({ values: { ...VALID_VALUES, ...change } });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(message);
    expect(workspaceFiles()).toEqual([]);
  });

  it('writes a description with template syntax, quotes, colons and newlines literally', async () => {
    const description =
      'Says {{constructor}} and {{#each x}}: "quoted", \'single\'\nsecond: line # not a comment';
    const { done } = run({ values: { ...VALID_VALUES, description } });
    await done;

    const docs = parseAllDocuments(
      fs.readFileSync(path.join(workspacePath(), 'catalog-info.yaml'), 'utf8'),
    );
    expect(docs.every(d => d.errors.length === 0)).toBe(true);
    expect(docs[0].toJS().metadata.description).toBe(description);
    const pkg = JSON.parse(
      fs.readFileSync(path.join(workspacePath(), 'package.json'), 'utf8'),
    );
    expect(pkg.description).toBe(description);

    const validateCtx = createMockActionContext({
      workspacePath: workspacePath(),
    });
    await createValidateGoldenPathAction().handler(validateCtx);
    expect(validateCtx.output).toHaveBeenCalledWith('errors', 0);
  });

  it('renders into a targetPath inside the workspace and refuses one outside', async () => {
    await run({ values: VALID_VALUES, targetPath: 'service' }).done;
    expect(
      fs.existsSync(path.join(workspacePath(), 'service/catalog-info.yaml')),
    ).toBe(true);

    const { done } = run({ values: VALID_VALUES, targetPath: '../x' });
    await expect(done).rejects.toThrow(
      "targetPath '../x' must stay inside the workspace",
    );
    expect(fs.existsSync(mockDir.resolve('x'))).toBe(false);
  });

  it('refuses to render into a non-empty directory', async () => {
    mockDir.addContent({ 'workspace/README.md': 'mine' });
    const { done } = run({ values: VALID_VALUES });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(/is not empty/);
    expect(workspaceFiles()).toEqual(['README.md']);
  });

  it('needs a template registered from a file location', async () => {
    const { done } = run(
      { values: VALID_VALUES },
      {
        templateInfo: {
          entityRef: 'template:default/typescript-service',
          baseUrl:
            'https://github.com/northwind/templates/blob/main/template.yaml',
        },
      },
    );
    await expect(done).rejects.toThrow(
      "Template 'template:default/typescript-service' was registered from 'https://github.com/northwind/templates/blob/main/template.yaml', not from a file location",
    );
    await expect(
      run({ values: VALID_VALUES }, { templateInfo: undefined }).done,
    ).rejects.toThrow(/has no base URL/);
  });

  it('takes an explicit templateDir only from conway.goldenPaths.directories', async () => {
    const { ctx, done } = run(
      { values: VALID_VALUES, templateDir: TEMPLATE_DIR },
      { templateInfo: undefined },
    );
    await done;
    expect(ctx.output).toHaveBeenCalledWith(
      'templateVersion',
      TEMPLATE_VERSION,
    );

    mockDir.addContent({ elsewhere: { 'template.yaml': 'x' } });
    await expect(
      run(
        { values: VALID_VALUES, templateDir: mockDir.resolve('elsewhere') },
        { templateInfo: undefined },
      ).done,
    ).rejects.toThrow(
      /templateDir '.*elsewhere' is not inside a directory listed in conway.goldenPaths.directories/,
    );
  });

  describe('owning team', () => {
    const notMember =
      'owner: User user:default/ada.lovelace is not a member of group:default/team-sre; choose a team you belong to';

    it('lets a member scaffold for their own team without asking the policy', async () => {
      await run({ values: VALID_VALUES }).done;
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('lets a member of a team scaffold for the department above it', async () => {
      const { ctx, done } = run({
        values: { ...VALID_VALUES, owner: 'group:default/commerce' },
      });
      await done;
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/orders-api',
      );
    });

    it('refuses a team the user is not in, naming user and team, and writes nothing', async () => {
      const { done } = run({
        values: { ...VALID_VALUES, owner: 'group:default/team-sre' },
      });
      await expect(done).rejects.toThrow(InputError);
      await expect(done).rejects.toThrow(notMember);
      expect(workspaceFiles()).toEqual([]);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'golden-path.scaffold.any-owner',
            }),
          },
        ],
        { credentials: ada },
      );
    });

    it('reports the membership problem with the other catalog problems', async () => {
      const { done } = run({
        values: {
          ...VALID_VALUES,
          name: 'checkout-service',
          owner: 'group:default/team-sre',
        },
      });
      await expect(done).rejects.toThrow(
        /already exists in the catalog.*\n.*is not a member of group:default\/team-sre/,
      );
    });

    it('accepts any team when the policy grants golden-path.scaffold.any-owner', async () => {
      anyOwnerPolicy.result = AuthorizeResult.ALLOW;
      const { ctx, done } = run({
        values: { ...VALID_VALUES, owner: 'group:default/team-sre' },
      });
      await done;
      expect(ctx.output).toHaveBeenCalledWith(
        'templateVersion',
        TEMPLATE_VERSION,
      );
    });

    it('treats a service caller (external access token) through the permission framework', async () => {
      const service = mockCredentials.service('external:ci');
      const { done } = run(
        { values: { ...VALID_VALUES, owner: 'group:default/team-sre' } },
        {},
        service,
      );
      await done;
      expect(permissions.authorize).toHaveBeenCalledWith(expect.any(Array), {
        credentials: service,
      });
    });

    it('does not look for a user who has no catalog entity in the groups of another', async () => {
      const { done } = run(
        { values: VALID_VALUES },
        {},
        mockCredentials.user('user:default/nobody'),
      );
      await expect(done).rejects.toThrow(
        'owner: User user:default/nobody is not a member of group:default/team-checkout',
      );
    });

    it('leaves the membership check to the real run in a dry run', async () => {
      const { done } = run(
        { values: { ...VALID_VALUES, owner: 'group:default/team-sre' } },
        { isDryRun: true },
      );
      await done;
      expect(permissions.authorize).not.toHaveBeenCalled();
    });
  });
});
