import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Root of the repository (tests always run from source). */
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

/** Static token every test backend accepts (external access). */
export const TEST_TOKEN = 'conway-e2e-token-4f0c9a1b7d2e';

/** Returns a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Options for {@link startBackend}. */
export interface StartBackendOptions {
  /** Directory for SQLite files and local repositories; kept across restarts when reused. */
  dataDir: string;
  port?: number;
  /** Extra config documents, applied after app-config.yaml (and production config if asked). */
  config?: object[];
  production?: boolean;
  env?: Record<string, string>;
}

/** A real Backstage backend process started from packages/backend. */
export interface TestBackend {
  url: string;
  port: number;
  logFile: string;
  /** Fetch relative to the backend with the test token. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  fetchJson<T = any>(pathname: string, init?: RequestInit): Promise<T>;
  stop(): Promise<void>;
  /** Kills the process with SIGKILL (no shutdown hooks), as a crash or OOM kill would. */
  kill(): Promise<void>;
  process: ChildProcess;
}

/**
 * Starts the real backend (same entry point and transform as `yarn start`, without
 * file watching) and resolves once the catalog API answers.
 */
export async function startBackend(
  options: StartBackendOptions,
): Promise<TestBackend> {
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const base = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: url },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TEST_TOKEN, subject: 'e2e' } },
        ],
      },
      ...(options.production
        ? {}
        : {
            database: {
              client: 'better-sqlite3',
              connection: { directory: path.join(options.dataDir, 'sqlite') },
            },
          }),
    },
    conway: {
      localRepositories: {
        directory: path.join(options.dataDir, 'repositories'),
      },
      // Tests register their fixture templates from temporary directories.
      goldenPaths: { templateLocations: [os.tmpdir()] },
      // ...and their fixture files (the app config's roots plus those).
      catalog: {
        fileLocationRoots: [
          path.join(repoRoot, 'org'),
          path.join(repoRoot, 'templates'),
          os.tmpdir(),
        ],
      },
    },
    catalog: { processingInterval: { seconds: 5 } },
  };
  const configFiles = [path.join(repoRoot, 'app-config.yaml')];
  if (options.production) {
    configFiles.push(path.join(repoRoot, 'app-config.production.yaml'));
  }
  [base, ...(options.config ?? [])].forEach((doc, i) => {
    const file = path.join(options.dataDir, `test-config-${port}-${i}.yaml`);
    fs.writeFileSync(file, JSON.stringify(doc));
    configFiles.push(file);
  });

  const logFile = path.join(options.dataDir, `backend-${port}.log`);
  const log = fs.openSync(logFile, 'a');
  const backendDir = path.join(repoRoot, 'packages/backend');
  let exited = false;
  /** Which launch is current: only its exit counts as the backend's. */
  let generation = 0;
  const launch = () => {
    const mine = ++generation;
    const started = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [backendDir],
        }),
        'src/index.ts',
        ...configFiles.flatMap(f => ['--config', f]),
      ],
      {
        cwd: backendDir,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          NODE_ENV: options.production ? 'production' : 'development',
          ...options.env,
        },
      },
    );
    exited = false;
    started.on('exit', () => {
      if (mine === generation) exited = true;
    });
    return started;
  };
  let child: ChildProcess = launch();
  const doFetch = (pathname: string, init?: RequestInit) =>
    fetch(`${url}${pathname}`, {
      ...init,
      headers: {
        authorization: `Bearer ${TEST_TOKEN}`,
        'content-type': 'application/json',
        ...(init?.headers as Record<string, string>),
      },
    });

  const backend: TestBackend = {
    url,
    port,
    logFile,
    get process() {
      return child;
    },
    fetch: doFetch,
    async fetchJson(pathname, init) {
      const res = await doFetch(pathname, init);
      const body = await res.text();
      if (!res.ok) {
        throw new Error(`${init?.method ?? 'GET'} ${pathname}: ${res.status} ${body}`);
      }
      return JSON.parse(body);
    },
    async stop() {
      if (exited) return;
      const done = new Promise<void>(resolve => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
      fs.closeSync(log);
    },
    async kill() {
      if (exited) return;
      const done = new Promise<void>(resolve => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await done;
      fs.closeSync(log);
    },
  };

  const deadline = Date.now() + 120_000;
  // A backend prints its config sources within seconds. Once (CI, 2026-12-04) one printed nothing
  // for 120 s, stalled before its first line while loading its modules from source: a process
  // silent for 60 s is started again, once, and says so in its log.
  const stallAt = Date.now() + 60_000;
  let restarted = false;
  for (;;) {
    if (!restarted && Date.now() > stallAt && fs.fstatSync(log).size === 0) {
      restarted = true;
      const stalled = child;
      const gone = new Promise<void>(resolve => stalled.once('exit', () => resolve()));
      stalled.kill('SIGKILL');
      await gone;
      fs.writeSync(log, 'test harness: the backend printed nothing in 60 s; started it again\n');
      // eslint-disable-next-line no-console
      console.warn(`backend on port ${port} printed nothing in 60 s; started it again`);
      child = launch();
    }
    if (exited) {
      throw new Error(`Backend exited during start-up; see ${logFile}:\n${tail(logFile)}`);
    }
    // A plugin that fails to start leaves the process running but useless.
    if (/Backend startup failed|Unhandled rejection/.test(tail(logFile, 200))) {
      await backend.stop();
      throw new Error(`Backend failed to start; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await doFetch('/api/catalog/entities?limit=1');
      if (res.ok) return backend;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(`Backend did not serve the catalog within 120 s; see ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(500);
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
    }
    await sleep(500);
  }
}

export function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

export function makeTempDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `conway-${prefix}-`));
}

function tail(file: string, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
