import fs from 'node:fs';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
/* eslint-disable @backstage/no-forbidden-package-imports -- the upgrade engine's own test fixtures (a real template repository with v1 and v2, a team's edits), shared rather than copied; not public API */
import {
  commitTemplate,
  git,
  initRepo,
  removeTempDirs,
  snapshotRepo,
  tempDir,
  writeTree,
} from '@conway/golden-path/src/upgrade/__testUtils__/gitRepos';
import {
  ANSWERS,
  TEAM_DELETIONS,
  TEAM_EDITS,
  TEMPLATE,
  V1,
  V2,
} from '@conway/golden-path/src/upgrade/__testUtils__/tinyTemplate';
/* eslint-enable @backstage/no-forbidden-package-imports */
import request from 'supertest';
import { goldenPathsPlugin } from './plugin';

jest.setTimeout(120_000);

/** v3: v2 whose new `tier` parameter has a default, so a fleet upgrade needs no answers. */
const V3 = {
  ...V2,
  'template.yaml': (V2['template.yaml'] as string)
    .replace(
      'conway.dev/template-version: 2.0.0',
      'conway.dev/template-version: 3.0.0',
    )
    .replace(
      'enum: [gold, silver]\n',
      'enum: [gold, silver]\n          default: silver\n',
    ),
  'CHANGELOG.md': (V2['CHANGELOG.md'] as string).replace(
    '## 2.0.0',
    '## 3.0.0 - 2026-11-22\n\n- Tier defaults to silver.\n\n## 2.0.0',
  ),
};

const USER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: {
    profile: { displayName: 'Mock User', email: 'mock@northwind.example' },
  },
};

let root: string;
let templatesRepo: string;
let reposDir: string;

/** Scaffolds a service at v1 with the library and commits it as a local repository. */
async function scaffold(name: string): Promise<string> {
  const v1Dir = path.join(root, 'v1');
  if (!fs.existsSync(v1Dir)) writeTree(v1Dir, V1);
  const dir = path.join(reposDir, name);
  await renderToDirectory(await loadTemplate(v1Dir), { ...ANSWERS, name }, dir);
  initRepo(dir, {}, 'Initial commit from the golden path');
  return dir;
}

function component(
  name: string,
  location: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'conway.dev/template': TEMPLATE,
        'conway.dev/template-version': '1.0.0',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'group:default/team-checkout' },
  };
}

const local = (name: string) =>
  `file:${path.join(reposDir, name, 'catalog-info.yaml')}`;

let entities: Entity[];

beforeAll(async () => {
  root = tempDir('conway-golden-paths-backend-');
  reposDir = path.join(root, 'repositories');
  templatesRepo = initRepo(path.join(root, 'templates-repo'), {
    'README.md': '# Templates\n',
  });
  commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');

  // orders: edited by its team; billing: untouched; dirty: uncommitted work.
  const orders = await scaffold('orders');
  writeTree(orders, TEAM_EDITS);
  for (const file of TEAM_DELETIONS) fs.rmSync(path.join(orders, file));
  git(orders, 'add', '--all');
  git(orders, 'commit', '--quiet', '-m', 'Team edits');
  await scaffold('billing');
  const dirty = await scaffold('dirty');
  fs.writeFileSync(path.join(dirty, 'notes.txt'), 'work in progress\n');
  initRepo(path.join(reposDir, 'handmade'), { 'README.md': '# Handmade\n' });

  commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  commitTemplate(templatesRepo, TEMPLATE, V3, 'tiny-service 3.0.0');

  entities = [
    USER,
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: TEMPLATE,
        namespace: 'default',
        title: 'Tiny service',
        annotations: { 'conway.dev/template-version': '3.0.0' },
      },
      spec: { owner: 'group:default/team-sre', type: 'service' },
    },
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'not-a-golden-path', namespace: 'default' },
      spec: { owner: 'group:default/team-sre', type: 'service' },
    },
    component('orders', local('orders')),
    component('billing', local('billing')),
    component('dirty', local('dirty')),
    component('handmade', local('handmade')),
    component(
      'payments',
      'url:https://github.com/northwind/payments/blob/main/catalog-info.yaml',
    ),
  ];
});

afterAll(() => removeTempDirs());

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const catalog = catalogServiceMock({ entities });
  const { server } = await startTestBackend({
    features: [
      goldenPathsPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      mockServices.rootConfig.factory({
        data: {
          conway: {
            localRepositories: { directory: reposDir },
            goldenPaths: { versions: { repository: templatesRepo } },
          },
        },
      }),
      mockServices.permissions.factory({ result: permission }),
    ],
  });
  return server;
}

const API = '/api/golden-paths';

describe('golden-paths backend', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start();
  });

  it('lists the golden paths with their versions, changelogs and services behind', async () => {
    const res = await request(server).get(`${API}/templates`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [tiny] = res.body.items;
    expect(tiny).toMatchObject({
      name: TEMPLATE,
      entityRef: `template:default/${TEMPLATE}`,
      title: 'Tiny service',
      owner: 'group:default/team-sre',
      currentVersion: '3.0.0',
      serviceCount: 5,
      behindCount: 5,
    });
    expect(tiny.versions).toEqual([
      {
        version: '3.0.0',
        date: '2026-11-22',
        changes: ['Tier defaults to silver.'],
        serviceCount: 0,
      },
      {
        version: '2.0.0',
        changes: ['Health module, service tier.'],
        serviceCount: 0,
      },
      { version: '1.0.0', changes: ['First release.'], serviceCount: 5 },
    ]);
  });

  it('shows each service with its drift, last upgrade and whether the portal can upgrade it', async () => {
    const res = await request(server).get(`${API}/templates/${TEMPLATE}`);
    expect(res.status).toBe(200);
    const byRef = Object.fromEntries(
      res.body.services.map((s: any) => [s.entityRef, s]),
    );
    expect(byRef['component:default/orders']).toMatchObject({
      version: '1.0.0',
      newerVersions: ['2.0.0', '3.0.0'],
      behind: true,
      upgradeable: true,
      repository: { type: 'local', location: path.join(reposDir, 'orders') },
      lastUpgrade: { subject: 'Initial commit from the golden path' },
    });
    expect(byRef['component:default/orders'].drift).toEqual({
      modified: expect.arrayContaining([
        'src/config.ts',
        'settings.yaml',
        'docs/setup.md',
        'scripts/build.sh',
        'assets/logo.bin',
      ]),
      deleted: ['Dockerfile'],
    });
    expect(byRef['component:default/billing'].drift).toEqual({
      modified: [],
      deleted: [],
    });
    expect(byRef['component:default/payments']).toMatchObject({
      upgradeable: false,
      repository: {
        type: 'github',
        location: 'https://github.com/northwind/payments',
      },
      reason: expect.stringContaining('upgrade-service'),
    });
    expect(byRef['component:default/handmade']).toMatchObject({
      upgradeable: false,
      reason: expect.stringContaining('not scaffolded'),
    });
  });

  it('answers 404 for an unknown golden path and 400 for a malformed name', async () => {
    const unknown = await request(server).get(`${API}/templates/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      name: 'NotFoundError',
      message: "No golden path found with name 'nope'",
    });
    const fleet = await request(server)
      .post(`${API}/templates/not-a-golden-path/upgrades`)
      .send({});
    expect(fleet.status).toBe(404);
  });

  it.each([
    [
      'an unknown entity',
      { entityRef: 'component:default/nope' },
      404,
      'NotFoundError',
      /entityRef: no entity 'component:default\/nope'/,
      'orders',
    ],
    [
      'an unknown version, naming targetVersion and the known versions',
      { entityRef: 'component:default/orders', targetVersion: '9.9.9' },
      400,
      'InputError',
      /^targetVersion: .*9\.9\.9.*known versions: 1\.0\.0, 2\.0\.0, 3\.0\.0/,
      'orders',
    ],
    [
      'a version that is not a version',
      { entityRef: 'component:default/orders', targetVersion: 'latest' },
      400,
      'InputError',
      /targetVersion: must be a semantic version/,
      'orders',
    ],
    [
      'missing answers for a new required parameter, naming it',
      { entityRef: 'component:default/orders', targetVersion: '2.0.0' },
      400,
      'InputError',
      /^answers \(tier\): .*tier/,
      'orders',
    ],
    [
      'a dirty working copy',
      { entityRef: 'component:default/dirty' },
      409,
      'ConflictError',
      /uncommitted changes \(notes\.txt\)/,
      'dirty',
    ],
    [
      'a repository that was not scaffolded',
      { entityRef: 'component:default/handmade' },
      400,
      'InputError',
      /not scaffolded by a Conway golden path/,
      'handmade',
    ],
    [
      'a service hosted on GitHub, pointing to the upgrade-service template',
      { entityRef: 'component:default/payments' },
      400,
      'InputError',
      /template:default\/upgrade-service/,
      'orders',
    ],
  ])(
    'refuses %s, leaving the repository untouched',
    async (_case, body, status, name, message, repo) => {
      const dir = path.join(reposDir, repo);
      const before = snapshotRepo(dir);
      const res = await request(server).post(`${API}/upgrades`).send(body);
      expect(res.status).toBe(status);
      expect(res.body.error.name).toBe(name);
      expect(res.body.error.message).toMatch(message);
      expect(snapshotRepo(dir)).toEqual(before);
    },
  );

  it('plans an upgrade without changing anything on a dry run', async () => {
    const dir = path.join(reposDir, 'orders');
    const before = snapshotRepo(dir);
    const res = await request(server)
      .post(`${API}/upgrades`)
      .send({
        entityRef: 'component:default/orders',
        targetVersion: '2.0.0',
        answers: { tier: 'gold' },
        dryRun: true,
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'dry-run',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
    });
    expect(res.body.branch).toBeUndefined();
    expect(res.body.conflicts.length).toBeGreaterThan(0);
    expect(snapshotRepo(dir)).toEqual(before);
  });

  it("upgrades one service on a new branch authored by the requesting user, keeping the team's edits and reporting conflicts", async () => {
    const dir = path.join(reposDir, 'orders');
    const before = snapshotRepo(dir);
    const res = await request(server)
      .post(`${API}/upgrades`)
      .send({
        entityRef: 'component:default/orders',
        targetVersion: '2.0.0',
        answers: { tier: 'gold' },
      });
    expect(res.status).toBe(200);
    const outcome = res.body;
    expect(outcome).toMatchObject({
      entityRef: 'component:default/orders',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      status: 'conflicts',
      branch: `golden-path/upgrade-${TEMPLATE}-2.0.0`,
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(outcome.changes).toEqual(
      expect.arrayContaining([
        { path: 'src/health.ts', action: 'added' },
        { path: 'src/legacy.ts', action: 'deleted' },
        { path: 'bin/build.sh', action: 'renamed', from: 'scripts/build.sh' },
        { path: 'src/config.ts', action: 'merged' },
      ]),
    );
    expect(outcome.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'settings.yaml', kind: 'content' }),
        expect.objectContaining({
          path: 'Dockerfile',
          kind: 'modified-by-template-deleted-by-team',
        }),
      ]),
    );

    // The branch holds the upgrade; the working copy and main are as they were.
    expect(snapshotRepo(dir).files).toEqual(before.files);
    expect(git(dir, 'rev-parse', 'main')).toBe(before.head);
    expect(git(dir, 'log', '-1', '--format=%an <%ae>|%s', outcome.branch)).toBe(
      `Mock User <mock@northwind.example>|Upgrade ${TEMPLATE} from 1.0.0 to 2.0.0`,
    );
    expect(git(dir, 'show', `${outcome.branch}:src/config.ts`)).toContain(
      'retries: 5',
    );
    expect(git(dir, 'show', `${outcome.branch}:settings.yaml`)).toContain(
      '<<<<<<< ours',
    );

    // The same upgrade again: the branch exists.
    const again = await request(server)
      .post(`${API}/upgrades`)
      .send({
        entityRef: 'component:default/orders',
        targetVersion: '2.0.0',
        answers: { tier: 'gold' },
      });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already exists/);

    // A dry run predicts that refusal instead of promising an upgrade.
    const dryRun = await request(server)
      .post(`${API}/upgrades`)
      .send({
        entityRef: 'component:default/orders',
        targetVersion: '2.0.0',
        answers: { tier: 'gold' },
        dryRun: true,
      });
    expect(dryRun.status).toBe(409);
    expect(dryRun.body.error.message).toMatch(/already exists/);
  });

  it('upgrades every local service behind, reporting each outcome', async () => {
    const res = await request(server)
      .post(`${API}/templates/${TEMPLATE}/upgrades`)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      template: TEMPLATE,
      toVersion: '3.0.0',
      durationMs: expect.any(Number),
    });
    const byRef = Object.fromEntries(
      res.body.outcomes.map((o: any) => [o.entityRef, o]),
    );
    expect(Object.keys(byRef).sort()).toEqual([
      'component:default/billing',
      'component:default/dirty',
      'component:default/handmade',
      'component:default/orders',
    ]);
    expect(byRef['component:default/billing']).toMatchObject({
      status: 'upgraded',
      fromVersion: '1.0.0',
      toVersion: '3.0.0',
      branch: `golden-path/upgrade-${TEMPLATE}-3.0.0`,
      conflicts: [],
    });
    expect(byRef['component:default/orders'].status).toBe('conflicts');
    expect(byRef['component:default/dirty']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('uncommitted changes'),
    });
    expect(byRef['component:default/handmade']).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('not scaffolded'),
    });
    const billing = path.join(reposDir, 'billing');
    expect(
      git(
        billing,
        'show',
        `golden-path/upgrade-${TEMPLATE}-3.0.0:src/health.ts`,
      ),
    ).toBe("export const tier = 'silver';");
  });
});

describe('golden-paths backend, when a golden path is released', () => {
  it('shows the new version without a restart', async () => {
    const server = await start();
    const before = await request(server).get(`${API}/templates`);
    expect(before.body.items[0].versions[0].version).toBe('3.0.0');

    commitTemplate(
      templatesRepo,
      TEMPLATE,
      {
        ...V3,
        'template.yaml': (V3['template.yaml'] as string).replace(
          'conway.dev/template-version: 3.0.0',
          'conway.dev/template-version: 3.1.0',
        ),
        'CHANGELOG.md': (V3['CHANGELOG.md'] as string).replace(
          '## 3.0.0',
          '## 3.1.0\n\n- Released while the portal runs.\n\n## 3.0.0',
        ),
      },
      'tiny-service 3.1.0',
    );
    const after = await request(server).get(`${API}/templates`);
    expect(after.body.items[0].versions[0]).toEqual({
      version: '3.1.0',
      changes: ['Released while the portal runs.'],
      serviceCount: 0,
    });
  });
});

describe('golden-paths backend permissions', () => {
  it('refuses reads and upgrades without the permissions', async () => {
    const server = await start(AuthorizeResult.DENY);
    const list = await request(server).get(`${API}/templates`);
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe(
      "Missing permission 'golden-paths.read'",
    );
    const upgrade = await request(server)
      .post(`${API}/upgrades`)
      .send({ entityRef: 'component:default/billing' });
    expect(upgrade.status).toBe(403);
    const fleet = await request(server)
      .post(`${API}/templates/${TEMPLATE}/upgrades`)
      .send({});
    expect(fleet.status).toBe(403);
    expect(fleet.body.error.message).toBe(
      "Missing permission 'golden-paths.upgrade.fleet'",
    );
  });
});
