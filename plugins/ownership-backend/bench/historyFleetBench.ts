/*
 * Actual ownership from git history for a generated fleet, end to end through
 * the ownership backend (issue 16, "Done when": the portal shows declared
 * against actual owners for a 1,000-repository fleet):
 *
 *   node [--expose-gc] --import tsx plugins/ownership-backend/bench/historyFleetBench.ts \
 *     [--repositories 1000] [--commits 1000] [--teams 20] [--requests 30] [--dir DIR] [--keep]
 *
 * With --expose-gc the heap line is of live data (a full GC before each
 * sample), at the cost of slower runs: take times from a run without it.
 *
 * Generates the repositories with ownership-node's generator (git fast-import;
 * kept and reused with --keep), a synthetic catalog (one component per
 * repository, its `backstage.io/source-location` a `dir:` to it; teams whose
 * users' emails are the generated authors'), runs the backend's own
 * HistoryService into a SQLite file once in full, then once more after one
 * new commit in 10 repositories (incremental), and serves the history routes
 * over HTTP on loopback to time `GET /history`, one component and one team,
 * warm. Target: every page request under 200 ms warm.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { OwnershipHistoryResponse } from '@conway/plugin-ownership-common';
import {
  appendCommit,
  generateRepository,
} from '@conway/plugin-ownership-node/testUtils';
import express from 'express';
import Router from 'express-promise-router';
import knexFactory from 'knex';
import { addHistoryRoutes } from '../src/historyRoutes';
import { readHistoryConfig } from '../src/services/historyConfig';
import { HistoryService } from '../src/services/HistoryService';
import { HistoryStore } from '../src/services/HistoryStore';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive whole number`);
  }
  return value;
}

const quietLogger: any = {
  debug() {},
  info() {},
  warn: (m: string) => console.error(m),
  error: (m: string) => console.error(m),
  child: () => quietLogger,
};

/** People per team; a repository's 40 generated authors span four teams. */
const TEAM_SIZE = 10;
/** Every fifth repository is changed mostly by the team after its declared owner. */
const MISMATCH_EVERY = 5;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * Samples the V8 heap in use while `work` runs, every 250 ms. Run with
 * `node --expose-gc` and each sample follows a full collection, so the peak
 * is of live data (what a run holds), not of garbage not yet collected.
 */
async function heapPeakMb<T>(
  work: () => Promise<T>,
): Promise<{ value: T; peakMb: number; live: boolean }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let peak = 0;
  const sample = () => {
    gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed / 1024 ** 2);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const value = await work();
    sample();
    return { value, peakMb: peak, live: !!gc };
  } finally {
    clearInterval(timer);
  }
}

async function timed(url: string, requests: number) {
  await fetch(url).then(r => r.arrayBuffer()); // warm-up
  const times: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await fetch(url);
    bytes = (await response.arrayBuffer()).byteLength;
    times.push(performance.now() - started);
    status = response.status;
  }
  times.sort((a, b) => a - b);
  return {
    median: times[times.length >> 1],
    worst: times[times.length - 1],
    bytes,
    status,
  };
}

/** Generates the fleet, two repositories at a time, unless a kept one of the same shape is there. */
async function fleet(
  dir: string,
  repositories: number,
  commits: number,
  teams: number,
  end: number,
) {
  const marker = path.join(
    dir,
    `fleet-${repositories}x${commits}x${teams}.done`,
  );
  const dirs = Array.from({ length: repositories }, (_, i) =>
    path.join(dir, `r${i}.git`),
  );
  if (fs.existsSync(marker)) return { dirs, generatedMs: 0 };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < repositories) {
        const i = next++;
        const team = i % teams;
        const mismatch = i % MISMATCH_EVERY === MISMATCH_EVERY - 1;
        await generateRepository(dirs[i], {
          commits,
          end,
          seed: i + 1,
          authorOffset: (team + (mismatch ? 1 : 0)) * TEAM_SIZE,
        });
      }
    }),
  );
  fs.writeFileSync(marker, '');
  return { dirs, generatedMs: performance.now() - started };
}

/** Teams of TEAM_SIZE users each (dev<n>@fleet.example); authors past the last team are people who left. */
function catalog(dirs: string[], teams: number): Entity[] {
  const entities: Entity[] = [];
  const meta = (name: string) => ({ name, namespace: 'default' });
  for (let t = 0; t < teams; t++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { ...meta(`team-${t}`), title: `Team ${t}` },
      spec: { type: 'team', children: [] },
    });
    for (let m = 0; m < TEAM_SIZE; m++) {
      const n = t * TEAM_SIZE + m;
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: meta(`dev${n}`),
        spec: {
          profile: { displayName: `Dev ${n}`, email: `dev${n}@fleet.example` },
          memberOf: [`team-${t}`],
        },
      });
    }
  }
  dirs.forEach((dir, i) =>
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        ...meta(`service-${i}`),
        annotations: { 'backstage.io/source-location': `dir:${dir}` },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${i % teams}`,
      },
    }),
  );
  return entities;
}

async function main() {
  const repositories = option('repositories', 1000);
  const commits = option('commits', 1000);
  const teams = option('teams', 20);
  const requests = option('requests', 30);
  const keep = process.argv.includes('--keep');
  const dirArg = process.argv.indexOf('--dir');
  const root =
    dirArg === -1
      ? path.join(os.tmpdir(), 'conway-history-fleet-bench')
      : path.resolve(process.argv[dirArg + 1]);
  const reposDir = path.join(root, 'repositories');
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), 'conway-history-fleet-db-'),
  );
  fs.mkdirSync(reposDir, { recursive: true });
  // The last commit a day ago: the whole generated history is inside the 365-day window.
  const end = Math.floor(Date.now() / 1000) - 86400;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: path.join(work, 'history.sqlite'),
    useNullAsDefault: true,
  });
  let server: http.Server | undefined;
  try {
    const { dirs, generatedMs } = await fleet(
      reposDir,
      repositories,
      commits,
      teams,
      end,
    );
    console.log(
      generatedMs
        ? `Generated ${repositories} repositories × ${commits} commits in ${seconds(
            generatedMs,
          )} (set-up)`
        : `Reused ${repositories} generated repositories in ${reposDir}`,
    );
    const entities = catalog(dirs, teams);
    const store = await HistoryStore.create({
      database: { getClient: async () => knex } as any,
    });
    const settings = readHistoryConfig(
      mockServices.rootConfig({
        data: {
          ownership: {
            history: {
              initialDelaySeconds: 0,
              cacheDirectory: path.join(work, 'cache'),
              directories: [reposDir],
            },
          },
        },
      }),
    );
    const history = HistoryService.create({
      store,
      settings,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: quietLogger,
      pageSize: 500,
    });

    const heapBefore = (await heapPeakMb(async () => undefined)).peakMb;
    let started = performance.now();
    const fullHeap = await heapPeakMb(() => history.run());
    const full = fullHeap.value;
    const fullMs = performance.now() - started;
    if (!('runId' in full))
      throw new Error(`full run skipped: ${full.skipped}`);
    const rssAfterFull = peakRssMb();

    const changed = dirs.slice(0, 10);
    changed.forEach((dir, n) =>
      appendCommit(dir, end + 3600 + n, Date.now() + n),
    );
    started = performance.now();
    const incrementalHeap = await heapPeakMb(() => history.run());
    const incremental = incrementalHeap.value;
    const incrementalMs = performance.now() - started;
    if (!('runId' in incremental)) {
      throw new Error(`incremental run skipped: ${incremental.skipped}`);
    }
    const value = (await history.fleet()) as OwnershipHistoryResponse;
    const report = value.report!;
    const modes = new Map<string, number>();
    for (const r of value.runs ?? [])
      modes.set(r.mode, (modes.get(r.mode) ?? 0) + 1);
    if (modes.get('incremental') !== changed.length) {
      throw new Error(
        `expected ${
          changed.length
        } incremental repositories, got ${JSON.stringify([...modes])}`,
      );
    }

    const perRepository = (mode: string) => {
      const ms = (value.runs ?? [])
        .filter(r => r.mode === mode)
        .map(r => r.milliseconds)
        .sort((a, b) => a - b);
      return ms.length
        ? `${mode} ${ms[ms.length >> 1].toFixed(0)} ms median, ${ms
            .reduce((a, b) => a + b, 0)
            .toFixed(0)} ms in all`
        : undefined;
    };

    const app = express();
    const router = Router();
    addHistoryRoutes(router, { history, triggerRun: async () => {} });
    app.use(router);
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server!.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pages: Array<[string, string, boolean]> = [
      [
        'Ownership page, history tab: `GET /history` (whole fleet)',
        '/history',
        false,
      ],
      [
        'Component card: `GET /history/components/default/service-4`',
        '/history/components/default/service-4',
        true,
      ],
      [
        'Team card: `GET /history/teams/default/team-1`',
        '/history/teams/default/team-1',
        true,
      ],
    ];
    const answers: string[] = [];
    for (const [label, url, card] of pages) {
      const r = await timed(`${base}${url}`, requests);
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
      answers.push(
        `| ${label} | ${r.median.toFixed(1)} ms | ${r.worst.toFixed(1)} ms | ${(
          r.bytes / 1024
        ).toFixed(0)} kB | < 200 ms ${r.median < 200 ? '✔' : '✘'}${
          card ? '' : ' (one request for the whole page)'
        } |`,
      );
    }

    const mismatched = report.components.filter(
      c => c.actualTeamRef && c.actualTeamRef !== c.declaredOwnerRef,
    ).length;
    const byType = new Map<string, number>();
    for (const f of report.findings)
      byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
    console.log('');
    console.log(
      `| ${repositories} repositories × ${commits} commits, ${teams} teams | Figure |`,
    );
    console.log('|---|---:|');
    console.log(
      `| Full run (HistoryService.run, SQLite file, concurrency ${
        settings.concurrency
      }) | ${seconds(fullMs)} |`,
    );
    console.log(
      `| Incremental run after 1 new commit in ${
        changed.length
      } repositories | ${seconds(incrementalMs)} (${[...modes]
        .map(([m, n]) => `${n} ${m}`)
        .join(', ')}) |`,
    );
    console.log(
      `| Of which reading the repositories (per repository, ${
        settings.concurrency
      } at a time) | ${['incremental', 'unchanged']
        .map(perRepository)
        .filter(Boolean)
        .join('; ')} |`,
    );
    console.log(
      `| Peak RSS of the backend process (git children not counted) | ${rssAfterFull.toFixed(
        0,
      )} MB after the full run, ${peakRssMb().toFixed(0)} MB at the end |`,
    );
    const heapKind = fullHeap.live
      ? 'live, sampled after a full GC every 250 ms (--expose-gc: the run times above are slowed by it)'
      : 'in use incl. garbage, sampled every 250 ms (run with node --expose-gc for live data)';
    console.log(
      `| V8 heap, ${heapKind} | ${heapBefore.toFixed(
        0,
      )} MB before the runs; peak ${fullHeap.peakMb.toFixed(
        0,
      )} MB in the full run, ${incrementalHeap.peakMb.toFixed(
        0,
      )} MB in the incremental run |`,
    );
    console.log(`| Components mined | ${report.components.length} |`);
    console.log(
      `| Changed most by a team other than the declared owner | ${mismatched} |`,
    );
    console.log(`| Coordination pairs | ${report.coordination.length} |`);
    console.log(
      `| Findings | ${report.findings.length} (${[...byType]
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}) |`,
    );
    console.log('');
    console.log(
      `| Request (warm, ${requests} timed) | Median | Worst | Answer | Target |`,
    );
    console.log('|---|---:|---:|---:|---|');
    for (const line of answers) console.log(line);
  } finally {
    server?.close();
    await knex.destroy();
    fs.rmSync(work, { recursive: true, force: true });
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
