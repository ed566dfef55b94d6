import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { goldenPathsPlugin } from './plugin';

// The real golden path, so the endpoint is checked against the rules users meet.
const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../templates/typescript-service/template.yaml',
);

const group = (
  name: string,
  displayName: string,
  members: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title: displayName },
  spec: { type: 'team', profile: { displayName }, children: [] },
  relations: members.map(m => ({ type: 'hasMember', targetRef: m })),
});

const entities: Entity[] = [
  parseYaml(fs.readFileSync(TEMPLATE_FILE, 'utf8')),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-service',
      namespace: 'default',
      title: 'Checkout Service',
    },
    spec: { type: 'service', owner: 'group:default/team-checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'openapi', owner: 'group:default/team-checkout' },
  },
  group('team-checkout', 'Checkout', ['user:default/mock']),
  group('team-sre', 'SRE'),
  group('team-search', 'Search'),
];

let reposDir: string;

beforeAll(() => {
  reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-form-routes-'));
  fs.mkdirSync(path.join(reposDir, 'orders-api'));
});

afterAll(() => fs.rmSync(reposDir, { recursive: true, force: true }));

/** A backend whose policy allows everything but, unless `anyOwner`, scaffolding for any owner. */
async function start(options: { anyOwner: boolean }) {
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          r.permission.name === 'golden-path.scaffold.any-owner' &&
          !options.anyOwner
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const { server } = await startTestBackend({
    features: [
      goldenPathsPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      mockServices.rootConfig.factory({
        data: { conway: { localRepositories: { directory: reposDir } } },
      }),
      permissions.factory,
    ],
  });
  return server;
}

const API = '/api/golden-paths';

describe('name availability', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start({ anyOwner: false });
  });

  const check = (value: string) =>
    request(server)
      .get(`${API}/templates/typescript-service/name-availability`)
      .query({ value });

  it('accepts a free name', async () => {
    const res = await check('inventory-api');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ available: true });
  });

  it.each([
    [
      'checkout-service',
      "'checkout-service' is taken: the catalog already has Checkout Service (component:default/checkout-service)",
    ],
    [
      'payments',
      "'payments' would add 'payments-api', which the catalog already has: api:default/payments-api",
    ],
    [
      'orders-api',
      `'orders-api' is taken: a repository with that name already exists at ${path.join(
        'REPOS',
        'orders-api',
      )}`,
    ],
    [
      'Orders',
      "'Orders' has upper-case letters: use lower-case letters, digits and dashes only",
    ],
    [
      'orders_api',
      "'orders_api' contains '_': use lower-case letters, digits and dashes only",
    ],
    ['', 'Enter a name'],
  ])('refuses %j in words', async (value, reason) => {
    const res = await check(value);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      available: false,
      reason: reason.replace('REPOS', reposDir),
    });
  });

  it('says which derived name is too long, as the render action does', async () => {
    const res = await check(`a${'b'.repeat(59)}`);
    expect(res.body.available).toBe(false);
    expect(res.body.reason).toMatch(
      /is too long \(at most 58 characters\): the CI pipeline's PostgreSQL database name '.*_test' would be 65 characters, over PostgreSQL's identifier limit of 63$/,
    );
    expect(res.body.reason).not.toMatch(/pattern|\^\[/);
  });

  it('refuses unknown templates and parameters, and bad queries', async () => {
    const unknown = await request(server)
      .get(`${API}/templates/nope/name-availability`)
      .query({ value: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "No template found with name 'nope'",
    );

    const noParam = await check('x').query({ field: 'colour' });
    expect(noParam.status).toBe(400);
    expect(noParam.body.error.message).toBe(
      "Template 'typescript-service' has no parameter 'colour'",
    );

    const noValue = await request(server).get(
      `${API}/templates/typescript-service/name-availability`,
    );
    expect(noValue.status).toBe(400);
    expect(noValue.body.error.message).toMatch(/^Invalid name check: value:/);
  });
});

describe('owner choices', () => {
  it("offers only the user's teams, the first pre-selected", async () => {
    const server = await start({ anyOwner: false });
    const res = await request(server).get(`${API}/owners`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      owners: [
        {
          entityRef: 'group:default/team-checkout',
          title: 'Checkout',
          type: 'team',
          member: true,
        },
      ],
      defaultOwner: 'group:default/team-checkout',
      anyOwner: false,
    });
  });

  it('offers every group to whoever may scaffold for any owner, their own first', async () => {
    const server = await start({ anyOwner: true });
    const res = await request(server).get(`${API}/owners`);
    expect(res.body.anyOwner).toBe(true);
    expect(res.body.defaultOwner).toBe('group:default/team-checkout');
    expect(
      res.body.owners.map((o: { title: string; member: boolean }) => [
        o.title,
        o.member,
      ]),
    ).toEqual([
      ['Checkout', true],
      ['Search', false],
      ['SRE', false],
    ]);
  });
});
