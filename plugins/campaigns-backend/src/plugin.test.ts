/*
 * The campaigns API in a test backend: the platform team starts a campaign
 * over real local repositories, the scheduler's run prepares the changes,
 * owners are notified and may exempt their services; everyone else is
 * refused with 403, bad input with 400 naming the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
/* eslint-disable @backstage/no-forbidden-package-imports -- the campaign fleet of the node library's tests, shared rather than copied; not public API */
import {
  createTemplateHistory,
  generateService,
  teamEdit,
  tempRoot,
  type TemplateHistory,
} from '@conway/plugin-campaigns-node/src/__testUtils__/fleet';
/* eslint-enable @backstage/no-forbidden-package-imports */
import request from 'supertest';
import { campaignsPlugin } from './plugin';

jest.setTimeout(180_000);

let root: string;
let reposDir: string;
let history: TemplateHistory;
const sent: any[] = [];

const OWNERSHIP: Record<string, string[]> = {
  'user:default/sre': ['user:default/sre', 'group:default/team-sre'],
  'user:default/ada': ['user:default/ada', 'group:default/team-payments'],
  'user:default/bob': ['user:default/bob', 'group:default/team-checkout'],
};

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${path.join(
        reposDir,
        name,
        'catalog-info.yaml',
      )}`,
      'conway.dev/template': 'typescript-service',
      'conway.dev/template-version': history.current,
    },
  },
  spec: { type: 'service', owner: `group:default/${owner}` },
});

beforeAll(async () => {
  root = tempRoot();
  reposDir = path.join(root, 'repositories');
  fs.mkdirSync(reposDir, { recursive: true });
  history = await createTemplateHistory(root);
  await generateService(
    history,
    path.join(reposDir, 'orders'),
    'orders',
    'team-checkout',
  );
  const payments = await generateService(
    history,
    path.join(reposDir, 'payments'),
    'payments',
    'team-payments',
  );
  teamEdit(
    payments,
    'k8s/base/deployment.yaml',
    t => t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 3'),
    'Fewer ReplicaSets',
  );
});

afterAll(async () => {
  await history.source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

async function start() {
  const entities = [
    component('orders', 'team-checkout'),
    component('payments', 'team-payments'),
  ];
  const { server } = await startTestBackend({
    features: [
      campaignsPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (options: any) => void sent.push(options),
        }),
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          getUserInfo: async (credentials: any) => {
            const ref = credentials.principal.userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: OWNERSHIP[ref] ?? [ref],
            };
          },
        }),
      }),
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          requests.map(() => ({
            result:
              (options.credentials.principal as any).userEntityRef ===
              'user:default/sre'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          conway: {
            localRepositories: { directory: reposDir },
            goldenPaths: { versions: { repository: history.repoDir } },
            campaigns: { runIntervalSeconds: 3600 },
          },
        },
      }),
    ],
  });
  return server;
}

const API = '/api/campaigns';
const as = (ref: string) => mockCredentials.user.header(ref);

describe('campaigns backend', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start();
  });

  const body = () => ({
    title: 'Replica history',
    target: {
      type: 'template-release',
      template: 'typescript-service',
      minVersion: history.next,
    },
    deadline: '2027-01-31',
  });

  it('refuses to start a campaign for anyone but the platform team', async () => {
    const res = await request(server)
      .post(`${API}/campaigns`)
      .set('Authorization', as('user:default/bob'))
      .send(body());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /Only the platform team may start campaigns/,
    );
  });

  it('refuses bad input naming the field', async () => {
    const res = await request(server)
      .post(`${API}/campaigns`)
      .set('Authorization', as('user:default/sre'))
      .send({
        ...body(),
        deadline: '2027-02-30',
        target: {
          type: 'template-release',
          template: 'typescript-service',
          minVersion: 'latest',
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /target\.minVersion: must be a semantic version/,
    );
    expect(res.body.error.message).toMatch(
      /deadline: must be a date written YYYY-MM-DD/,
    );
  });

  it('refuses a check campaign with half a golden-path upgrade', async () => {
    const res = await request(server)
      .post(`${API}/campaigns`)
      .set('Authorization', as('user:default/sre'))
      .send({
        ...body(),
        target: {
          type: 'scorecard-check',
          scorecardId: 'golden-path',
          checkId: 'golden-path-current',
          entityRefs: ['component:default/orders'],
          template: 'typescript-service',
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /target\.minVersion: template and minVersion go together/,
    );
  });

  it('starts a campaign whose run prepares each change and notifies the owners', async () => {
    const res = await request(server)
      .post(`${API}/campaigns`)
      .set('Authorization', as('user:default/sre'))
      .send(body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'replica-history',
      createdBy: 'user:default/sre',
    });
    const detail = await request(server)
      .get(`${API}/campaigns/replica-history`)
      .set('Authorization', as('user:default/sre'));
    expect(detail.status).toBe(200);
    expect(detail.body.canManage).toBe(true);
    const states = Object.fromEntries(
      detail.body.teams.flatMap((t: any) =>
        t.services.map((s: any) => [s.entityRef, s.state]),
      ),
    );
    expect(states).toEqual({
      'component:default/orders': 'branch-open',
      'component:default/payments': 'conflicted',
    });
    expect(sent.map(n => [n.recipients.entityRef, n.payload.title])).toEqual(
      expect.arrayContaining([
        [
          'group:default/team-checkout',
          'Replica history: branch ready for orders',
        ],
        [
          'group:default/team-payments',
          'Replica history: payments needs a hand-made upgrade',
        ],
      ]),
    );
    const list = await request(server)
      .get(`${API}/campaigns`)
      .set('Authorization', as('user:default/bob'));
    expect(list.body.items[0]).toMatchObject({
      id: 'replica-history',
      total: 2,
      done: 0,
    });
    expect(list.body.canManage).toBe(false);
  });

  it('lets owners exempt their own service with a reason, and nobody else', async () => {
    const exemption = {
      entityRef: 'component:default/payments',
      reason: 'Rewritten in Q1',
    };
    const refused = await request(server)
      .post(`${API}/campaigns/replica-history/exemptions`)
      .set('Authorization', as('user:default/bob'))
      .send(exemption);
    expect(refused.status).toBe(403);
    const noReason = await request(server)
      .post(`${API}/campaigns/replica-history/exemptions`)
      .set('Authorization', as('user:default/ada'))
      .send({ ...exemption, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason: must not be empty/);
    const ok = await request(server)
      .post(`${API}/campaigns/replica-history/exemptions`)
      .set('Authorization', as('user:default/ada'))
      .send(exemption);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      state: 'exempted',
      exemption: { reason: 'Rewritten in Q1', by: 'user:default/ada' },
    });
  });

  it('lets only the platform team edit, run and close it', async () => {
    for (const [method, url, payload] of [
      ['patch', `${API}/campaigns/replica-history`, { deadline: '2027-03-01' }],
      ['post', `${API}/campaigns/replica-history/run`, {}],
      ['post', `${API}/campaigns/replica-history/close`, {}],
    ] as const) {
      const refused = await (request(server) as any)
        [method](url)
        .set('Authorization', as('user:default/ada'))
        .send(payload);
      expect(refused.status).toBe(403);
      const ok = await (request(server) as any)
        [method](url)
        .set('Authorization', as('user:default/sre'))
        .send(payload);
      expect(ok.status).toBeLessThan(300);
    }
    const detail = await request(server)
      .get(`${API}/campaigns/replica-history`)
      .set('Authorization', as('user:default/ada'));
    expect(detail.body.campaign).toMatchObject({
      status: 'closed',
      deadline: '2027-03-01',
    });
    expect(detail.body.canManage).toBe(false);
  });

  it('keeps the title of the check a campaign fixes, which its pages show', async () => {
    const res = await request(server)
      .post(`${API}/campaigns`)
      .set('Authorization', as('user:default/sre'))
      .send({
        ...body(),
        title: 'Fix: On-call named',
        target: {
          type: 'scorecard-check',
          scorecardId: 'production-readiness',
          checkId: 'on-call',
          checkTitle: 'On-call named',
          entityRefs: ['component:default/orders'],
        },
      });
    expect(res.status).toBe(201);
    const detail = await request(server)
      .get(`${API}/campaigns/${res.body.id}`)
      .set('Authorization', as('user:default/ada'));
    expect(detail.body.campaign.target).toMatchObject({
      checkId: 'on-call',
      checkTitle: 'On-call named',
    });
  });

  it('answers 404 for an unknown campaign', async () => {
    const res = await request(server)
      .get(`${API}/campaigns/nope`)
      .set('Authorization', as('user:default/ada'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("No campaign with id 'nope'");
  });
});
