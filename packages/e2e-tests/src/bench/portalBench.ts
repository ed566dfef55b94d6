/**
 * Portal benchmark: cold install on a clean clone, warm start-up to a serving
 * catalog, and backend resident memory with the example org loaded.
 *
 *   node --import tsx packages/e2e-tests/src/bench/portalBench.ts [--skip-cold]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot, startBackend, waitFor } from '../lib/backend';
import { queryEntities } from '../lib/catalog';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function coldInstall(): number {
  const clone = makeTempDir('bench-clone');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  const cache = makeTempDir('bench-yarn-cache');
  const start = Date.now();
  const result = spawnSync('bash', ['-c', 'source scripts/env.sh && conway_install'], {
    cwd: clone,
    stdio: 'inherit',
    env: { ...process.env, YARN_CACHE_FOLDER: cache, YARN_ENABLE_GLOBAL_CACHE: 'false' },
  });
  const seconds = (Date.now() - start) / 1000;
  fs.rmSync(clone, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
  if (result.status !== 0) throw new Error('cold install failed');
  return seconds;
}

async function main() {
  const rows: [string, string][] = [];
  if (!process.argv.includes('--skip-cold')) {
    rows.push(['Cold install on a clean clone (empty Yarn cache)', `${coldInstall().toFixed(0)} s`]);
  }
  const warmInstallStart = Date.now();
  spawnSync('bash', ['-c', 'source scripts/env.sh && conway_install'], { cwd: repoRoot, stdio: 'inherit' });
  rows.push(['Second setup (install up to date)', `${((Date.now() - warmInstallStart) / 1000).toFixed(1)} s`]);

  const dataDir = makeTempDir('bench-portal');
  const starts: number[] = [];
  let rss = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = Date.now();
    // Run 0 is the first start on an empty data directory; later runs restart on the same data.
    const backend = await startBackend({ dataDir });
    starts.push((Date.now() - t0) / 1000);
    if (run === 0) {
      await waitFor('the example org', async () => {
        const c = await queryEntities(backend, 'kind=component');
        return c.length >= 25 ? c : undefined;
      }, 180_000);
      rows.push(['Example org fully queryable after first start', `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
    }
    await new Promise(r => setTimeout(r, 10_000));
    rss = Math.max(rss, rssMb(backend.process.pid!));
    await backend.stop();
  }
  rows.push(['Backend start to serving the catalog, first start', `${starts[0].toFixed(1)} s`]);
  rows.push(['Backend start to serving the catalog, warm restarts', starts.slice(1).map(s => `${s.toFixed(1)} s`).join(', ')]);
  rows.push(['Backend resident memory, example org loaded (max)', `${rss} MB`]);
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log(`\n| Measure | Result |\n|---|---|`);
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  console.log(`\nNode ${process.version}, ${path.basename(repoRoot)} at ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim()}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
