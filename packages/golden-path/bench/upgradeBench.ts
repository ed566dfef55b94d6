/*
 * Benchmark of golden-path upgrades with real git repositories:
 *
 *   node --import tsx packages/golden-path/bench/upgradeBench.ts [--services 200] [--concurrency n] [--json]
 *
 * Builds a templates repository holding templates/typescript-service at its
 * current version and a synthetic next version (one manifest line changed),
 * scaffolds services at the current version in /tmp (each its own git
 * repository, committed, with a team edit committed on top), then times
 * upgradeRepository for one service and upgradeFleet for all of them. Only
 * the upgrades are timed, not the set-up.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderSkeleton } from '../src/render/renderSkeleton';
import { writeRenderedFiles } from '../src/render/writeRenderedFiles';
import { loadTemplate } from '../src/template/loadTemplate';
import { GitTemplateVersionSource } from '../src/upgrade/GitTemplateVersionSource';
import { gitText, identityArgs, runGit } from '../src/upgrade/git';
import { planUpgrade } from '../src/upgrade/planUpgrade';
import { upgradeFleet } from '../src/upgrade/upgradeFleet';
import { upgradeRepository } from '../src/upgrade/upgradeRepository';

const IDENTITY = { name: 'Conway Bench', email: 'bench@conway.example' };
const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax -- a script run from source
  __dirname,
  '../../../templates/typescript-service',
);
const NAME = 'typescript-service';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive whole number`);
  }
  return value;
}

async function git(cwd: string, ...args: string[]): Promise<void> {
  await runGit(
    [...identityArgs(IDENTITY), '-c', 'init.defaultBranch=main', ...args],
    { cwd },
  );
}

/** A templates repository: the template as it is, then a next minor version with one manifest change. */
async function templatesRepository(
  root: string,
): Promise<{ repo: string; from: string; to: string }> {
  const repo = path.join(root, 'templates-repo');
  const dir = path.join(repo, 'templates', NAME);
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.cp(TEMPLATE_DIR, dir, { recursive: true });
  await git(repo, 'init', '--quiet');
  await git(repo, 'add', '--all');
  await git(repo, 'commit', '--quiet', '-m', 'current');
  const from = (await loadTemplate(dir)).version;
  const [major, minor] = from.split('.').map(Number);
  const to = `${major}.${minor + 1}.0`;
  const edit = async (file: string, a: string, b: string) => {
    const full = path.join(dir, file);
    const text = await fs.readFile(full, 'utf8');
    if (!text.includes(a)) throw new Error(`'${a}' not found in ${file}`);
    await fs.writeFile(full, text.replace(a, b));
  };
  await edit(
    'template.yaml',
    `conway.dev/template-version: ${from}`,
    `conway.dev/template-version: ${to}`,
  );
  await edit(
    'CHANGELOG.md',
    `## ${from}`,
    `## ${to}\n\n- Keep 10 old ReplicaSets.\n\n## ${from}`,
  );
  await edit(
    'skeleton/k8s/base/deployment.yaml.hbs',
    'revisionHistoryLimit: 5',
    'revisionHistoryLimit: 10',
  );
  await git(repo, 'commit', '--quiet', '-am', 'next');
  return { repo, from, to };
}

/** Scaffolds a service at `from` into its own repository, with a team commit on top. */
async function scaffold(
  source: GitTemplateVersionSource,
  from: string,
  dir: string,
  i: number,
) {
  const template = await loadTemplate(await source.checkout(NAME, from));
  const files = await renderSkeleton(template, {
    name: `svc-${i}`,
    owner: `group:default/team-${i % 17}`,
    database: i % 2 ? 'postgres' : 'none',
    ciProvider: i % 3 ? 'github-actions' : 'gitlab-ci',
  });
  await writeRenderedFiles(files, dir);
  await git(dir, 'init', '--quiet');
  await git(dir, 'add', '--all');
  await git(dir, 'commit', '--quiet', '-m', 'Scaffold');
  await fs.appendFile(
    path.join(dir, 'README.md'),
    `\n## Team notes\n\nService ${i}.\n`,
  );
  await git(dir, 'commit', '--quiet', '-am', 'Team notes');
}

async function inBatches<T>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<void>,
) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(fn));
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  const services = option('services', 200);
  const concurrency = option('concurrency', os.availableParallelism());
  const root = await fs.mkdtemp(
    path.join(os.tmpdir(), 'conway-upgrade-bench-'),
  );
  try {
    const { repo, from, to } = await templatesRepository(root);
    const setupSource = new GitTemplateVersionSource({ repoDir: repo });
    const dirs = Array.from({ length: services + 2 }, (_, i) =>
      path.join(root, `svc-${i}`),
    );
    process.stderr.write(`Scaffolding ${dirs.length} services in ${root}…\n`);
    await inBatches(
      dirs.map((dir, i) => ({ dir, i })),
      8,
      ({ dir, i }) => scaffold(setupSource, from, dir, i),
    );
    await setupSource.dispose();

    // One service, with a fresh source: includes reading the history and extracting both versions.
    const cold = new GitTemplateVersionSource({ repoDir: repo });
    let started = performance.now();
    await upgradeRepository({
      repoDir: dirs[0],
      source: cold,
      targetVersion: to,
      author: IDENTITY,
    });
    const coldMs = performance.now() - started;
    // The next one reuses the source's cache, as a CLI upgrading several services or the portal does.
    started = performance.now();
    const plan = await planUpgrade({
      serviceDir: dirs[1],
      source: cold,
      targetVersion: to,
    });
    const planMs = performance.now() - started;
    started = performance.now();
    const warm = await upgradeRepository({
      repoDir: dirs[1],
      source: cold,
      targetVersion: to,
      author: IDENTITY,
    });
    const warmMs = performance.now() - started;
    await cold.dispose();
    if (warm.conflicts.length > 0 || plan.conflicts.length > 0) {
      throw new Error('unexpected conflicts');
    }

    const fleetSource = new GitTemplateVersionSource({ repoDir: repo });
    started = performance.now();
    const outcomes = await upgradeFleet(dirs.slice(2), {
      source: fleetSource,
      targetVersion: to,
      author: IDENTITY,
      concurrency,
    });
    const fleetMs = performance.now() - started;
    await fleetSource.dispose();
    const failed = outcomes.filter(o => o.status !== 'upgraded');
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} services not upgraded: ${JSON.stringify(failed[0])}`,
      );
    }
    const per = outcomes.map(o => o.durationMs).sort((a, b) => a - b);

    const figures = {
      template: `${NAME} ${from} -> ${to}`,
      files: plan.changes.length,
      oneServiceColdMs: Math.round(coldMs),
      oneServiceWarmMs: Math.round(warmMs),
      planOnlyMs: Math.round(planMs),
      fleetServices: services,
      fleetConcurrency: concurrency,
      fleetTotalMs: Math.round(fleetMs),
      fleetPerServiceP50Ms: Math.round(quantile(per, 0.5)),
      fleetPerServiceP95Ms: Math.round(quantile(per, 0.95)),
      machine: `${
        os.cpus()[0]?.model ?? 'cpu'
      } x${os.availableParallelism()}, node ${process.version}, ${(
        await gitText(['--version'], os.tmpdir())
      ).trim()}`,
    };
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
      return;
    }
    const rows: [string, string, string][] = [
      [
        'One service, cold (history scan + 2 checkouts + upgrade + commit)',
        `${figures.oneServiceColdMs} ms`,
        '< 1 s',
      ],
      [
        'One service, warm source (plan + write + branch + commit)',
        `${figures.oneServiceWarmMs} ms`,
        '< 1 s',
      ],
      [
        'One service, plan only (render both versions + merge)',
        `${figures.planOnlyMs} ms`,
        '',
      ],
      [
        `Fleet of ${services} services, ${concurrency} at a time`,
        `${(fleetMs / 1000).toFixed(1)} s`,
        '< 2 min',
      ],
      [
        'Fleet: per service p50 / p95',
        `${figures.fleetPerServiceP50Ms} / ${figures.fleetPerServiceP95Ms} ms`,
        '',
      ],
    ];
    process.stdout.write(
      [
        `Golden-path upgrade benchmark: ${figures.template}, ${figures.files} files per service`,
        figures.machine,
        '',
        '| Measure | Result | Target |',
        '| --- | --- | --- |',
        ...rows.map(r => `| ${r.join(' | ')} |`),
        '',
      ].join('\n'),
    );
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
