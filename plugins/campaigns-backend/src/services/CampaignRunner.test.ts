/*
 * A campaign over real local git repositories generated from
 * templates/typescript-service (some edited by their teams, one conflicting,
 * one broken, one exempted by its owners) and one GitHub-hosted service
 * whose pull request goes to a LOCAL HTTP TEST DOUBLE of the GitHub API,
 * with the state in SQLite, worked by the runner run after run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  Campaign,
  CampaignService,
} from '@conway/plugin-campaigns-common';
import { GitHubPullRequests } from '@conway/plugin-campaigns-node';
/* eslint-disable @backstage/no-forbidden-package-imports -- the campaign fleet and the GitHub API test double of the node library's tests, shared rather than copied; not public API */
import {
  createTemplateHistory,
  generateService,
  git,
  IDENTITY,
  teamEdit,
  tempRoot,
  type TemplateHistory,
} from '@conway/plugin-campaigns-node/src/__testUtils__/fleet';
import { GitHubApiTestDouble } from '@conway/plugin-campaigns-node/src/__testUtils__/GitHubApiTestDouble';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import type { CheckStatus } from '@conway/plugin-scorecards-common';
import knexFactory, { Knex } from 'knex';
import { CampaignRunner } from './CampaignRunner';
import { CampaignsService } from './CampaignsService';
import { CampaignStore } from './CampaignStore';

jest.setTimeout(180_000);

let root: string;
let reposDir: string;
let history: TemplateHistory;
let github: GitHubApiTestDouble;
let knex: Knex;
let store: CampaignStore;
let runner: CampaignRunner;
let campaigns: CampaignsService;
const announced: string[] = [];
/** TEST DOUBLE of the scorecards' results (the real source reads their HTTP API). */
const checkStatuses = new Map<string, CheckStatus>();
const remotes: Record<string, string> = {};

const group = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', profile: { displayName }, children: [] },
});

const component = (
  name: string,
  owner: string,
  location: string,
  version: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    title: `${name[0].toUpperCase()}${name.slice(1)} service`,
    annotations: {
      'backstage.io/managed-by-location': location,
      'conway.dev/template': 'typescript-service',
      'conway.dev/template-version': version,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: `group:default/${owner}`,
  },
});

const users: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/team-payments'],
  'user:default/bob': ['user:default/bob', 'group:default/team-checkout'],
  'user:default/sre': ['user:default/sre', 'group:default/team-sre'],
};
const asUser = (ref: string) => mockCredentials.user(ref);

let campaign: Campaign;

beforeAll(async () => {
  root = tempRoot();
  reposDir = path.join(root, 'repositories');
  fs.mkdirSync(reposDir, { recursive: true });
  history = await createTemplateHistory(root);
  github = await new GitHubApiTestDouble().start();
  const local = (name: string) =>
    `file:${path.join(reposDir, name, 'catalog-info.yaml')}`;
  const make = (name: string, owner: string) =>
    generateService(history, path.join(reposDir, name), name, owner);

  const orders = await make('orders', 'team-checkout');
  teamEdit(
    orders,
    'README.md',
    t => `${t}\n## Runbook\n\nPage the checkout team.\n`,
    'Runbook',
  );
  await make('billing', 'team-checkout');
  const payments = await make('payments', 'team-payments');
  teamEdit(
    payments,
    'k8s/base/deployment.yaml',
    t => t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 3'),
    'Fewer ReplicaSets',
  );
  const ledger = await make('ledger', 'team-payments');
  teamEdit(
    ledger,
    '.conway/golden-path.json',
    t => t.replace(`"version": "${history.current}"`, '"version": "0.0.1"'),
    'Hand-edited record',
  );
  await make('legacy', 'team-payments');
  const inventory = await generateService(
    history,
    path.join(root, 'work', 'inventory'),
    'inventory',
    'team-checkout',
  );
  remotes.inventory = path.join(root, 'github', 'inventory.git');
  git(root, 'clone', '--quiet', '--bare', inventory, remotes.inventory);

  const v = history.current;
  const catalog = catalogServiceMock({
    entities: [
      group('team-checkout', 'Checkout'),
      group('team-payments', 'Payments'),
      component('orders', 'team-checkout', local('orders'), v),
      component('billing', 'team-checkout', local('billing'), v),
      component('payments', 'team-payments', local('payments'), v),
      component('ledger', 'team-payments', local('ledger'), v),
      component('legacy', 'team-payments', local('legacy'), v),
      component(
        'inventory',
        'team-checkout',
        'url:https://github.com/northwind/inventory/blob/main/catalog-info.yaml',
        v,
      ),
      component('current', 'team-checkout', local('current'), history.next),
      // Another golden path's service: no typescript-service upgrade for it.
      {
        ...component('reports', 'team-checkout', local('reports'), '2.0.0'),
        metadata: {
          name: 'reports',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': local('reports'),
            'conway.dev/template': 'python-service',
            'conway.dev/template-version': '2.0.0',
          },
        },
      },
    ],
  });

  knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  store = await CampaignStore.create({
    database: { getClient: async () => knex } as any,
  });
  runner = new CampaignRunner({
    store,
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    repositories: new LocalRepositories(reposDir),
    templateVersions: { source: async () => history.source },
    github: {
      token: 'test-token',
      pullRequests: new GitHubPullRequests({
        apiBaseUrl: github.baseUrl,
        token: 'test-token',
      }),
      remoteUrl: ({ repo }) => remotes[repo],
    },
    checks: { statuses: async () => new Map(checkStatuses) },
    author: IDENTITY,
    concurrency: 2,
    onChange: async (_c, service) => {
      announced.push(`${service.entityRef} ${service.state}`);
    },
  });
  campaigns = new CampaignsService({
    store,
    runner,
    permissions: mockServices.permissions.mock({
      authorize: async (requests, options) =>
        requests.map(() => ({
          result:
            (options.credentials.principal as any).userEntityRef ===
            'user:default/sre'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    }),
    userInfo: {
      getUserInfo: async credentials => {
        const ref = (credentials.principal as any).userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: users[ref] ?? [ref] };
      },
    },
    templateVersions: { source: async () => history.source },
    triggerRun: async () => {},
  });
});

afterAll(async () => {
  await github.stop();
  await knex.destroy();
  await history.source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

const byRef = (services: CampaignService[]) =>
  Object.fromEntries(
    services.map(s => [s.entityRef.replace('component:default/', ''), s]),
  );

describe('a campaign over real local repositories', () => {
  it('is started by the platform team only, and lists the services behind at once', async () => {
    const request = {
      title: 'Replica history',
      target: {
        type: 'template-release' as const,
        template: 'typescript-service',
        minVersion: history.next,
      },
      deadline: '2027-01-31',
    };
    await expect(
      campaigns.create(request, asUser('user:default/bob')),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      campaigns.create(
        { ...request, target: { ...request.target, minVersion: '9.9.9' } },
        asUser('user:default/sre'),
      ),
    ).rejects.toThrow(
      /target.minVersion: '9.9.9' is not a released version of 'typescript-service'; known versions: /,
    );
    campaign = await campaigns.create(request, asUser('user:default/sre'));
    expect(campaign).toMatchObject({
      id: 'replica-history',
      status: 'active',
      createdBy: 'user:default/sre',
    });
    const services = byRef(await store.listServices(campaign.id));
    expect(Object.keys(services).sort()).toEqual([
      'billing',
      'inventory',
      'ledger',
      'legacy',
      'orders',
      'payments',
    ]);
    expect(services.orders).toMatchObject({
      title: 'Orders service',
      owner: 'group:default/team-checkout',
      ownerTitle: 'Checkout',
      state: 'not-started',
      fromVersion: history.current,
      toVersion: history.next,
    });
  });

  it('lets only the owners exempt their service, with a reason', async () => {
    const exemption = {
      entityRef: 'component:default/legacy',
      reason: 'Retired in January',
    };
    await expect(
      campaigns.exempt(campaign.id, exemption, asUser('user:default/bob')),
    ).rejects.toThrow(
      'Only members of group:default/team-payments may exempt component:default/legacy',
    );
    await expect(
      campaigns.exempt(campaign.id, exemption, asUser('user:default/sre')),
    ).rejects.toThrow(NotAllowedError);
    const exempted = await campaigns.exempt(
      campaign.id,
      exemption,
      asUser('user:default/ada'),
    );
    expect(exempted).toMatchObject({
      state: 'exempted',
      exemption: { reason: 'Retired in January', by: 'user:default/ada' },
    });
  });

  it('prepares each change: branches with the teams’ edits kept, a pull request, a conflict listed, a failure with its error', async () => {
    const summary = await runner.run(campaign);
    expect(summary).toMatchObject({ added: 0, changed: 5 });
    const services = byRef(await store.listServices(campaign.id));
    const states = Object.fromEntries(
      Object.entries(services).map(([k, s]) => [k, s.state]),
    );
    expect(states).toEqual({
      billing: 'branch-open',
      inventory: 'pr-open',
      ledger: 'failed',
      legacy: 'exempted',
      orders: 'branch-open',
      payments: 'conflicted',
    });
    const branch = 'conway/campaign-replica-history';
    expect(services.orders).toMatchObject({
      branch,
      repository: `local:${path.join(reposDir, 'orders')}`,
    });
    const orders = path.join(reposDir, 'orders');
    expect(git(orders, 'show', `${branch}:README.md`)).toContain(
      'Page the checkout team.',
    );
    expect(git(orders, 'show', `${branch}:k8s/base/deployment.yaml`)).toContain(
      'revisionHistoryLimit: 10',
    );
    expect(git(orders, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(orders, 'show', 'main:k8s/base/deployment.yaml')).toContain(
      'revisionHistoryLimit: 5',
    );
    expect(services.payments.conflicts).toEqual([
      { path: 'k8s/base/deployment.yaml', kind: expect.any(String) },
    ]);
    expect(git(path.join(reposDir, 'payments'), 'branch', '--list')).toBe(
      '* main',
    );
    // The row's versions and its error agree: the record says 0.0.1, which
    // the template never had; the requested version is not the problem.
    expect(services.ledger.error).toMatch(
      /^version recorded in \.conway\/golden-path\.json: Unknown version 0\.0\.1 /,
    );
    expect(services.ledger).toMatchObject({
      fromVersion: '0.0.1',
      toVersion: history.next,
    });
    expect(git(path.join(reposDir, 'ledger'), 'branch', '--list')).toBe(
      '* main',
    );
    expect(services.inventory.pullRequest).toEqual({
      number: 1,
      url: 'https://github.com/northwind/inventory/pull/1',
    });
    expect(
      git(remotes.inventory, 'show', `${branch}:k8s/base/deployment.yaml`),
    ).toContain('revisionHistoryLimit: 10');
    expect(announced.sort()).toEqual([
      'component:default/billing branch-open',
      'component:default/inventory pr-open',
      'component:default/ledger failed',
      'component:default/orders branch-open',
      'component:default/payments conflicted',
    ]);
  });

  it('detects merged changes on the next run and announces nothing twice', async () => {
    announced.length = 0;
    const billing = path.join(reposDir, 'billing');
    git(
      billing,
      'merge',
      '--quiet',
      '--no-ff',
      '-m',
      'Merge the campaign',
      'conway/campaign-replica-history',
    );
    github.finish(1, true);
    await runner.run(campaign);
    const services = byRef(await store.listServices(campaign.id));
    expect(services.billing.state).toBe('merged');
    expect(services.inventory.state).toBe('merged');
    expect(services.orders.state).toBe('branch-open');
    expect(services.payments.state).toBe('conflicted');
    expect(announced.sort()).toEqual([
      'component:default/billing merged',
      'component:default/inventory merged',
    ]);
  });

  it('shows the campaign per team with the burndown', async () => {
    const detail = await campaigns.get(campaign.id, asUser('user:default/ada'));
    expect(detail.canManage).toBe(false);
    expect(detail.ownershipRefs).toContain('group:default/team-payments');
    expect(detail.campaign).toMatchObject({ total: 6, done: 3, overdue: 0 });
    expect(detail.teams.map(t => [t.ownerTitle, t.total, t.done])).toEqual([
      ['Payments', 3, 1],
      ['Checkout', 3, 2],
    ]);
    const today = detail.burndown.find(
      p =>
        p.remaining !== undefined &&
        p.date === new Date().toISOString().slice(0, 10),
    );
    expect(today?.remaining).toBe(3);
  });

  it('lets only the platform team edit and close it', async () => {
    await expect(
      campaigns.update(
        campaign.id,
        { deadline: '2027-02-28' },
        asUser('user:default/ada'),
      ),
    ).rejects.toThrow(NotAllowedError);
    expect(
      await campaigns.update(
        campaign.id,
        { deadline: '2027-02-28' },
        asUser('user:default/sre'),
      ),
    ).toMatchObject({
      deadline: '2027-02-28',
    });
    await expect(
      campaigns.close(campaign.id, asUser('user:default/bob')),
    ).rejects.toThrow(NotAllowedError);
    expect(
      await campaigns.close(campaign.id, asUser('user:default/sre')),
    ).toMatchObject({ status: 'closed' });
    expect(await runner.runActive()).toEqual([]);
  });
});

describe('a campaign from a failing scorecard check', () => {
  const sre = asUser('user:default/sre');

  it('only tracks when no upgrade fixes the check: a service is done once the check passes', async () => {
    const tracked = await campaigns.create(
      {
        title: 'On-call everywhere',
        target: {
          type: 'scorecard-check',
          scorecardId: 'production-readiness',
          checkId: 'on-call',
          entityRefs: ['component:default/orders', 'component:default/ledger'],
        },
        deadline: '2027-01-31',
      },
      sre,
    );
    checkStatuses.set('component:default/orders', 'fail');
    checkStatuses.set('component:default/ledger', 'fail');
    await runner.run(tracked);
    let services = byRef(await store.listServices(tracked.id));
    expect(Object.keys(services).sort()).toEqual(['ledger', 'orders']);
    expect(services.orders.state).toBe('not-started');
    expect(services.ledger.state).toBe('not-started');
    // Conway prepared nothing: the owners make the change.
    expect(
      git(path.join(reposDir, 'orders'), 'branch', '--list', '*on-call*'),
    ).toBe('');

    checkStatuses.set('component:default/orders', 'pass');
    const summary = await runner.run(tracked);
    expect(summary.changed).toBe(1);
    services = byRef(await store.listServices(tracked.id));
    expect(services.orders).toMatchObject({ state: 'merged' });
    expect(services.orders.doneAt).toBeDefined();
    expect(services.ledger.state).toBe('not-started');
  });

  it('prepares the golden-path upgrade for the failing services made from that golden path', async () => {
    const upgrade = await campaigns.create(
      {
        title: 'Current golden path',
        target: {
          type: 'scorecard-check',
          scorecardId: 'golden-path',
          checkId: 'golden-path-current',
          entityRefs: [
            'component:default/orders',
            'component:default/payments',
            'component:default/reports',
          ],
          template: 'typescript-service',
          minVersion: history.next,
        },
        deadline: '2027-01-31',
      },
      sre,
    );
    await runner.run(upgrade);
    const services = byRef(await store.listServices(upgrade.id));
    // reports is on python-service: this upgrade is not its fix.
    expect(Object.keys(services).sort()).toEqual(['orders', 'payments']);
    expect(services.orders).toMatchObject({
      state: 'branch-open',
      branch: 'conway/campaign-current-golden-path',
      fromVersion: history.current,
      toVersion: history.next,
    });
    expect(services.payments.state).toBe('conflicted');
  });
});
