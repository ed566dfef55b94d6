/*
 * Two real backends (production config) on one PostgreSQL database, sharing the local
 * repositories directory, as two replicas of a deployment behind a load balancer would.
 *
 * Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), git and kubectl (kustomize) on PATH.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  makeTempDir,
  repoRoot,
  sleep,
  startBackend,
  TestBackend,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { getEntity } from '../lib/catalog';
import { dropDatabases, pgSettings, postgresReachable, productionEnv } from '../lib/postgres';

jest.setTimeout(300_000);

const prefix = `conway_replicas_${process.pid}_`;
const templatesDir = path.join(__dirname, 'templates');
/** Short stale-task settings so the test is bounded; production uses minutes (app-config.production.yaml). */
const TASK_TIMEOUT_S = 10;
const JANITOR_S = 5;

interface TaskEvent {
  type: string;
  body: { message: string; stepId?: string; status?: string };
}

describe('two replicas on one PostgreSQL database', () => {
  const dataDir = makeTempDir('replicas');
  const repositories = path.join(dataDir, 'repositories');
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
          catalog: {
            locations: [
              { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
              ...['replica-probe', 'slow-service'].map(t => ({
                type: 'file',
                target: path.join(templatesDir, t, 'template.yaml'),
                rules: [{ allow: ['Template'] }],
              })),
            ],
          },
          ownership: { refreshIntervalSeconds: 3 },
          scaffolder: {
            taskTimeout: { seconds: TASK_TIMEOUT_S },
            taskTimeoutJanitorFrequency: { seconds: JANITOR_S },
          },
        },
      ],
    });

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
      await waitFor('the example org and the test templates', async () => {
        const found = await Promise.all(
          ['group:default/team-checkout', 'system:default/checkout', 'template:default/replica-probe', 'template:default/slow-service'].map(
            ref => getEntity(replica, ref),
          ),
        );
        return found.every(Boolean) ? true : undefined;
      }, 180_000);
    }
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (reachable) await dropDatabases(prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function writeEntity(name: string, entity: object) {
    const file = path.join(dataDir, `${name}.yaml`);
    fs.writeFileSync(file, YAML.stringify(entity));
    return file;
  }

  async function register(replica: TestBackend, target: string) {
    const res = await replica.fetch('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target }),
    });
    if (res.status !== 201) throw new Error(`registering ${target}: ${res.status} ${await res.text()}`);
  }

  async function finished(replica: TestBackend, id: string, timeoutMs = 120_000) {
    return waitFor(
      `task ${id} to finish`,
      async () => {
        const t = await replica.fetchJson(`/api/scaffolder/v2/tasks/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(t.status) ? t : undefined;
      },
      timeoutMs,
    );
  }

  const events = (replica: TestBackend, id: string): Promise<TaskEvent[]> =>
    replica.fetchJson(`/api/scaffolder/v2/tasks/${id}/events`);

  /** The replicas whose worker started the task: the scaffolder audits each execution it starts. */
  const executedBy = (id: string) =>
    [a, b].filter(r =>
      fs
        .readFileSync(r.logFile, 'utf8')
        .split('\n')
        .some(l => l.includes(`"taskId":"${id}"`) && l.includes('"actionType":"execution"') && l.includes('"status":"initiated"')),
    );

  it('serves an entity registered through one replica from the other', async () => {
    if (!reachable) return;
    const name = 'replica-registered';
    await register(a, writeEntity(name, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/team-checkout' },
    }));
    const entity = await waitFor(`${name} on the other replica`, () => getEntity(b, `component:default/${name}`), 60_000);
    expect(entity.spec?.owner).toBe('group:default/team-checkout');
  });

  it('gives the same ownership analysis on both replicas and refreshes both after a catalog change', async () => {
    if (!reachable) return;
    const summary = async (r: TestBackend) => {
      const { generatedAt, ...rest } = await r.fetchJson('/api/ownership/summary');
      return rest;
    };
    // Both settle on the same report (each refreshes on its own every 3 s): equal on both
    // replicas and unchanged over more than one refresh interval.
    const before = await waitFor('equal, settled summaries', async () => {
      const [sa, sb] = await Promise.all([summary(a), summary(b)]);
      await sleep(4_000);
      const [sa2, sb2] = await Promise.all([summary(a), summary(b)]);
      const same = new Set([sa, sb, sa2, sb2].map(s => JSON.stringify(s)));
      return same.size === 1 ? sa : undefined;
    }, 90_000);

    // A new team with no members nor anything owned, registered through B.
    const team = 'team-replica-probe';
    await register(b, writeEntity(team, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', parent: 'group:default/commerce', children: [] },
    }));
    const started = Date.now();
    for (const replica of [a, b]) {
      const details = await waitFor(
        `the new team in the ownership report of ${replica.url}`,
        async () => {
          const res = await replica.fetch(`/api/ownership/teams/default/${team}`);
          return res.ok ? res.json() : undefined;
        },
        60_000,
      );
      expect(details.team.ref).toBe(`group:default/${team}`);
    }
    const [after, afterB] = await Promise.all([summary(a), summary(b)]);
    expect(after).toEqual(afterB);
    expect(after.teamCount).toBe(before.teamCount + 1);
    expect(after.entityCount).toBe(before.entityCount + 1);
    // Refresh interval (3 s) plus catalog processing and stitching, never "stale forever".
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('runs scaffolder tasks created through either replica exactly once', async () => {
    if (!reachable) return;
    const created = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const via = i % 2 ? b : a;
        const { id } = await via.fetchJson('/api/scaffolder/v2/tasks', {
          method: 'POST',
          body: JSON.stringify({ templateRef: 'template:default/replica-probe', values: { probe: i } }),
        });
        return id as string;
      }),
    );
    for (const id of created) {
      // Either replica answers for any task: the state is in the shared database.
      const task = await finished(b, id);
      expect(task.status).toBe('completed');
      const log = await events(a, id);
      expect(log.filter(e => e.body.message.startsWith('Starting up task')).length).toBe(1);
      expect(log.filter(e => e.body.message === 'Beginning step Say which probe this is').length).toBe(1);
      expect(log.filter(e => e.type === 'completion').length).toBe(1);
      expect(executedBy(id).length).toBe(1);
    }
  });

  it('fails a task whose replica was killed mid-task within the stale timeout, with nothing published', async () => {
    if (!reachable) return;
    const name = 'replica-killed-svc';
    const { id } = await a.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/slow-service',
        values: {
          name,
          description: 'Killed mid-task',
          owner: 'group:default/team-checkout',
          system: 'system:default/checkout',
          lifecycle: 'experimental',
          port: 8080,
          database: 'none',
          ciProvider: 'github-actions',
        },
      }),
    });
    // Wait until the task is in its pause, after rendering and validation.
    await waitFor('the pause step', async () => {
      const log = await events(b, id);
      return log.some(e => e.body.stepId === 'pause' && e.body.status === 'processing') ? true : undefined;
    }, 120_000);
    const [runner] = executedBy(id);
    expect(runner).toBeDefined();
    const survivor = runner === a ? b : a;
    const killedAt = Date.now();
    await runner.kill();

    const task = await finished(survivor, id, 120_000);
    const endedAfterS = (Date.now() - killedAt) / 1000;
    expect(task.status).toBe('failed');
    // Stale after TASK_TIMEOUT_S without heartbeat, closed by the next janitor run (plus polling).
    expect(endedAfterS).toBeLessThan(TASK_TIMEOUT_S + 2 * JANITOR_S + 15);
    const log = await events(survivor, id);
    expect(log.find(e => e.body.stepId === 'pause' && e.body.status === 'failed')?.body.message).toBe(
      'This task was marked as stale as it exceeded its timeout',
    );
    expect(log.some(e => e.body.stepId === 'publishLocal')).toBe(false);

    // Nothing half-published: no repository, no leftover temp directory, no entity.
    expect(fs.existsSync(path.join(repositories, name))).toBe(false);
    expect((fs.existsSync(repositories) ? fs.readdirSync(repositories) : []).filter(f => f.includes(name))).toEqual([]);
    expect(await getEntity(survivor, `component:default/${name}`)).toBeUndefined();

    // The survivor still runs new tasks, and the killed replica comes back on the same database.
    const { id: next } = await survivor.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: 'template:default/replica-probe', values: { probe: 'after-kill' } }),
    });
    expect((await finished(survivor, next)).status).toBe('completed');
    const restarted = await start();
    if (runner === a) a = restarted;
    else b = restarted;
    expect((await restarted.fetchJson(`/api/scaffolder/v2/tasks/${id}`)).status).toBe('failed');
  });
});
