/*
 * The ownership history (issue 16) on two real backends (production config)
 * sharing one PostgreSQL database, as two replicas behind a load balancer:
 * each scheduled run happens on one replica only, both serve the same stored
 * results, and a replica killed mid-run leaves the previous results and
 * repository states untouched while the next run (on the other replica)
 * completes.
 *
 * Needs: PostgreSQL on 127.0.0.1:5432 (trust auth) and git.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import YAML from 'yaml';
import {
  makeTempDir,
  sleep,
  startBackend,
  TestBackend,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { getEntity } from '../lib/catalog';
import {
  dropDatabases,
  pgSettings,
  postgresReachable,
  productionEnv,
} from '../lib/postgres';

jest.setTimeout(420_000);

const prefix = `conway_history_${process.pid}_`;
/**
 * Commits of the large repository: mining it takes seconds (30,000 took about a second on the
 * 2-core test machine), long enough to kill a replica mid-run.
 */
const BIG_COMMITS = 150_000;
const EXAMPLES = [
  'component:default/checkout-service',
  'component:default/legacy-invoicing',
  'component:default/route-planner',
  'component:default/tracking-page',
];

/** A repository of `commits` small commits by Ada, made with one `git fast-import`. */
function makeBigRepository(dir: string, commits: number) {
  fs.mkdirSync(dir, { recursive: true });
  const git = (args: string[], input?: string) => {
    const r = spawnSync('git', args, { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
  };
  git(['init', '-q', '-b', 'main']);
  const start = Math.floor(Date.now() / 1000) - commits * 60;
  const parts: string[] = [];
  for (let i = 0; i < commits; i++) {
    const who = `Ada Lovelace <ada.lovelace@northwind.example> ${start + i * 60} +0000`;
    const content = `change ${i}\n`;
    parts.push(
      `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\ndata 3\nbig\n`,
      `M 100644 inline src/file${i % 50}.ts\ndata ${content.length}\n${content}\n`,
    );
  }
  git(['fast-import', '--quiet'], parts.join(''));
}

describe('ownership history on two replicas sharing PostgreSQL', () => {
  const dataDir = makeTempDir('history-replicas');
  const sources = path.join(dataDir, 'sources');
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
          conway: { catalog: { registrationLocationTypes: ['url', 'file'] } },
          ownership: {
            history: {
              // Runs every 15 s; a replica that dies mid-run frees the task after a minute.
              intervalMinutes: 0.25,
              initialDelaySeconds: 5,
              timeoutMinutes: 1,
              cacheDirectory: path.join(dataDir, 'ownership-history'),
              directories: [sources],
            },
          },
        },
      ],
    });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ ...pgSettings, database: `${prefix}ownership` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const history = (r: TestBackend) => r.fetchJson('/api/ownership/history');
  const logOf = (r: TestBackend) => fs.readFileSync(r.logFile, 'utf8');
  const componentRefs = (h: any): string[] =>
    (h.report?.components ?? []).map((c: { entityRef: string }) => c.entityRef);

  /** The same stored run, read through both replicas. */
  const sameRunOnBoth = () =>
    waitFor(
      'both replicas serving the same run',
      async () => {
        const [ha, hb] = await Promise.all([history(a), history(b)]);
        return ha.state === 'ready' && ha.completedAt === hb.completedAt ? [ha, hb] : undefined;
      },
      60_000,
    );

  beforeAll(async () => {
    reachable = await postgresReachable();
    if (!reachable) {
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${pgSettings.host}:${pgSettings.port}. Start one to run the replica tests; CI always runs them.`,
      );
      return;
    }
    makeBigRepository(path.join(sources, 'big-history'), BIG_COMMITS);
    // One after the other: the first creates the databases and runs the migrations.
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (reachable) await dropDatabases(prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs each mining once and serves the same stored results from both replicas', async () => {
    if (!reachable) return;
    // Early runs may see the catalog half-ingested; wait for one that mined every example.
    await waitFor(
      'a run with the example repositories',
      async () => {
        const h = await history(b);
        return EXAMPLES.every(ref => componentRefs(h).includes(ref)) ? h : undefined;
      },
      240_000,
    );
    const [ha, hb] = await sameRunOnBoth();
    expect(ha).toEqual(hb);
    const checkout = ha.report.components.find(
      (c: { entityRef: string }) => c.entityRef === 'component:default/checkout-service',
    );
    expect(checkout.commits).toBe(24);
    expect(ha.report.findings.map((f: { id: string }) => f.id)).toContain(
      'team-coordination:group:default/team-checkout:group:default/team-payments',
    );

    // A few scheduled runs later: every run was made by one replica, one after the other.
    await sleep(35_000);
    const runs = await query<{ id: number; started_at: string; completed_at: string }>(
      'select id, started_at, completed_at from ownership_history_runs order by id',
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].started_at >= runs[i - 1].completed_at).toBe(true);
    }
    await sleep(1_000);
    const logs = [logOf(a), logOf(b)];
    for (const { id } of runs) {
      const mentions = logs.filter(l => l.includes(`Ownership history: run ${id} completed`));
      expect(mentions).toHaveLength(1);
    }
  });

  it('keeps the previous results when a replica is killed mid-run, and the next run completes', async () => {
    if (!reachable) return;
    const big = path.join(sources, 'big-history');
    const file = path.join(dataDir, 'history-big.yaml');
    fs.writeFileSync(
      file,
      YAML.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'history-big',
          annotations: { 'backstage.io/source-location': `dir:${big}` },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-checkout' },
      }),
    );
    // From the registration on, a run may read the large repository.
    const offsets = [a, b].map(r => logOf(r).length);
    const res = await a.fetch('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: file }),
    });
    expect(res.status).toBe(201);
    for (const replica of [a, b]) {
      await waitFor('history-big in the catalog', () => getEntity(replica, 'component:default/history-big'), 120_000);
    }

    // Kill the replica with a run in flight. A run can start while the component is being
    // registered (one did, between the two catalog checks above), so the search starts at the
    // registration. A run already over read the catalog before the component was in it (such a
    // run takes milliseconds; one mining the large repository takes seconds): look past it.
    const started = /Ownership history: run started/;
    const runCompleted = /Ownership history: run \d+ completed/;
    const from = [...offsets];
    // Polled every 50 ms rather than waitFor's 500: the kill must land while the run mines.
    let victimIndex = -1;
    for (const deadline = Date.now() + 120_000; victimIndex === -1 && Date.now() < deadline; ) {
      for (let k = 0; k < 2 && victimIndex === -1; k++) {
        const log = logOf([a, b][k]).slice(from[k]);
        const runStart = log.search(started);
        if (runStart === -1) continue;
        const runEnd = log.slice(runStart).search(runCompleted);
        if (runEnd === -1) victimIndex = k;
        else from[k] += runStart + runEnd + 1;
      }
      if (victimIndex === -1) await sleep(50);
    }
    expect(victimIndex).not.toBe(-1);
    const victim = [a, b][victimIndex];
    const survivor = [a, b][1 - victimIndex];
    await victim.kill();
    const victimLog = logOf(victim).slice(from[victimIndex]);
    expect(victimLog).not.toMatch(runCompleted);

    // Nothing of the killed run was written: no results and no state for the large repository.
    const before = await history(survivor);
    expect(componentRefs(before)).not.toContain('component:default/history-big');
    const states = await query<{ repository_key: string }>('select repository_key from ownership_history_state');
    expect(states.some(s => s.repository_key.includes(big))).toBe(false);

    // The task frees itself after its timeout; the survivor's next run completes it.
    const after = await waitFor(
      'a completed run with the large repository',
      async () => {
        const h = await history(survivor);
        return componentRefs(h).includes('component:default/history-big') ? h : undefined;
      },
      300_000,
    );
    const mined = after.report.components.find(
      (c: { entityRef: string }) => c.entityRef === 'component:default/history-big',
    );
    expect(mined).toMatchObject({ commits: BIG_COMMITS, actualTeamRef: 'group:default/team-checkout' });
    // The survivor's first completed run after the kill read it in full (nothing was kept of
    // the killed run); later runs, every 15 s, find it unchanged.
    const survivorIndex = 1 - victimIndex;
    const completed = logOf(survivor)
      .slice(offsets[survivorIndex])
      .match(/Ownership history: run \d+ completed[^"]*: 5 repositories[^"]*/g);
    expect(completed?.[0]).toMatch(/\(1 full, 0 incremental, 4 unchanged, 0 failed\)/);
    const saved = await query<{ repository_key: string }>('select repository_key from ownership_history_state');
    expect(saved.some(s => s.repository_key.includes(big))).toBe(true);
  });
});
