import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { makeTempDir, startBackend, TestBackend, TEST_TOKEN, waitFor } from '../lib/backend';
import { getEntity, queryEntities } from '../lib/catalog';
import { dropDatabases, pgSettings, postgresReachable } from '../lib/postgres';

jest.setTimeout(300_000);

const prefix = `conway_e2e_${process.pid}_`;

describe('production configuration on PostgreSQL', () => {
  let backend: TestBackend | undefined;
  let reachable = false;

  beforeAll(async () => {
    reachable = await postgresReachable();
    if (!reachable) {
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${pgSettings.host}:${pgSettings.port}. Start one (or set POSTGRES_HOST/PORT/USER/PASSWORD) to run this test; CI always runs it.`,
      );
      return;
    }
    const dataDir = makeTempDir('pg');
    const templateFile = path.join(dataDir, 'smoke-template.yaml');
    fs.writeFileSync(
      templateFile,
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'pg-smoke' },
        spec: {
          owner: 'group:default/team-sre',
          type: 'service',
          steps: [{ id: 'log', name: 'Log', action: 'debug:log', input: { message: 'on postgres' } }],
        },
      }),
    );
    backend = await startBackend({
      dataDir,
      production: true,
      env: {
        POSTGRES_HOST: pgSettings.host,
        POSTGRES_PORT: String(pgSettings.port),
        POSTGRES_USER: pgSettings.user,
        POSTGRES_PASSWORD: pgSettings.password,
        APP_BASE_URL: 'http://localhost:3000',
        BACKEND_BASE_URL: 'http://localhost:7007',
        BACKEND_EXTERNAL_ACCESS_TOKEN: TEST_TOKEN,
        AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
        AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
      },
      config: [
        {
          backend: { database: { prefix } },
          // The test registers a template from a file; production itself allows only url locations.
          conway: { catalog: { registrationLocationTypes: ['url', 'file'] } },
          catalog: {
            locations: [
              { type: 'file', target: path.resolve(__dirname, '../../../../catalog-info.yaml') },
              { type: 'file', target: templateFile, rules: [{ allow: ['Template'] }] },
            ],
          },
        },
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if (reachable) await dropDatabases(prefix);
  });

  it('stores the catalog in PostgreSQL and serves the example org', async () => {
    if (!reachable) return;
    const b = backend!;
    const teams = await waitFor('teams', async () => {
      const groups = await queryEntities(b, 'kind=group,spec.type=team');
      return groups.length >= 12 ? groups : undefined;
    });
    expect(teams.length).toBeGreaterThanOrEqual(12);
    const client = new Client({ ...pgSettings, database: `${prefix}catalog` });
    await client.connect();
    try {
      // The teams can be stored before the departments and the organisation are: wait for all.
      const groups = await waitFor('every group of the example org in PostgreSQL', async () => {
        const { rows } = await client.query("select count(*)::int as n from final_entities where entity_ref like 'group:%'");
        return rows[0].n >= 17 ? (rows[0].n as number) : undefined;
      });
      expect(groups).toBeGreaterThanOrEqual(17);
    } finally {
      await client.end();
    }
    // People are titled by their display names (catalog-backend-module-display-names).
    const olga = await waitFor('user olga.petrova', () => getEntity(b, 'user:default/olga.petrova'));
    expect(olga.metadata.title).toBe('Olga Petrova');
  });

  it('runs a scaffolder task to completion', async () => {
    if (!reachable) return;
    const b = backend!;
    await waitFor('template', () => getEntity(b, 'template:default/pg-smoke'));
    const created = await b.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: 'template:default/pg-smoke', values: {} }),
    });
    const task = await waitFor('task completion', async () => {
      const t = await b.fetchJson(`/api/scaffolder/v2/tasks/${created.id}`);
      if (t.status === 'failed') throw new Error(`task failed: ${JSON.stringify(t)}`);
      return t.status === 'completed' ? t : undefined;
    });
    expect(task.status).toBe('completed');
  });

  it('offers no guest sign-in in production', async () => {
    if (!reachable) return;
    const res = await fetch(`${backend!.url}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.ok).toBe(false);
    expect([404, 401, 501]).toContain(res.status);
  });
});
