/**
 * Benchmark of mining git histories (issue 16). Generates repositories with
 * `git fast-import`, then measures side by side, each in its own process:
 * raw `git log --numstat` (the I/O floor), our streaming mining, and
 * code-maat's approach (whole log in memory, then aggregated); peak memory
 * for 10,000 versus 100,000 commits; an incremental update after one new
 * commit; and a fleet of repositories.
 *
 *   node --import tsx plugins/ownership-node/src/history/bench/historyBench.ts \
 *     [--commits 100000] [--fleet 1000] [--fleet-commits 1000] [--dir /tmp/conway-history-bench] [--keep] [--fleet-only]
 */
import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { gitLogArgs } from '../gitLogParser';
import { generateRepository } from './generateRepository';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const dirArg = process.argv.indexOf('--dir');
const root =
  dirArg === -1
    ? path.join(os.tmpdir(), 'conway-history-bench')
    : path.resolve(process.argv[dirArg + 1]);
const COMMITS = arg('commits', 100000);
const FLEET = arg('fleet', 1000);
const FLEET_COMMITS = arg('fleet-commits', 1000);
const END = Date.UTC(2026, 11, 1) / 1000;
// A script run from source, never built: its sibling is next to it.
// eslint-disable-next-line no-restricted-syntax
const worker = path.join(__dirname, 'historyBenchWorker.ts');

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `git log` with our arguments, its output read and dropped: the floor. */
function rawGitLog(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('git', gitLogArgs('HEAD'), {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`git log exited ${code}`)),
    );
  });
}

async function rawFleet(dirs: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < dirs.length) await rawGitLog(dirs[next++]);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface WorkerResult {
  mode: string;
  commits: number;
  ms: number;
  maxRssMb: number;
  retainedHeapMb?: number;
  stateJsonMb?: number;
  incrementalMs?: number;
  incrementalMaxMs?: number;
  repositories?: number;
}

function run(mode: string, dir: string): WorkerResult {
  const out = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', worker, mode, dir],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (out.status !== 0) throw new Error(`${mode} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await f();
  console.log(`  ${what}: ${seconds(Date.now() - started)}`);
  return result;
}

async function main() {
  fs.mkdirSync(root, { recursive: true });
  console.log(`Generating in ${root} (git fast-import)`);
  if (!process.argv.includes('--fleet-only')) await singleRepository();
  if (FLEET > 0) await fleet();
  if (!process.argv.includes('--keep')) {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** One repository of COMMITS commits and one of a tenth: time, memory, incremental update. */
async function singleRepository() {
  const big = path.join(root, `repo-${COMMITS}.git`);
  const small = path.join(root, `repo-${COMMITS / 10}.git`);
  // Same rate of commits (≈ 10,000 a year): the longer history is older, the window the same.
  await timed(`${COMMITS} commits`, () =>
    generateRepository(big, { commits: COMMITS, end: END }),
  );
  await timed(`${COMMITS / 10} commits`, () =>
    generateRepository(small, { commits: COMMITS / 10, end: END }),
  );

  const rows: string[][] = [];
  for (const [label, dir] of [
    [`${COMMITS / 10} commits`, small],
    [`${COMMITS} commits`, big],
  ]) {
    const raw = await rawGitLog(dir);
    const ours = run('mine', dir);
    const maat = run('codemaat', dir);
    rows.push([
      label,
      seconds(raw),
      `${seconds(ours.ms)} (${(ours.ms / raw).toFixed(2)}×)`,
      `${seconds(maat.ms)} (${(maat.ms / raw).toFixed(2)}×)`,
      `${ours.maxRssMb.toFixed(0)} MB`,
      `${maat.maxRssMb.toFixed(0)} MB`,
      `${ours.retainedHeapMb!.toFixed(1)} MB / ${ours.stateJsonMb!.toFixed(
        1,
      )} MB`,
    ]);
  }
  console.log(
    '\nOne repository (each measure in its own process; git log runs beside Node on the 2 cores)',
  );
  console.log(
    '| History | raw git log --numstat | ours (streaming) | code-maat approach (whole log in memory) | ours peak RSS | code-maat peak RSS | ours retained heap / state JSON |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);

  const inc = run('incremental', big);
  console.log(
    `\nIncremental update after one new commit (${COMMITS} commits mined before; median of 7): ${inc.incrementalMs!.toFixed(
      1,
    )} ms (max ${inc.incrementalMaxMs!.toFixed(1)} ms)`,
  );
}

/** FLEET repositories of FLEET_COMMITS commits, mined two at a time. */
async function fleet() {
  const fleetDir = path.join(root, `fleet-${FLEET}x${FLEET_COMMITS}`);
  fs.mkdirSync(fleetDir, { recursive: true });
  await timed(`fleet of ${FLEET} × ${FLEET_COMMITS} commits`, async () => {
    for (let i = 0; i < FLEET; i++) {
      const dir = path.join(fleetDir, `r${i}.git`);
      if (!fs.existsSync(path.join(dir, 'HEAD'))) {
        await generateRepository(dir, {
          commits: FLEET_COMMITS,
          end: END,
          seed: i + 7,
          files: 60,
          authors: 12,
        });
      }
    }
  });
  const dirs = fs
    .readdirSync(fleetDir)
    .filter(d => d.endsWith('.git'))
    .map(d => path.join(fleetDir, d));
  const raw = await rawFleet(dirs);
  const ours = run('fleet-mine', fleetDir);
  const maat = run('fleet-codemaat', fleetDir);
  console.log(
    `\nFleet: ${dirs.length} repositories × ${FLEET_COMMITS} commits, 2 at a time`,
  );
  console.log(
    '| raw git log --numstat | ours | code-maat approach | ours peak RSS | code-maat peak RSS |',
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| ${seconds(raw)} | ${seconds(ours.ms)} (${(ours.ms / raw).toFixed(
      2,
    )}×) | ${seconds(maat.ms)} (${(maat.ms / raw).toFixed(
      2,
    )}×) | ${ours.maxRssMb.toFixed(0)} MB | ${maat.maxRssMb.toFixed(0)} MB |`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
