/*
 * Faults on the real backend:
 *  - PostgreSQL restarted while requests are flowing (a throwaway cluster of our own, never the
 *    machine's shared server), and a golden-path task failing midway on that deployment;
 *  - the disk holding the embedded default's SQLite files full, then read-only (a small tmpfs
 *    mounted over the data directory).
 * The golden path's failures before publishing (unknown owner, invalid name, existing name) are
 * covered by integration/scaffoldService.test.ts.
 *
 * Needs: PostgreSQL server binaries (/usr/lib/postgresql/x/bin), root with mount(8) for the
 * tmpfs, python3 (its sqlite3 module checks the files), git and kubectl on PATH.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  makeTempDir,
  repoRoot,
  sleep,
  startBackend,
  TestBackend,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';
import { productionEnv } from '../lib/postgres';
import { postgresBinDir, startThrowawayPostgres, ThrowawayPostgres } from '../lib/throwawayPostgres';

jest.setTimeout(300_000);

const strict = Boolean(process.env.CONWAY_STRICT);
const templatesDir = path.join(__dirname, 'templates');
const SERVICE_VALUES = {
  description: 'Fault test service',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'experimental',
  port: 8080,
  database: 'none',
  ciProvider: 'github-actions',
};

function skip(reason: string): boolean {
  if (strict) throw new Error(`Required in CI: ${reason}`);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${reason}`);
  return true;
}

async function finished(backend: TestBackend, id: string, headers?: Record<string, string>) {
  return waitFor(
    `task ${id} to finish`,
    async () => {
      const t = await backend.fetchJson(`/api/scaffolder/v2/tasks/${id}`, { headers });
      return ['completed', 'failed', 'cancelled'].includes(t.status) ? t : undefined;
    },
    180_000,
  );
}

/** One request's outcome: an HTTP status with its body, or a transport error (a lost request). */
interface Outcome {
  at: number;
  path: string;
  status?: number;
  body?: string;
  transportError?: string;
}

async function probe(backend: TestBackend, pathname: string): Promise<Outcome> {
  const at = Date.now();
  try {
    const res = await backend.fetch(pathname, { signal: AbortSignal.timeout(30_000) });
    return { at, path: pathname, status: res.status, body: await res.text() };
  } catch (error) {
    return { at, path: pathname, transportError: String(error) };
  }
}

describe('PostgreSQL restarted under load (throwaway cluster, production config)', () => {
  const dataDir = makeTempDir('faults-pg');
  const repositories = path.join(dataDir, 'repositories');
  let pg: ThrowawayPostgres | undefined;
  let backend: TestBackend;

  beforeAll(async () => {
    if (!postgresBinDir() && skip('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin')) return;
    pg = await startThrowawayPostgres();
    backend = await startBackend({
      dataDir,
      production: true,
      env: productionEnv(TEST_TOKEN, pg),
      config: [
        {
          // Production's own registration rule stays: url locations only.
          catalog: {
            locations: [
              { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
              { type: 'file', target: path.join(repoRoot, 'templates/typescript-service/template.yaml'), rules: [{ allow: ['Template'] }] },
              { type: 'file', target: path.join(templatesDir, 'replica-probe/template.yaml'), rules: [{ allow: ['Template'] }] },
            ],
          },
        },
      ],
    });
    await waitFor('the example org and the templates', async () => {
      const found = await Promise.all(
        ['group:default/team-checkout', 'system:default/checkout', 'template:default/typescript-service', 'template:default/replica-probe'].map(
          ref => getEntity(backend, ref),
        ),
      );
      return found.every(Boolean) ? true : undefined;
    }, 180_000);
  });

  afterAll(async () => {
    await backend?.stop();
    pg?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails a golden-path task midway (registration refused after publishing), leaving no repository and no entity', async () => {
    if (!pg) return;
    const name = 'fault-midway-svc';
    const { id } = await backend.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: 'template:default/typescript-service', values: { ...SERVICE_VALUES, name } }),
    });
    const task = await finished(backend, id);
    expect(task.status).toBe('failed');
    const events: { body: { stepId?: string; status?: string; message: string } }[] = await backend.fetchJson(
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    const stepStatus = (step: string) => events.filter(e => e.body.stepId === step).map(e => e.body.status).filter(Boolean).pop();
    // Rendered, validated and published, then the catalog refused the file location.
    expect(['render', 'validate', 'publishLocal'].map(stepStatus)).toEqual(['completed', 'completed', 'completed']);
    expect(stepStatus('registerLocal')).toBe('failed');
    const messages = events.map(e => e.body.message).join('\n');
    expect(messages).toContain(`so repository '${name}' was removed`);
    expect(fs.existsSync(path.join(repositories, name))).toBe(false);
    expect(fs.existsSync(repositories) ? fs.readdirSync(repositories) : []).toEqual([]);
    await sleep(2_000);
    expect(await getEntity(backend, `component:default/${name}`)).toBeUndefined();
    const locations: { data: { target: string } }[] = await backend.fetchJson('/api/catalog/locations');
    expect(locations.filter(l => l.data.target.includes(name))).toEqual([]);
  });

  it('answers cleanly while PostgreSQL is down, recovers when it is back, and loses nothing written before', async () => {
    if (!pg) return;
    const server = pg;
    // Something written before the restart: a finished task with its events.
    const { id: before } = await backend.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: 'template:default/replica-probe', values: { probe: 'before-restart' } }),
    });
    expect((await finished(backend, before)).status).toBe('completed');
    const eventsBefore = (await backend.fetchJson(`/api/scaffolder/v2/tasks/${before}/events`)).length;
    const entitiesBefore = (await backend.fetchJson('/api/catalog/entities/by-query?limit=1')).totalItems;

    const paths = [
      '/api/catalog/entities/by-name/group/default/team-checkout',
      '/api/catalog/entities/by-query?filter=kind=component&limit=20',
      `/api/scaffolder/v2/tasks/${before}`,
      '/api/ownership/summary',
    ];
    const outcomes: Outcome[] = [];
    let running = true;
    // Four clients, one request at a time each, for the whole run.
    const clients = paths.map(async p => {
      while (running) {
        outcomes.push(await probe(backend, p));
        await sleep(100);
      }
    });
    await sleep(3_000);
    const downAt = Date.now();
    server.stop();
    await sleep(10_000);
    const upAt = Date.now();
    server.start();
    const recovered = await waitFor(
      'every endpoint answering 200 again',
      async () => {
        const recent = await Promise.all(paths.map(p => probe(backend, p)));
        return recent.every(o => o.status === 200) ? Date.now() : undefined;
      },
      120_000,
    );
    await sleep(3_000);
    running = false;
    await Promise.all(clients);

    const during = outcomes.filter(o => o.at >= downAt + 500 && o.at < upAt);
    const failures = outcomes.filter(o => o.status !== 200);
    const perPath = paths.map(p => {
      const mine = outcomes.filter(o => o.path === p);
      const down = during.filter(o => o.path === p);
      return `${p.split('?')[0]}: ${mine.length} requests, ${mine.filter(o => o.status !== 200).length} errors (${down.filter(o => o.status === 200).length}/${down.length} answered 200 while down)`;
    });
    // eslint-disable-next-line no-console
    console.log(
      `PostgreSQL restart (down ${((upAt - downAt) / 1000).toFixed(0)} s): ${outcomes.length} requests, ${failures.length} answered with an error (${[
        ...new Set(failures.map(f => f.status ?? f.transportError)),
      ].join(', ')}: ${[...new Set(failures.map(f => (f.body ? JSON.parse(f.body).error?.message?.slice(0, 80) : '')))].slice(0, 3).join(' | ')}), ${
        outcomes.filter(o => o.transportError).length
      } lost; every endpoint back to 200 ${((recovered - upAt) / 1000).toFixed(1)} s after the server started\n${perPath.join('\n')}`,
    );
    // The server was really gone: database reads failed while it was down...
    expect(during.filter(o => o.path.includes('/catalog/') && o.status !== 200).length).toBeGreaterThan(0);
    // ...cleanly: every request got an HTTP answer, errors are 5xx with a JSON error body.
    expect(outcomes.filter(o => o.transportError)).toEqual([]);
    for (const f of failures) {
      expect(f.status).toBeGreaterThanOrEqual(500);
      expect(JSON.parse(f.body!).error).toEqual(expect.objectContaining({ name: expect.any(String), message: expect.any(String) }));
    }
    expect(backend.process.exitCode).toBeNull();

    // Nothing lost, and writes work again.
    const task = await backend.fetchJson(`/api/scaffolder/v2/tasks/${before}`);
    expect(task.status).toBe('completed');
    expect((await backend.fetchJson(`/api/scaffolder/v2/tasks/${before}/events`)).length).toBe(eventsBefore);
    expect((await backend.fetchJson('/api/catalog/entities/by-query?limit=1')).totalItems).toBe(entitiesBefore);
    const { id: after } = await backend.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: 'template:default/replica-probe', values: { probe: 'after-restart' } }),
    });
    expect((await finished(backend, after)).status).toBe('completed');
  });
});

/**
 * Scorecards and campaigns run once shortly after start-up, then not again during these tests:
 * each run is a transaction whose journal file is deleted at its end, which would free blocks
 * of the "full" disk at a random moment and let the next write through.
 */
const QUIET_SCHEDULES = {
  conway: {
    scorecards: { changeCheckIntervalSeconds: 86_400, fleetIntervalMinutes: 1_440 },
    campaigns: { runIntervalSeconds: 86_400 },
  },
};

describe('disk of the SQLite files full, then read-only (embedded default)', () => {
  const dataDir = makeTempDir('faults-sqlite');
  const sqliteDir = path.join(dataDir, 'sqlite');
  const filler = path.join(sqliteDir, 'filler');
  let mounted = false;
  let backend: TestBackend;
  let token: string;

  const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

  beforeAll(async () => {
    fs.mkdirSync(sqliteDir, { recursive: true });
    try {
      mount('-t', 'tmpfs', '-o', 'size=96m,mode=0755', 'tmpfs', sqliteDir);
      mounted = true;
    } catch (error) {
      skip(`cannot mount a tmpfs for the SQLite files (needs root with CAP_SYS_ADMIN): ${error}`);
      return;
    }
    backend = await startBackend({ dataDir, config: [QUIET_SCHEDULES] });
    await waitFor('the example org', () => getEntity(backend, 'group:default/team-checkout'), 180_000);
    token = await guestToken(backend);
  });

  afterAll(async () => {
    await backend?.stop();
    if (mounted) execFileSync('umount', [sqliteDir]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const createEntityFile = (name: string) => {
    const file = path.join(dataDir, `${name}.yaml`);
    fs.writeFileSync(
      file,
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-checkout\n`,
    );
    return file;
  };
  const register = (name: string) =>
    backend.fetch('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: createEntityFile(name) }),
    });
  /**
   * Fills the file system to the last block. Called again before each write: the backend's own
   * background writes keep deleting rollback journals (SQLite's default journal mode), which
   * frees a few pages at any moment.
   */
  function fill() {
    const fd = fs.openSync(filler, 'a');
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch (error: any) {
          if (error.code === 'ENOSPC') break;
          throw error;
        }
      }
    }
    fs.closeSync(fd);
  }

  function integrityCheck(): Record<string, string> {
    const files = fs.readdirSync(sqliteDir).filter(f => f.endsWith('.sqlite'));
    const out = execFileSync(
      'python3',
      ['-c', 'import sqlite3,sys\nfor f in sys.argv[1:]:\n  print(f, sqlite3.connect(f).execute("pragma integrity_check").fetchone()[0])', ...files],
      { cwd: sqliteDir, encoding: 'utf8' },
    );
    return Object.fromEntries(out.trim().split('\n').map(l => l.split(' ')));
  }

  /**
   * One write while the disk is full. Either it is refused cleanly (an HTTP 5xx with a JSON
   * error body; returns its message), or SQLite fitted it into pages a journal deleted after
   * `fill()` had freed, and it is then checked later to have been kept: never a half answer.
   */
  async function writeOnFullDisk(what: string, send: () => Promise<Response>): Promise<{ line: string; refused: boolean }> {
    fill();
    const res = await send();
    const text = await res.text();
    if (res.ok) return { line: `${what}: ${res.status} accepted (space freed by a journal after the fill)`, refused: false };
    expect(`${what}: ${res.status}`).toMatch(/: 5\d\d$/);
    const message: string = JSON.parse(text).error.message;
    expect(typeof message).toBe('string');
    return { line: `${what}: ${res.status} ${message}`, refused: true };
  }

  it('refuses writes with an error while the disk is full, keeps serving reads, and writes again once space returns', async () => {
    if (!mounted) return;
    const settingValue = { at: Date.now() };
    const putSetting = (value: unknown) =>
      backend.fetch('/api/user-settings/buckets/default/keys/fault-probe', {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ value }),
      });
    let location: { line: string; refused: boolean };
    let setting: { line: string; refused: boolean };
    let task: { line: string; refused: boolean };
    let taskId: string | undefined;
    try {
      location = await writeOnFullDisk('catalog location', () => register('fault-disk-full'));
      setting = await writeOnFullDisk('user setting', () => putSetting(settingValue));
      task = await writeOnFullDisk('scaffolder task', async () => {
        const res = await backend.fetch('/api/scaffolder/v2/tasks', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({ templateRef: 'template:default/typescript-service', values: { ...SERVICE_VALUES, name: 'fault-disk-svc' } }),
        });
        if (res.ok) taskId = (await res.clone().json()).id;
        return res;
      });
      fill();
      expect((await backend.fetch('/api/catalog/entities/by-name/group/default/team-checkout')).status).toBe(200);
      expect(backend.process.exitCode).toBeNull();
    } finally {
      fs.rmSync(filler, { force: true });
    }
    const lines = [location, setting, task].map(write => write.line);
    // eslint-disable-next-line no-console
    console.log(`Disk full, writes:\n${lines.join('\n')}`);
    // Each refusal names the cause, except where knex's rollback of a transaction SQLite had
    // already rolled back masks it (Backstage's catalog; the cause is then only in the log).
    for (const write of [location, setting, task].filter(w => w.refused)) {
      expect(write.line).toMatch(/SQLITE_FULL|database or disk is full|cannot rollback - no transaction is active/);
    }
    // The disk-full path was exercised: at least one write refused, and the cause logged.
    expect(lines.filter(line => /SQLITE_FULL|database or disk is full|cannot rollback/.test(line)).length).toBeGreaterThan(0);
    expect(fs.readFileSync(backend.logFile, 'utf8')).toMatch(/SQLITE_FULL|database or disk is full/);

    expect((await register('fault-after-full')).status).toBe(201);
    await waitFor('the component registered after the disk was freed', () => getEntity(backend, 'component:default/fault-after-full'), 60_000);
    // Nothing half-done: a refused write left nothing behind; an accepted one was kept.
    const stored = await backend.fetch('/api/user-settings/buckets/default/keys/fault-probe', { headers: { authorization: `Bearer ${token}` } });
    const storedValue = stored.status === 200 ? (await stored.json()).value : undefined;
    expect(storedValue).toEqual(setting!.refused ? undefined : settingValue);
    expect((await putSetting({ after: true })).status).toBe(200);
    const entity = location!.refused
      ? await getEntity(backend, 'component:default/fault-disk-full')
      : await waitFor('the location accepted on the full disk', () => getEntity(backend, 'component:default/fault-disk-full'), 60_000);
    expect(entity === undefined).toBe(location!.refused);
    const taskKept = async () => (await backend.fetch(`/api/scaffolder/v2/tasks/${taskId}`, { headers: { authorization: `Bearer ${token}` } })).status === 200;
    expect(task!.refused || (await taskKept())).toBe(true);
  });

  it('refuses to start on a read-only disk with an error naming it, and starts once it is writable', async () => {
    if (!mounted) return;
    // Linux refuses to make a mount read-only while a process has files open on it for writing
    // (EBUSY), so the backend is stopped first: a read-only data disk at start-up.
    await backend.stop();
    mount('-o', 'remount,ro', sqliteDir);
    let failure = '';
    try {
      await startBackend({ dataDir, config: [QUIET_SCHEDULES] }).then(
        async started => {
          await started.stop();
          failure = 'started';
        },
        error => {
          failure = String(error);
        },
      );
    } finally {
      mount('-o', 'remount,rw', sqliteDir);
    }
    expect(failure).toMatch(/SQLITE_READONLY|readonly database|read-only file system|EROFS/i);
    // eslint-disable-next-line no-console
    console.log(`Read-only disk at start-up: ${/[^\n]{0,120}(SQLITE_READONLY|readonly database|read-only file system|EROFS)[^\n]{0,80}/i.exec(failure.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), ''))?.[0]}`);
    backend = await startBackend({ dataDir, config: [QUIET_SCHEDULES] });
    expect((await register('fault-after-read-only')).status).toBe(201);
    await waitFor('the component registered after the disk was writable', () => getEntity(backend, 'component:default/fault-after-read-only'), 60_000);
  });

  it('leaves every SQLite file intact, and the backend starts again on them', async () => {
    if (!mounted) return;
    await backend.stop();
    const results = integrityCheck();
    expect(Object.keys(results).length).toBeGreaterThan(3);
    for (const [file, result] of Object.entries(results)) expect(`${file}: ${result}`).toBe(`${file}: ok`);
    backend = await startBackend({ dataDir, config: [QUIET_SCHEDULES] });
    expect(await getEntity(backend, 'component:default/fault-after-full')).toBeDefined();
    expect(await getEntity(backend, 'component:default/fault-after-read-only')).toBeDefined();
  });
});
