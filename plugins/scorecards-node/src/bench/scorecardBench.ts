/* eslint-disable no-console, no-restricted-syntax */
/**
 * Scorecard benchmark: a synthetic fleet (catalog plus generated repositories
 * on disk) evaluated against the shipped scorecards, in a child process whose
 * peak RSS is measured; then one changed service re-evaluated, and the example
 * org. Run from the repository root:
 *
 *   node --import tsx plugins/scorecards-node/src/bench/scorecardBench.ts [--services 10000] [--edited 20]
 *
 * `--edited N`: services whose manifests a team changed (a cache miss each, so
 * kubectl kustomize runs for them). Prints figures beside the targets.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { EntityLike } from '@conway/plugin-scorecards-common';
import { renderService } from './renderService';
import { evaluateFleet, indexCatalog } from '../fleet/evaluateFleet';
import { loadScorecardDirectory } from '../loadScorecards';
import { createManifestCheckCache } from '../repository/manifestCache';

const REPO = path.resolve(__dirname, '../../../..');
const LAYOUT_NAME = 'svc-00000';
const VERSIONS = ['1.2.0', '1.3.0', '1.4.0'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const stringArg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const serviceName = (i: number) => `svc-${String(i + 1).padStart(5, '0')}`;
/** 70 % golden path, 20 % drifted (root Dockerfile, no dashboard), 10 % legacy (no k8s, pipeline, tests or lockfile). */
function layoutOf(i: number): 'golden' | 'drifted' | 'legacy' {
  if (i % 10 < 7) return 'golden';
  return i % 10 < 9 ? 'drifted' : 'legacy';
}

/** Spellings the golden path derives from a name; each is swapped for the service's. */
function swaps(from: string, to: string): Array<[string, string]> {
  const pascal = (n: string) =>
    n
      .split('-')
      .map(w => w[0].toUpperCase() + w.slice(1))
      .join('');
  return [
    [from, to],
    [pascal(from), pascal(to)],
    [from.replace(/-/g, '_'), to.replace(/-/g, '_')],
    [
      from.replace(/-/g, '_').toUpperCase(),
      to.replace(/-/g, '_').toUpperCase(),
    ],
  ];
}

async function renderLayouts(root: string) {
  const golden = await renderService(path.join(root, 'golden'), LAYOUT_NAME);
  for (const name of ['drifted', 'legacy']) {
    fs.cpSync(golden, path.join(root, name), { recursive: true });
  }
  const drifted = path.join(root, 'drifted');
  const dockerfile = path.join(drifted, 'Dockerfile');
  fs.writeFileSync(
    dockerfile,
    fs.readFileSync(dockerfile, 'utf8').replace(/^USER .*$/m, 'USER root'),
  );
  fs.rmSync(path.join(drifted, 'observability/dashboard.json'));
  const legacy = path.join(root, 'legacy');
  for (const p of ['k8s', '.github', 'test', 'package-lock.json']) {
    fs.rmSync(path.join(legacy, p), { recursive: true, force: true });
  }
}

function listTree(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(e => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      return e.isDirectory() ? listTree(dir, rel) : [rel];
    });
}

/** Writes each service's repository: files naming the service rewritten, the others hard-linked. */
function generateFleet(root: string, count: number, edited: number) {
  const layouts = new Map(
    ['golden', 'drifted', 'legacy'].map(l => {
      const dir = path.join(root, 'layouts', l);
      return [
        l,
        listTree(dir).map(file => {
          const full = path.join(dir, file);
          const text = fs.readFileSync(full, 'utf8');
          return {
            file,
            full,
            named: swaps(LAYOUT_NAME, 'x').some(([s]) => text.includes(s))
              ? text
              : undefined,
          };
        }),
      ];
    }),
  );
  for (let i = 0; i < count; i++) {
    const name = serviceName(i);
    const dir = path.join(root, 'fleet', name);
    const pairs = swaps(LAYOUT_NAME, name);
    for (const { file, full, named } of layouts.get(layoutOf(i))!) {
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (named === undefined) {
        fs.linkSync(full, target);
      } else {
        let text = named;
        for (const [from, to] of pairs) text = text.split(from).join(to);
        if (
          file === 'k8s/base/deployment.yaml' &&
          i % Math.max(1, Math.floor(count / Math.max(edited, 1))) === 0 &&
          edited > 0
        ) {
          // A team's own change: the manifests differ beyond the name, so the policy checker renders them.
          text = text.replace(
            'replicas:',
            `# tuned by the team of ${name}\n  replicas:`,
          );
        }
        fs.writeFileSync(target, text);
      }
    }
  }
}

/** The synthetic catalog: departments, teams, users, components with owners, systems and template versions. */
function syntheticCatalog(count: number): EntityLike[] {
  const entities: EntityLike[] = [];
  const teams = Math.max(1, Math.round(count / 40));
  const departments = Math.max(1, Math.round(teams / 15));
  for (let d = 0; d < departments; d++) {
    entities.push({
      kind: 'Group',
      metadata: { name: `dept-${d}` },
      spec: { type: 'department' },
    });
  }
  for (let t = 0; t < teams; t++) {
    entities.push({
      kind: 'Group',
      metadata: { name: `team-${t}` },
      spec: { type: 'team', parent: `group:default/dept-${t % departments}` },
    });
    // Every 25th team has no members: owner-is-team fails for its services.
    for (let u = 0; u < (t % 25 === 0 ? 0 : 5); u++) {
      entities.push({
        kind: 'User',
        metadata: { name: `user-${t}-${u}` },
        spec: { memberOf: [`team-${t}`] },
      });
    }
  }
  for (let i = 0; i < count; i++) {
    const name = serviceName(i);
    const legacy = layoutOf(i) === 'legacy';
    entities.push({
      kind: 'Component',
      metadata: {
        name,
        annotations: {
          ...(legacy
            ? {}
            : {
                'conway.dev/template': 'typescript-service',
                'conway.dev/template-version': VERSIONS[i % 3],
              }),
          ...(i % 3 === 0 ? { 'conway.dev/on-call': `#${name}-oncall` } : {}),
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:default/team-${i % teams}`,
        ...(i % 5 === 0 ? {} : { system: `system-${i % 50}` }),
        providesApis: legacy ? [] : [`${name}-api`],
      },
    });
  }
  return entities;
}

async function child(root: string, count: number) {
  const scorecards = (
    await loadScorecardDirectory(path.join(REPO, 'scorecards'))
  ).scorecards;
  const catalog = indexCatalog(syntheticCatalog(count));
  const manifestCache = createManifestCheckCache();
  const options = {
    catalog,
    scorecards,
    repositoryDirOf: (e: EntityLike) =>
      path.join(root, 'fleet', e.metadata.name),
    releasedVersionsOf: () => VERSIONS,
    repositoryOptions: { manifestCache },
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let start = performance.now();
  let cpu = process.cpuUsage();
  const first = await evaluateFleet(options);
  const firstMs = performance.now() - start;
  const firstCpuMs = cpuMs(cpu);
  start = performance.now();
  cpu = process.cpuUsage();
  await evaluateFleet(options);
  const secondMs = performance.now() - start;
  const secondCpuMs = cpuMs(cpu);
  // One service changes (its team drops the Dockerfile's USER): only it is evaluated again.
  const changed = path.join(root, 'fleet', serviceName(0));
  const dockerfile = path.join(changed, 'Dockerfile');
  const text = fs.readFileSync(dockerfile, 'utf8');
  fs.unlinkSync(dockerfile); // a hard link: replace it, leave the layout alone
  fs.writeFileSync(dockerfile, text.replace(/^USER .*$/m, ''));
  const deployment = path.join(changed, 'k8s/base/deployment.yaml');
  fs.appendFileSync(deployment, `# changed ${Date.now()}\n`);
  start = performance.now();
  const one = await evaluateFleet({
    ...options,
    only: new Set([`component:default/${serviceName(0)}`]),
  });
  const oneMs = performance.now() - start;
  const level = (id: string) =>
    Object.entries(
      first.rollups.organisation.scorecards.find(s => s.scorecardId === id)!
        .levelCounts,
    )
      .map(([l, n]) => `${l} ${n}`)
      .join(', ');
  console.log(
    JSON.stringify({
      firstMs,
      secondMs,
      firstCpuMs,
      secondCpuMs,
      oneMs,
      oneLevel: one.results
        .map(r => `${r.scorecardId}: ${r.level ?? 'none'}`)
        .join(', '),
      results: first.results.length,
      teams: first.rollups.teams.length,
      departments: first.rollups.departments.length,
      production: level('production-readiness'),
      golden: level('golden-path'),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

async function exampleOrg() {
  const entities = fs
    .readdirSync(path.join(REPO, 'org'))
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(fs.readFileSync(path.join(REPO, 'org', f), 'utf8')).map(
        d => d.toJS() as EntityLike,
      ),
    )
    .filter(Boolean);
  const scorecards = (
    await loadScorecardDirectory(path.join(REPO, 'scorecards'))
  ).scorecards;
  const start = performance.now();
  // The example org's components have no checkouts here: their repository checks are unknown.
  const { results, rollups } = await evaluateFleet({
    catalog: indexCatalog(entities),
    scorecards,
    repositoryDirOf: () => undefined,
  });
  return {
    ms: performance.now() - start,
    services: results.length / scorecards.length,
    teams: rollups.teams.length,
  };
}

async function main() {
  const childRoot = stringArg('child');
  if (childRoot) {
    await child(childRoot, arg('services', 10_000));
    return;
  }
  const count = arg('services', 10_000);
  const edited = arg('edited', 20);
  const loadBefore = os.loadavg()[0].toFixed(1);
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'conway-scorecard-bench-'),
  );
  try {
    let start = performance.now();
    await renderLayouts(path.join(root, 'layouts'));
    generateFleet(root, count, edited);
    const generationMs = performance.now() - start;
    start = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        __filename,
        '--child',
        root,
        '--services',
        String(count),
      ],
      {
        cwd: REPO,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    if (run.status !== 0) throw new Error(`evaluation failed: ${run.stderr}`);
    const figures = JSON.parse(run.stdout.trim().split('\n').pop()!);
    const org = await exampleOrg();
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const loadAfter = os.loadavg()[0].toFixed(1);
    const rows: Array<[string, string, string]> = [
      [
        `Generate ${count} repositories on disk (3 layouts, ${edited} edited by teams)`,
        s(generationMs),
        '(not a target)',
      ],
      [
        `Full fleet, first run: ${count} services, facts + 2 scorecards + roll-ups`,
        s(figures.firstMs),
        '< 60 s',
      ],
      [
        '  CPU time of the evaluating process (kubectl processes excluded)',
        s(figures.firstCpuMs),
        '',
      ],
      [
        'Full fleet, second run (policy results cached by content)',
        s(figures.secondMs),
        '< 60 s',
      ],
      ['  CPU time of the evaluating process', s(figures.secondCpuMs), ''],
      [
        'Peak memory of the evaluating process (max RSS)',
        `${figures.maxRssMb.toFixed(0)} MB`,
        'bounded',
      ],
      [
        'One changed service re-evaluated (manifests changed: kubectl runs)',
        s(figures.oneMs),
        '< 1 s',
      ],
      [
        `Example org (org/): ${org.services} components, no checkouts`,
        s(org.ms),
        '(no target)',
      ],
    ];
    const width = Math.max(...rows.map(r => r[0].length));
    console.log(
      `Scorecard benchmark (${os.cpus().length} CPUs, Node ${
        process.version
      }, load average ${loadBefore} at the start, ${loadAfter} at the end)\n`,
    );
    console.log(
      `${'Measure'.padEnd(width)}  ${'Measured'.padStart(10)}  Target`,
    );
    for (const [what, value, target] of rows)
      console.log(`${what.padEnd(width)}  ${value.padStart(10)}  ${target}`);
    console.log(
      `\n${figures.results} results (${figures.teams} teams, ${figures.departments} departments); production-readiness: ${figures.production}; golden-path: ${figures.golden}; changed service now: ${figures.oneLevel}`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
