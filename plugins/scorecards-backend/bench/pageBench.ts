/*
 * How fast the scorecards API answers the portal's pages, warm, for a large fleet:
 *
 *   node --import tsx plugins/scorecards-backend/bench/pageBench.ts [--entities 30000] [--requests 30]
 *
 * A synthetic organisation (ownership-common's generateSyntheticOrg: departments,
 * teams, users, systems and services) is evaluated by the backend's own
 * FleetEvaluator against the shipped scorecards (scorecards/*.yaml) into a
 * SQLite store; then the plugin's router is served over HTTP on loopback and
 * every request a page makes is timed after one warm-up request: the Scorecards
 * page (overview, then the services list unfiltered and for one team), a
 * Component card (one service with its history), a Group card (a team's
 * services) and the exports. Target (issue 17): every page request under
 * 200 ms warm. Prints median and worst of the timed requests, and the size
 * of the answer.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { generateSyntheticOrg } from '@conway/plugin-ownership-common';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import express from 'express';
import knexFactory from 'knex';
import { createRouter } from '../src/router';
import { FleetEvaluator } from '../src/services/FleetEvaluator';
import { GuideReader } from '../src/services/GuideReader';
import { createLibraryEngine } from '../src/services/libraryEngine';
import { ScorecardService } from '../src/services/ScorecardService';
import { ScorecardStore } from '../src/services/ScorecardStore';

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
  warn() {},
  error: (m: string) => console.error(m),
  child: () => quietLogger,
};

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
  return { median: times[times.length >> 1], worst: times[times.length - 1], bytes, status };
}

async function main() {
  const entities = option('entities', 30000);
  const requests = option('requests', 30);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-scorecard-pages-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: path.join(root, 'scorecards.sqlite'),
    useNullAsDefault: true,
  });
  let server: http.Server | undefined;
  try {
    const org = generateSyntheticOrg({ entities, seed: 1 }) as Entity[];
    const services = org.filter(e => e.kind === 'Component' && e.spec?.type === 'service');
    const team = services[0].spec!.owner as string;
    const store = await ScorecardStore.create({
      database: { getClient: async () => knex } as any,
    });
    const evaluator = FleetEvaluator.create({
      engine: createLibraryEngine({
        // eslint-disable-next-line no-restricted-syntax
        definitionsDir: path.resolve(__dirname, '../../../scorecards'),
      }),
      store,
      catalog: catalogServiceMock({ entities: org }),
      auth: mockServices.auth(),
      logger: quietLogger,
      repositories: new LocalRepositories(undefined),
    });
    const evaluated = performance.now();
    const { run } = await evaluator.evaluateFleet();
    console.log(
      `${org.length} entities, ${run?.serviceCount} services evaluated and stored in ${(
        (performance.now() - evaluated) / 1000
      ).toFixed(1)} s (set-up, not a page)`,
    );

    const app = express();
    app.use(
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        scorecards: ScorecardService.create({ store }),
        evaluator,
        guides: new GuideReader(root),
        triggerFleetRun: async () => {},
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server!.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const one = encodeURIComponent;
    const [kind, rest] = stringifyEntityRef(services[1]).split(':');
    const [namespace, name] = rest.split('/');
    const pages: Array<[string, string]> = [
      ['Scorecards page: overview (organisation)', '/overview'],
      ['Scorecards page: services, first page (50) of all', '/services?limit=50'],
      ['Scorecards page: services, a page deep in the list', `/services?limit=50&offset=${Math.max(0, services.length - 60)}`],
      ['Scorecards page: services of one team (page of 50)', `/services?team=${one(team)}&limit=50`],
      ['Group card: a team\'s services (no limit)', `/services?team=${one(team)}`],
      ['Scorecards page: overview of one team', `/overview?team=${one(team)}`],
      ['Component card: one service and its history', `/entity/${kind}/${namespace}/${name}`],
      ['API: services, no filter (the most one answer holds: 1,000)', '/services'],
      ['Export: CSV of the whole fleet', '/export.csv'],
      ['Export: JSON of the whole fleet', '/export.json'],
    ];
    console.log('');
    console.log(`| Request (${run?.serviceCount} services, warm, ${requests} timed) | Median | Worst | Answer | Target |`);
    console.log('|---|---:|---:|---:|---|');
    for (const [label, url] of pages) {
      const r = await timed(`${base}${url}`, requests);
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
      const page = !label.startsWith('Export') && !label.startsWith('API');
      console.log(
        `| ${label} | ${r.median.toFixed(1)} ms | ${r.worst.toFixed(1)} ms | ${(r.bytes / 1024).toFixed(0)} kB | ${
          page ? `< 200 ms ${r.median < 200 ? '✔' : '✘'}` : '–'
        } |`,
      );
    }
  } finally {
    server?.close();
    await knex.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
