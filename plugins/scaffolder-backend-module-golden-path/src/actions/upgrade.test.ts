import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse as parseYaml } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
/* eslint-disable @backstage/no-forbidden-package-imports -- the upgrade engine's own test fixtures (a real template repository with v1 and v2, a team's edits), shared rather than copied; not public API */
import {
  commitTemplate,
  git,
  initRepo,
  listTree,
  removeTempDirs,
  snapshotRepo,
  tempDir,
  writeTree,
} from '@conway/golden-path/src/upgrade/__testUtils__/gitRepos';
import {
  ANSWERS,
  TEAM_EDITS,
  TEMPLATE,
  V1,
  V2,
} from '@conway/golden-path/src/upgrade/__testUtils__/tinyTemplate';
/* eslint-enable @backstage/no-forbidden-package-imports */
import {
  LocalRepositories,
  TemplateVersions,
} from '@conway/plugin-golden-paths-node';
import { createUpgradeGoldenPathAction } from './upgrade';
import { createUpgradeTargetAction } from './upgradeTarget';

jest.setTimeout(60_000);

const USER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ada.lovelace', namespace: 'default' },
  spec: {
    profile: { displayName: 'Ada Lovelace', email: 'ada@northwind.example' },
  },
};

let root: string;
let reposDir: string;
let templateVersions: TemplateVersions;

/** Scaffolds a service at v1 with the library into `dir`, edited by its team. */
async function scaffold(dir: string, edits = true) {
  await renderToDirectory(
    await loadTemplate(path.join(root, 'v1')),
    ANSWERS,
    dir,
  );
  if (edits) writeTree(dir, TEAM_EDITS);
}

const component = (name: string, location: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': location,
      'conway.dev/template': TEMPLATE,
      'conway.dev/template-version': '1.0.0',
    },
  },
  spec: { type: 'service', owner: 'group:default/team-checkout' },
});

beforeAll(async () => {
  root = tempDir('conway-upgrade-action-');
  reposDir = path.join(root, 'repositories');
  writeTree(path.join(root, 'v1'), V1);
  const templatesRepo = initRepo(path.join(root, 'templates-repo'), {
    'README.md': '# Templates\n',
  });
  commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');
  commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  templateVersions = new TemplateVersions({ repoDir: templatesRepo });

  const orders = path.join(reposDir, 'orders');
  await scaffold(orders);
  initRepo(orders, {}, 'Scaffold and edit');
});

afterAll(async () => {
  await templateVersions.dispose();
  removeTempDirs();
});

const entities = () => [
  USER,
  component(
    'orders',
    `file:${path.join(reposDir, 'orders', 'catalog-info.yaml')}`,
  ),
  // Registered without a location annotation: found by name under the local repositories.
  {
    ...component('orders', ''),
    metadata: {
      name: 'orders',
      namespace: 'legacy',
      annotations: { 'conway.dev/template': TEMPLATE },
    },
  },
  component(
    'payments',
    'url:https://github.com/northwind/payments/blob/main/catalog-info.yaml',
  ),
];

function setup(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const catalog = catalogServiceMock({ entities: entities() });
  const repositories = new LocalRepositories(reposDir);
  const action = createUpgradeGoldenPathAction({
    catalog,
    repositories,
    templateVersions,
    config: new ConfigReader({}),
    permissions: mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: permission })) as any,
    }),
  });
  const target = createUpgradeTargetAction({ catalog, repositories });
  const run = async (
    input: Record<string, unknown>,
    workspacePath?: string,
  ) => {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspacePath ?? path.join(root, 'empty-workspace'),
      user: { entity: USER as any, ref: 'user:default/ada.lovelace' },
      logger: logger as any,
    });
    await action.handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as [string, unknown][],
    );
    return { outputs, logger };
  };
  return { action, target, run };
}

describe('golden-path:upgrade', () => {
  it('refuses bad input with an error naming the field, leaving the repository untouched', async () => {
    const { run } = setup();
    const dir = path.join(reposDir, 'orders');
    const before = snapshotRepo(dir);
    const cases: Array<[Record<string, unknown>, unknown, RegExp]> = [
      [
        { service: 'component:default/nope' },
        NotFoundError,
        /^service: no entity/,
      ],
      [
        { service: 'component:default/orders', targetVersion: '7.0.0' },
        InputError,
        /^targetVersion: .*known versions: 1\.0\.0, 2\.0\.0/,
      ],
      [
        { service: 'component:default/orders' },
        InputError,
        /^answers \(tier\)/,
      ],
      [
        { service: 'component:default/orders', answers: '{tier: gold' },
        InputError,
        /^answers: not valid JSON/,
      ],
      [
        { service: 'component:default/payments' },
        InputError,
        /lives in https:\/\/github\.com\/northwind\/payments; fetch it into the workspace/,
      ],
      [{ service: '../outside' }, InputError, /inside the workspace/],
    ];
    for (const [input, type, message] of cases) {
      const promise = run(input);
      await expect(promise).rejects.toBeInstanceOf(type);
      await expect(promise).rejects.toThrow(message);
    }
    expect(snapshotRepo(dir)).toEqual(before);
  });

  it('refuses without the golden-paths.upgrade permission', async () => {
    const { run } = setup(AuthorizeResult.DENY);
    const promise = run({
      service: 'component:default/orders',
      answers: { tier: 'gold' },
    });
    await expect(promise).rejects.toBeInstanceOf(NotAllowedError);
    await expect(promise).rejects.toThrow(
      "Missing permission 'golden-paths.upgrade'",
    );
  });

  it('refuses a local repository with uncommitted changes', async () => {
    const { run } = setup();
    const file = path.join(reposDir, 'orders', 'scratch.txt');
    fs.writeFileSync(file, 'not committed\n');
    try {
      await expect(
        run({ service: 'component:default/orders', answers: { tier: 'gold' } }),
      ).rejects.toBeInstanceOf(ConflictError);
    } finally {
      fs.rmSync(file);
    }
  });

  it('commits the upgrade of a local repository on a new branch, by the user, and logs the conflicts', async () => {
    const { run } = setup();
    const dir = path.join(reposDir, 'orders');
    const before = snapshotRepo(dir);
    const { outputs, logger } = await run({
      service: 'component:default/orders',
      answers: '{"tier": "gold"}',
    });
    expect(outputs).toMatchObject({
      status: 'conflicts',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      branch: `golden-path/upgrade-${TEMPLATE}-2.0.0`,
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(outputs.changes).toEqual(
      expect.arrayContaining([{ path: 'src/health.ts', action: 'added' }]),
    );
    expect(outputs.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'settings.yaml', kind: 'content' }),
      ]),
    );
    expect(outputs.summary).toContain('settings.yaml: content');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Conflict in settings.yaml (content)'),
    );
    expect(
      git(dir, 'log', '-1', '--format=%an <%ae>', String(outputs.branch)),
    ).toBe('Ada Lovelace <ada@northwind.example>');
    // The working copy (what the catalog reads) stays on main, unchanged.
    expect(snapshotRepo(dir).files).toEqual(before.files);
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('upgrades a service fetched into the workspace in place, for a pull request', async () => {
    const { run } = setup();
    const workspace = path.join(root, 'workspace');
    await scaffold(path.join(workspace, 'service'));
    const { outputs } = await run(
      { service: 'service', answers: { tier: 'silver' } },
      workspace,
    );
    expect(outputs).toMatchObject({
      status: 'conflicts',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
    });
    expect(outputs.branch).toBeUndefined();
    const files = listTree(path.join(workspace, 'service'));
    expect(files['src/health.ts']).toBe("export const tier = 'silver';\n");
    expect(files['src/legacy.ts']).toBeUndefined();
    expect(files['src/config.ts']).toContain('retries: 5');
    expect(files['settings.yaml']).toContain('<<<<<<< ours');
    expect(JSON.parse(files['.conway/golden-path.json'])).toMatchObject({
      version: '2.0.0',
      answers: { tier: 'silver' },
    });
  });

  it('changes nothing on a dry run', async () => {
    const { run } = setup();
    const workspace = path.join(root, 'dry-workspace');
    await scaffold(path.join(workspace, 'service'));
    const before = listTree(workspace);
    const { outputs } = await run(
      { service: 'service', answers: { tier: 'gold' }, dryRun: true },
      workspace,
    );
    expect(outputs.status).toBe('dry-run');
    expect((outputs.changes as unknown[]).length).toBeGreaterThan(0);
    expect(listTree(workspace)).toEqual(before);
  });
});

describe('golden-path:upgrade-target', () => {
  const runTarget = async (service: string) => {
    const { target } = setup();
    const ctx = createMockActionContext({ input: { service } });
    await target.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it('finds a local repository', async () => {
    expect(await runTarget('component:default/orders')).toEqual({
      type: 'local',
      local: true,
      github: false,
      location: path.join(reposDir, 'orders'),
      template: TEMPLATE,
    });
  });

  it('finds the local repository named after a component without a location', async () => {
    expect(await runTarget('component:legacy/orders')).toMatchObject({
      type: 'local',
      location: path.join(reposDir, 'orders'),
    });
  });

  it('finds a GitHub repository, with what fetch:plain and the pull request need', async () => {
    expect(await runTarget('component:default/payments')).toEqual({
      type: 'github',
      local: false,
      github: true,
      location: 'https://github.com/northwind/payments',
      template: TEMPLATE,
      repoUrl: 'github.com?owner=northwind&repo=payments',
      fetchUrl: 'https://github.com/northwind/payments/tree/main',
    });
  });

  it('refuses a component that was not made from a golden path', async () => {
    await expect(runTarget('user:default/ada.lovelace')).rejects.toThrow(
      /not scaffolded from a golden path/,
    );
  });
});

describe('templates/upgrade-service', () => {
  const template = parseYaml(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../templates/upgrade-service/template.yaml',
      ),
      'utf8',
    ),
  );

  it('is a valid Template that is not itself a golden path', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    expect(template.metadata.annotations?.['conway.dev/template-version']).toBe(
      undefined,
    );
  });

  it('only gives the golden-path actions inputs they declare', () => {
    const { action, target } = setup();
    const declared: Record<string, string[]> = Object.fromEntries(
      [action, target].map(a => [
        a.id,
        Object.keys((a.schema?.input as any)?.properties ?? {}),
      ]),
    );
    const steps: Array<{ action: string; input: object; if?: string }> =
      template.spec.steps;
    expect(steps.map(s => s.action)).toEqual([
      'golden-path:upgrade-target',
      'golden-path:upgrade',
      'fetch:plain',
      'golden-path:upgrade',
      'publish:github:pull-request',
    ]);
    for (const step of steps.filter(s => s.action in declared)) {
      expect(declared[step.action]).toEqual(
        expect.arrayContaining(Object.keys(step.input)),
      );
    }
    // Every step after the first depends on where the repository lives.
    expect(
      steps
        .slice(1)
        .every(s => /steps\.target\.output\.(local|github)/.test(s.if ?? '')),
    ).toBe(true);
  });
});
