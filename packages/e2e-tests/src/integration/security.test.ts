/*
 * A shared portal, checked against the real backend (embedded default, SQLite):
 *
 * - every backend plugin that packages/backend/src/index.ts mounts refuses
 *   requests without a token and with a garbage token, and answers the same
 *   request with a valid one; a plugin added without a probe here fails;
 * - Conway's permission policy with two real users of the example org: Ada
 *   (team-checkout, signed in through the guest provider) and Anouk (team-sre,
 *   the platform group, signed in through the test-double provider that only
 *   this test configures);
 * - Templates registered through the catalog API are refused.
 *
 * Needs: git and kubectl (kustomize) on PATH, for the scaffolder task that completes.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  makeTempDir,
  repoRoot,
  startBackend,
  TestBackend,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';

jest.setTimeout(300_000);

const BACKEND_DIR = path.join(repoRoot, 'packages/backend');

/** Who the valid request is made as: most APIs serve users, the event bus serves other backends. */
type Caller = 'user' | 'service';

interface Probe {
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  validAs?: Caller;
}

/** One request per backend plugin; the key is the plugin's id (its /api/<id> prefix). */
const PROBES: Record<string, Probe> = {
  catalog: { path: '/api/catalog/entities?limit=1' },
  scaffolder: { path: '/api/scaffolder/v2/actions' },
  search: { path: '/api/search/query?term=checkout' },
  kubernetes: { path: '/api/kubernetes/clusters' },
  'kubernetes-consistency': { path: '/api/kubernetes-consistency/report' },
  ownership: { path: '/api/ownership/summary' },
  'golden-paths': { path: '/api/golden-paths/templates' },
  scorecards: { path: '/api/scorecards/overview' },
  campaigns: { path: '/api/campaigns/campaigns' },
  permission: {
    method: 'POST',
    path: '/api/permission/authorize',
    body: {
      items: [
        {
          id: 'probe',
          permission: {
            type: 'basic',
            name: 'golden-paths.read',
            attributes: { action: 'read' },
          },
        },
      ],
    },
  },
  notifications: { path: '/api/notifications/status' },
  'user-settings': { path: '/api/user-settings/buckets/probe/keys/probe' },
  events: {
    method: 'POST',
    path: '/api/events/bus/v1/events',
    body: { event: { topic: 'conway.security-probe', payload: {} } },
    validAs: 'service',
  },
  proxy: { path: '/api/proxy/probe' },
  auth: { path: '/api/auth/v1/userinfo' },
};

/**
 * Plugins whose routes are public by design, with the reason. The auth
 * plugin's sign-in routes and key set must be public (you have no token yet),
 * but its user API is probed above.
 */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  app: 'serves the built frontend (HTML, JS, frontend-visible config) to browsers that have not signed in yet',
  signals:
    "a WebSocket push channel with no HTTP API: Backstage's plugin checks the token on upgrade and refuses a bad one; an anonymous connection receives only broadcast signals, which name no data",
};

/** Routes our own plugins open to unauthenticated callers: liveness only, no data. */
const ALLOWED_UNAUTHENTICATED_PATHS = ['/health'];

/** The backend plugins packages/backend/src/index.ts mounts, read from their package.json. */
function mountedPlugins(): string[] {
  const index = fs.readFileSync(path.join(BACKEND_DIR, 'src/index.ts'), 'utf8');
  const plugins = new Set<string>();
  for (const [, pkg] of index.matchAll(
    /backend\.add\(\s*import\('([^']+)'\)/g,
  )) {
    const manifest = require(require.resolve(`${pkg}/package.json`, {
      paths: [BACKEND_DIR],
    }));
    const { role, pluginId } = manifest.backstage ?? {};
    if (!pluginId) throw new Error(`${pkg} declares no backstage.pluginId`);
    if (role === 'backend-plugin') plugins.add(pluginId);
  }
  // Features defined in the backend itself must be modules of the plugins above.
  for (const [, name] of index.matchAll(
    /backend\.add\(\s*([A-Za-z_$][\w$]*)\s*\)/g,
  )) {
    const source = fs
      .readdirSync(path.join(BACKEND_DIR, 'src/modules'))
      .map(f =>
        fs.readFileSync(path.join(BACKEND_DIR, 'src/modules', f), 'utf8'),
      )
      .find(text => new RegExp(`export const ${name}\\s*=`).test(text));
    if (
      !source ||
      !new RegExp(`export const ${name}\\s*=\\s*createBackendModule\\(`).test(
        source,
      )
    ) {
      throw new Error(
        `backend feature '${name}' is not a module from src/modules: give its plugin a probe in security.test.ts`,
      );
    }
  }
  return [...plugins].sort();
}

describe('a shared portal', () => {
  const dataDir = makeTempDir('security');
  let backend: TestBackend;
  const tokens: Record<'ada' | 'anouk', string> = { ada: '', anouk: '' };

  async function testDoubleToken(user: string) {
    const res = await fetch(
      `${backend.url}/api/auth/test-double/refresh?user=${user}`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    if (!res.ok)
      throw new Error(
        `test-double sign-in as ${user}: ${res.status} ${await res.text()}`,
      );
    return (await res.json()).backstageIdentity.token as string;
  }

  const as = (who: 'ada' | 'anouk', init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(init.headers as object),
    },
  });

  beforeAll(async () => {
    backend = await startBackend({
      dataDir,
      config: [
        {
          // TEST DOUBLE sign-in (packages/backend/src/modules/testDoubleSignIn.ts), for a second user.
          auth: { providers: { 'test-double': {} } },
          // Only what the platform team configured may define templates (not the temp dirs of other tests).
          conway: { goldenPaths: { templateLocations: [] } },
        },
      ],
    });
    await waitFor('the typescript-service template', () =>
      getEntity(backend, 'template:default/typescript-service'),
    );
    await waitFor('Anouk in team-sre', async () => {
      const user = await getEntity(backend, 'user:default/anouk.bakker');
      return user?.relations?.some(
        r => r.targetRef === 'group:default/team-sre',
      )
        ? user
        : undefined;
    });
    tokens.ada = await guestToken(backend);
    tokens.anouk = await testDoubleToken('anouk.bakker');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  describe('every API refuses unauthenticated requests', () => {
    const plugins = mountedPlugins();

    it('has a probe (or a stated reason) for every plugin the backend mounts', () => {
      const missing = plugins.filter(p => !PROBES[p] && !PUBLIC_BY_DESIGN[p]);
      expect({ missing }).toEqual({ missing: [] });
      expect(plugins).toEqual(
        expect.arrayContaining(['catalog', 'scaffolder', 'permission', 'auth']),
      );
    });

    it.each(plugins.filter(p => PROBES[p]))(
      '%s: 401 without a token and with a garbage token, served with a valid one',
      async pluginId => {
        const probe = PROBES[pluginId];
        const request = (authorization?: string) =>
          fetch(`${backend.url}${probe.path}`, {
            method: probe.method ?? 'GET',
            headers: {
              'content-type': 'application/json',
              ...(authorization ? { authorization } : {}),
            },
            body: probe.body ? JSON.stringify(probe.body) : undefined,
          });
        const anonymous = await request();
        const garbage = await request('Bearer not.a.token');
        const valid = await request(
          `Bearer ${probe.validAs === 'service' ? TEST_TOKEN : tokens.ada}`,
        );
        expect({
          pluginId,
          anonymous: anonymous.status,
          garbage: garbage.status,
        }).toEqual({
          pluginId,
          anonymous: 401,
          garbage: 401,
        });
        // Served: not refused, and no server error (a 404 from a route that needs configuration is fine).
        expect({ pluginId, valid: valid.status }).toEqual({
          pluginId,
          valid: expect.any(Number),
        });
        expect([401, 403]).not.toContain(valid.status);
        expect(valid.status).toBeLessThan(500);
      },
    );

    it('opens no route of our own plugins to unauthenticated callers except liveness', () => {
      const opened: string[] = [];
      for (const dir of fs.readdirSync(path.join(repoRoot, 'plugins'))) {
        const src = path.join(repoRoot, 'plugins', dir, 'src');
        if (!fs.existsSync(src)) continue;
        for (const file of fs
          .readdirSync(src, { recursive: true })
          .map(String)) {
          if (!/\.ts$/.test(file) || /\.test\.ts$/.test(file)) continue;
          const text = fs.readFileSync(path.join(src, file), 'utf8');
          for (const [, policy] of text.matchAll(
            /addAuthPolicy\(\s*(\{[^}]*\})/g,
          )) {
            const pathMatch = /path:\s*'([^']+)'/.exec(policy);
            if (/allow:\s*'unauthenticated'/.test(policy)) {
              opened.push(`${dir}: ${pathMatch?.[1] ?? policy}`);
            }
          }
        }
      }
      expect(
        opened.filter(
          o => !ALLOWED_UNAUTHENTICATED_PATHS.some(p => o.endsWith(`: ${p}`)),
        ),
      ).toEqual([]);
    });
  });

  describe('the permission policy', () => {
    async function decide(who: 'ada' | 'anouk', name: string, action: string) {
      const res = await fetch(
        `${backend.url}/api/permission/authorize`,
        as(who, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            items: [
              {
                id: '1',
                permission: { type: 'basic', name, attributes: { action } },
              },
            ],
          }),
        }),
      );
      expect(res.status).toBe(200);
      return (await res.json()).items[0].result as string;
    }

    it.each([
      ['golden-paths.upgrade.fleet', 'update'],
      ['scaffolder.template.management', 'update'],
      ['golden-path.scaffold.any-owner', 'create'],
    ])(
      'grants %s to the platform group (Anouk), not to a developer (Ada)',
      async (name, action) => {
        expect(await decide('anouk', name, action)).toBe('ALLOW');
        expect(await decide('ada', name, action)).toBe('DENY');
      },
    );

    it('refuses a fleet upgrade to a developer at the golden-paths API; the platform group may (dry run)', async () => {
      const fleetUpgrade = (who: 'ada' | 'anouk') =>
        fetch(
          `${backend.url}/api/golden-paths/templates/typescript-service/upgrades`,
          as(who, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ dryRun: true }),
          }),
        );
      const refused = await fleetUpgrade('ada');
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain(
        "Missing permission 'golden-paths.upgrade.fleet'",
      );
      expect([401, 403]).not.toContain((await fleetUpgrade('anouk')).status);
    });

    it('lets a developer refresh a component but not a Template; the platform group may', async () => {
      const refresh = (who: 'ada' | 'anouk', entityRef: string) =>
        fetch(
          `${backend.url}/api/catalog/refresh`,
          as(who, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ entityRef }),
          }),
        );
      expect(
        (await refresh('ada', 'component:default/checkout-service')).status,
      ).toBe(200);
      expect(
        (await refresh('ada', 'template:default/typescript-service')).status,
      ).toBe(403);
      expect(
        (await refresh('anouk', 'template:default/typescript-service')).status,
      ).toBe(200);
    });

    it('refuses to delete a Template for a developer', async () => {
      const template = await getEntity(
        backend,
        'template:default/typescript-service',
      );
      const res = await fetch(
        `${backend.url}/api/catalog/entities/by-uid/${template!.metadata.uid}`,
        as('ada', { method: 'DELETE' }),
      );
      expect(res.status).toBe(403);
      expect(
        await getEntity(backend, 'template:default/typescript-service'),
      ).toBeDefined();
    });
  });

  describe('scaffolding for a team', () => {
    async function scaffold(who: 'ada' | 'anouk', name: string, owner: string) {
      const res = await fetch(
        `${backend.url}/api/scaffolder/v2/tasks`,
        as(who, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            templateRef: 'template:default/typescript-service',
            values: {
              name,
              owner,
              port: 8080,
              database: 'none',
              ciProvider: 'github-actions',
            },
          }),
        }),
      );
      expect(res.status).toBe(201);
      const { id } = await res.json();
      const task = await waitFor(
        `task ${id}`,
        async () => {
          const t = await backend.fetchJson(`/api/scaffolder/v2/tasks/${id}`);
          return ['completed', 'failed', 'cancelled'].includes(t.status)
            ? t
            : undefined;
        },
        180_000,
      );
      const events: { body: { message: string } }[] = await backend.fetchJson(
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      return {
        status: task.status as string,
        log: events.map(e => e.body.message).join('\n'),
      };
    }

    it('refuses a developer a team she is not in, with a message naming both', async () => {
      const { status, log } = await scaffold(
        'ada',
        'sec-not-my-team',
        'group:default/team-sre',
      );
      expect(status).toBe('failed');
      expect(log).toContain(
        'User user:default/ada.lovelace is not a member of group:default/team-sre; choose a team you belong to',
      );
      expect(
        fs.existsSync(path.join(dataDir, 'repositories/sec-not-my-team')),
      ).toBe(false);
    });

    it('lets a member of the platform group scaffold for any team', async () => {
      const { status, log } = await scaffold(
        'anouk',
        'sec-for-checkout',
        'group:default/team-checkout',
      );
      expect({ status, log }).toEqual({
        status: 'completed',
        log: expect.stringContaining('may scaffold for any owner'),
      });
      const component = await waitFor('the new component', () =>
        getEntity(backend, 'component:default/sec-for-checkout'),
      );
      expect(component.spec?.owner).toBe('group:default/team-checkout');
    });
  });

  it('refuses a Template registered through the catalog API, saying why', async () => {
    const dir = makeTempDir('sec-template');
    const file = path.join(dir, 'template.yaml');
    fs.writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'sec-rogue-template' },
        spec: {
          owner: 'group:default/team-checkout',
          type: 'service',
          steps: [],
        },
      }),
    );
    const res = await fetch(
      `${backend.url}/api/catalog/locations`,
      as('ada', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'file', target: file }),
      }),
    );
    expect(res.status).toBe(201);
    const message = await waitFor('the refusal', async () => {
      const failed = await backend.fetchJson(
        '/api/catalog/entities/unprocessed/failed',
      );
      const pending = await backend.fetchJson(
        '/api/catalog/entities/unprocessed/pending',
      );
      return [...failed.entities, ...pending.entities]
        .flatMap((e: any) =>
          (e.errors ?? []).map((err: any) => String(err.message)),
        )
        .find((m: string) => m.includes('sec-rogue-template'));
    });
    expect(message).toContain(
      `Template 'template:default/sec-rogue-template' from file:${file} is refused`,
    );
    expect(
      await getEntity(backend, 'template:default/sec-rogue-template'),
    ).toBeUndefined();
  });
});
