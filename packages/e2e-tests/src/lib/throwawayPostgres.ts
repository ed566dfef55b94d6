import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, makeTempDir } from './backend';

/** A PostgreSQL cluster of its own (temp directory, free port, trust auth) that a test may stop. */
export interface ThrowawayPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Starts the server again after {@link ThrowawayPostgres.stop}; data is kept. */
  start(): void;
  /** Stops the server (fast mode: connections are cut, as in a crash or failover). */
  stop(): void;
  /** Stops the server and deletes its directory. */
  destroy(): void;
}

/** The `bin` directory of the newest PostgreSQL installed from Debian packages, if any. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter(v => fs.existsSync(path.join(root, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/**
 * Creates and starts a throwaway cluster with `initdb` and `pg_ctl`, so that a test can stop and
 * restart PostgreSQL without touching the machine's shared server. PostgreSQL refuses to run as
 * root, so when we are root the cluster belongs to the `postgres` user.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)');
  }
  const port = await freePort();
  const root = makeTempDir('pgcluster');
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', root]);
  fs.chmodSync(root, 0o755);
  const run = (tool: string, args: string[]) => {
    const command = path.join(bin, tool);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: root, stdio: 'pipe' })
      : execFileSync(command, args, { cwd: root, stdio: 'pipe' });
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const start = () =>
    run('pg_ctl', [
      '-D', dataDir, '-l', logFile, '-w', '-t', '60',
      '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: '',
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
