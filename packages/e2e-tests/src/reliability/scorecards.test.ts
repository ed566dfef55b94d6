/*
 * Scorecards on two real backends (production config) sharing one PostgreSQL
 * database, as two replicas behind a load balancer: each scheduled run
 * happens on one replica only, a change in the catalog is evaluated once, and
 * both replicas serve the same results from the database.
 *
 * Needs: PostgreSQL on 127.0.0.1:5432 (trust auth) and git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import YAML from 'yaml';
import {
  makeTempDir,
  startBackend,
  TestBackend,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { getEntity, queryEntities } from '../lib/catalog';
import {
  dropDatabases,
  pgSettings,
  postgresReachable,
  productionEnv,
} from '../lib/postgres';

jest.setTimeout(300_000);

const prefix = `conway_scorecards_${process.pid}_`;

describe('scorecards on two replicas sharing PostgreSQL', () => {
  const dataDir = makeTempDir('scorecards-replicas');
  let a: TestBackend;
  let b: TestBackend;
  let reachable = false;

  const start = () =>
    startBackend({
      dataDir,
      production: true,
      env: productionEnv(TEST_TOKEN),
      config: [
        {
          backend: { database: { prefix } },
          conway: {
            catalog: { registrationLocationTypes: ['url', 'file'] },
            scorecards: { changeCheckIntervalSeconds: 3, fleetIntervalMinutes: 60 },
          },
        },
      ],
    });

  /** Runs and per-entity result counts, straight from the plugin's database. */
  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ ...pgSettings, database: `${prefix}scorecards` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The overview without its per-request parts: what both replicas must agree on. */
  const overview = async (r: TestBackend) => r.fetchJson('/api/scorecards/overview');

  beforeAll(async () => {
    reachable = await postgresReachable();
    if (!reachable) {
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${pgSettings.host}:${pgSettings.port}. Start one to run the replica tests; CI always runs them.`,
      );
      return;
    }
    // One after the other: the first creates the databases and runs the migrations.
    a = await start();
    b = await start();
    for (const replica of [a, b]) {
      await waitFor('the example org', () => getEntity(replica, 'component:default/checkout-service'), 180_000);
    }
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (reachable) await dropDatabases(prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('evaluates each change once and serves the same results from both replicas', async () => {
    if (!reachable) return;
    // The first change check after start evaluates the fleet; later ones add
    // the services the catalog is still ingesting.
    const first = await waitFor(
      'every service of the catalog evaluated',
      async () => {
        const [o, services] = await Promise.all([
          overview(a),
          queryEntities(a, 'kind=component,spec.type=service'),
        ]);
        return o.serviceCount > 0 && o.serviceCount === services.length ? o : undefined;
      },
      180_000,
    );
    expect(first.scorecards.map((s: { id: string }) => s.id).sort()).toEqual([
      'golden-path',
      'production-readiness',
    ]);

    // A new service registered through replica B.
    const name = 'scorecards-replica-probe';
    const file = path.join(dataDir, `${name}.yaml`);
    fs.writeFileSync(
      file,
      YAML.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, title: 'Replica Probe' },
        spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-checkout', system: 'checkout' },
      }),
    );
    const res = await b.fetch('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: file }),
    });
    expect(res.status).toBe(201);
    const ref = `component:default/${name}`;
    for (const replica of [a, b]) {
      const result = await waitFor(
        `${name} on ${replica.url}`,
        async () => {
          const r = await replica.fetch(`/api/scorecards/entity/component/default/${name}`);
          return r.ok ? r.json() : undefined;
        },
        120_000,
      );
      expect(result.team).toEqual({ ref: 'group:default/team-checkout', title: 'Checkout' });
    }
    // Several change checks have passed on both replicas since: still exactly one result for it.
    await new Promise(resolve => setTimeout(resolve, 8_000));
    const results = await query<{ n: string }>(
      'select count(*) as n from scorecard_results where entity_ref = $1',
      [ref],
    );
    expect(Number(results[0].n)).toBe(1);

    // Both replicas serve the same results (the newest run, read from the database).
    const [oa, ob] = await Promise.all([overview(a), overview(b)]);
    expect(oa).toEqual(ob);
    expect(oa.serviceCount).toBe(first.serviceCount + 1);
  });

  it('runs a requested fleet evaluation once, on one replica', async () => {
    if (!reachable) return;
    const before = await query<{ id: number }>("select id from scorecard_runs where trigger = 'full'");
    const res = await a.fetch('/api/scorecards/refresh', { method: 'POST', body: JSON.stringify({}) });
    expect(res.status).toBe(202);
    await waitFor(
      'the requested fleet run',
      async () => {
        const runs = await query<{ id: number }>("select id from scorecard_runs where trigger = 'full'");
        return runs.length > before.length ? runs : undefined;
      },
      120_000,
    );
    // Several scheduler polls later: no second fleet run on the other replica.
    await new Promise(resolve => setTimeout(resolve, 10_000));
    const after = await query<{ id: number }>("select id from scorecard_runs where trigger = 'full'");
    expect(after.length).toBe(before.length + 1);
    const logs = [a, b].map(r => fs.readFileSync(r.logFile, 'utf8'));
    const newRun = after[after.length - 1].id;
    const mentions = logs.filter(l => l.includes(`fleet run ${newRun} evaluated`));
    expect(mentions).toHaveLength(1);
    const [oa, ob] = await Promise.all([overview(a), overview(b)]);
    expect(oa).toEqual(ob);
  });
});
