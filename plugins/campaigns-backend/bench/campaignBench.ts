/*
 * Benchmark of a campaign across a fleet of local services:
 *
 *   node --import tsx plugins/campaigns-backend/bench/campaignBench.ts [--services 200] [--concurrency 2]
 *
 * Generates the services from templates/typescript-service (the current
 * release) as real git repositories in /tmp, every 20th with a team edit that
 * conflicts with the next release, every 50th with a broken generation
 * record; then runs a campaign "typescript-service >= next" with the runner
 * the backend schedules, on a SQLite store: the first run prepares every
 * change, the second finds nothing merged, the third detects the half that
 * was merged meanwhile. Only the runs are timed, not the set-up. The
 * reference runs in the same process just before, on a copy of the same
 * fleet: golden-path's upgradeFleet with the same concurrency, committing
 * through a temporary worktree as the campaign does (`workingCopy: 'keep'`),
 * so the difference is what the campaign adds (its checks, its store, its
 * notifications); time and memory are printed side by side.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Campaign } from '@conway/plugin-campaigns-common';
/* eslint-disable @backstage/no-forbidden-package-imports -- a script run from source, on the tests' fleet generator */
import {
  createTemplateHistory,
  generateService,
  git,
  IDENTITY,
  teamEdit,
  tempRoot,
} from '@conway/plugin-campaigns-node/src/__testUtils__/fleet';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { upgradeFleet } from '@conway/golden-path';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import knexFactory from 'knex';
import { CampaignRunner } from '../src/services/CampaignRunner';
import { CampaignStore } from '../src/services/CampaignStore';


function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive whole number`);
  }
  return value;
}

/** Peak RSS and heap while `fn` runs, sampled every 20 ms. */
async function measured<T>(fn: () => Promise<T>) {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const started = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - started, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

/** Warnings and errors to the console; the rest dropped. */
const benchLogger: any = {
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  child() {
    return benchLogger;
  },
};

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const count = option('services', 200);
  const concurrency = option('concurrency', 2);
  const root = tempRoot('conway-campaign-bench-');
  const reposDir = path.join(root, 'repositories');
  fs.mkdirSync(reposDir, { recursive: true });
  const history = await createTemplateHistory(root);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: path.join(root, 'campaigns.sqlite'),
    useNullAsDefault: true,
  });
  try {
    const setUp = performance.now();
    const entities: Entity[] = [];
    for (let i = 0; i < count; i++) {
      const name = `service-${String(i).padStart(4, '0')}`;
      const owner = `team-${i % 20}`;
      const dir = await generateService(
        history,
        path.join(reposDir, name),
        name,
        owner,
      );
      if (i % 20 === 7) {
        teamEdit(
          dir,
          'k8s/base/deployment.yaml',
          t => t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 3'),
          'Fewer ReplicaSets',
        );
      } else if (i % 50 === 11) {
        teamEdit(
          dir,
          '.conway/golden-path.json',
          t =>
            t.replace(`"version": "${history.current}"`, '"version": "0.0.1"'),
          'Broken record',
        );
      } else if (i % 3 === 0) {
        teamEdit(
          dir,
          'README.md',
          t => `${t}\n## Runbook\n\nPage ${owner}.\n`,
          'Runbook',
        );
      }
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': `file:${path.join(
              dir,
              'catalog-info.yaml',
            )}`,
            'conway.dev/template': 'typescript-service',
            'conway.dev/template-version': history.current,
          },
        },
        spec: { type: 'service', owner: `group:default/${owner}` },
      });
    }
    console.log(
      `Set-up: ${count} services generated in ${s(
        performance.now() - setUp,
      )} (not timed below)`,
    );

    // The reference, on a copy of the fleet so the campaign starts from the same repositories.
    const referenceDir = path.join(root, 'reference');
    fs.cpSync(reposDir, referenceDir, { recursive: true });
    const reference = await measured(() =>
      upgradeFleet(
        fs.readdirSync(referenceDir).map(name => path.join(referenceDir, name)),
        {
          source: history.source,
          targetVersion: history.next,
          concurrency,
          author: IDENTITY,
          workingCopy: 'keep',
        },
      ),
    );
    const referenceStates: Record<string, number> = {};
    for (const outcome of reference.result)
      referenceStates[outcome.status] = (referenceStates[outcome.status] ?? 0) + 1;
    console.log(
      `Reference, upgradeFleet: ${s(reference.ms)}, peak RSS ${mb(
        reference.rss,
      )}; outcomes ${JSON.stringify(referenceStates)}`,
    );

    const store = await CampaignStore.create({
      database: { getClient: async () => knex } as any,
    });
    const runner = new CampaignRunner({
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: benchLogger,
      repositories: new LocalRepositories(reposDir),
      templateVersions: { source: async () => history.source },
      author: IDENTITY,
      concurrency,
    });
    const campaign: Campaign = {
      id: 'bench',
      title: 'Bench',
      description: '',
      target: {
        type: 'template-release',
        template: 'typescript-service',
        minVersion: history.next,
      },
      deadline: '2027-01-31',
      status: 'active',
      createdBy: 'user:default/sre',
      createdAt: new Date().toISOString(),
    };
    await store.insertCampaign(campaign);

    const states = async () => {
      const counts: Record<string, number> = {};
      for (const svc of await store.listServices('bench'))
        counts[svc.state] = (counts[svc.state] ?? 0) + 1;
      return JSON.stringify(counts);
    };
    const first = await measured(() => runner.run(campaign));
    console.log(
      `Run 1 (prepare every change): ${s(first.ms)}, peak RSS ${mb(
        first.rss,
      )}, peak heap ${mb(first.heap)}; states ${await states()}`,
    );
    const second = await measured(() => runner.run(campaign));
    console.log(
      `Run 2 (nothing merged): ${s(second.ms)}, peak RSS ${mb(
        second.rss,
      )}; states ${await states()}`,
    );
    let merged = 0;
    for (const svc of await store.listServices('bench', ['branch-open'])) {
      if (merged % 2 === 0) {
        git(
          path.join(reposDir, svc.entityRef.split('/')[1]),
          'merge',
          '--quiet',
          '--no-ff',
          '-m',
          'Merge',
          svc.branch!,
        );
      }
      merged++;
    }
    const third = await measured(() => runner.run(campaign));
    console.log(
      `Run 3 (half merged meanwhile): ${s(third.ms)}, peak RSS ${mb(
        third.rss,
      )}; states ${await states()}`,
    );
    console.log('');
    console.log('| Measure | Result | Reference |');
    console.log('|---|---|---|');
    console.log(
      `| Campaign run 1, ${count} services, ${concurrency} at a time (prepare every change) | ${s(
        first.ms,
      )}, peak RSS ${mb(
        first.rss,
      )} | upgradeFleet (worktree commits), same fleet, ${concurrency} at a time, this run: ${s(
        reference.ms,
      )}, peak RSS ${mb(reference.rss)} |`,
    );
    console.log(
      `| Campaign run 2 (watch: nothing merged) | ${s(
        second.ms,
      )}, peak RSS ${mb(second.rss)} | – |`,
    );
    console.log(
      `| Campaign run 3 (half merged: detected) | ${s(third.ms)}, peak RSS ${mb(
        third.rss,
      )} | – |`,
    );
  } finally {
    await knex.destroy();
    await history.source.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
