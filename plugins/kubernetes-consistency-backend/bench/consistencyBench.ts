/**
 * Consistency benchmark (issue 5): 5,000 workloads in the test API server
 * against a 20,000-entity catalog.
 *  1. compareClusterWithCatalog alone (workloads and entities in memory), median of 10;
 *  2. the full report as the backend builds it: every workload listed through the real
 *     @kubernetes/client-node from the test server (pages of 500), the catalog read in
 *     pages of 500 from an in-memory catalog that pages like the real one (filter once,
 *     then a cursor), then compared; median of 5.
 *  3. for comparison, the catalog read through Backstage's InMemoryCatalogClient (the
 *     test mock), which re-filters all 20k entities for every page.
 *
 *   node --import tsx plugins/kubernetes-consistency-backend/bench/consistencyBench.ts
 */
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
// A benchmark script run from source, like the tests: test-only dependencies are fine here.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { generateWorkloads, KubeTestServer } from '@conway/kube-test-server';
import {
  KubeObject,
  KubernetesClusterClient,
} from '@conway/kubernetes-clusters';
import { readClusterWorkloads, toWorkload } from '../src/services/clusterWorkloads';
import { compareClusterWithCatalog } from '../src/services/compareClusterWithCatalog';
import { DEFAULT_IGNORED_NAMESPACES } from '../src/services/config';
import { ConsistencyService } from '../src/services/ConsistencyService';
import { WorkloadKind } from '../src/services/types';

const WORKLOADS = 5_000;
const TEAMS = 500;
const USERS = 4_500;
const COMPONENTS = 15_000; // 5,000 annotated (most for a workload, some wrong), the rest not
const TOKEN = 'bench-token';

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

function entity(
  kind: string,
  name: string,
  spec: object,
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      uid: `${kind}-${name}`,
      ...(annotations ? { annotations } : {}),
    },
    spec,
  };
}

/**
 * 20,000 entities: teams, users, and components. Component i < 4,900 is
 * annotated for workload svc-i (half of them with a label selector too), 1 in
 * 100 with a wrong id, 1 in 50 owned by a user; 100 more are annotated but have
 * no workload. The rest of the components are not on Kubernetes. Of the
 * workloads, 1 in 25 has no label.
 */
function catalog(): Entity[] {
  const entities: Entity[] = [];
  for (let t = 0; t < TEAMS; t++)
    entities.push(entity('Group', `team-${t}`, { type: 'team', children: [] }));
  for (let u = 0; u < USERS; u++)
    entities.push(
      entity('User', `user-${u}`, { memberOf: [`team-${u % TEAMS}`] }),
    );
  for (let c = 0; c < COMPONENTS; c++) {
    const owner =
      c % 50 === 7
        ? `user:default/user-${c % USERS}`
        : `group:default/team-${c % TEAMS}`;
    // svc-4900…4999 run without an entity; svc-5000…5099 are annotated but do not run.
    const annotated =
      c < WORKLOADS - 100 || (c >= WORKLOADS && c < WORKLOADS + 100);
    const annotations = annotated
      ? {
          'backstage.io/kubernetes-id':
            c % 100 === 3 ? `svc-${c}-old` : `svc-${c}`,
          ...(c % 2 === 0
            ? {
                'backstage.io/kubernetes-label-selector': `app.kubernetes.io/name=svc-${c}`,
              }
            : {}),
        }
      : undefined;
    entities.push(
      entity(
        'Component',
        `svc-${c}`,
        { type: 'service', lifecycle: 'production', owner },
        annotations,
      ),
    );
  }
  return entities;
}

/**
 * An in-memory catalog that pages as the real one does with a database
 * cursor: the filter is applied once, each page costs its own size. Only
 * what ConsistencyService calls is implemented.
 */
function pagedCatalog(entities: Entity[]): CatalogService {
  const pick = (e: Entity, fields: string[] = []) => {
    if (!fields.length) return e;
    const out: any = {};
    for (const f of fields) {
      const path = f.split('.');
      let value: any = e;
      for (const p of path) value = value?.[p];
      if (value === undefined) continue;
      let node = out;
      path.slice(0, -1).forEach(p => {
        node[p] ??= {};
        node = node[p];
      });
      node[path[path.length - 1]] = value;
    }
    return out as Entity;
  };
  let matching: Entity[] = [];
  return {
    async queryEntities(request: any) {
      const offset = request.cursor ? Number(request.cursor) : 0;
      if (!request.cursor) {
        const kinds: string[] = [request.filter?.kind ?? []].flat();
        matching = entities.filter(
          e => !kinds.length || kinds.includes(e.kind),
        );
      }
      const limit = request.limit ?? matching.length;
      const items = matching
        .slice(offset, offset + limit)
        .map(e => pick(e, request.fields));
      const next =
        offset + limit < matching.length ? String(offset + limit) : undefined;
      return {
        items,
        totalItems: matching.length,
        pageInfo: next ? { nextCursor: next } : {},
      };
    },
  } as unknown as CatalogService;
}

const quietLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

const auth = {
  getOwnServiceCredentials: async () =>
    ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'bench' },
    } as BackstageCredentials),
} as unknown as AuthService;

async function main() {
  const objects = generateWorkloads({
    count: WORKLOADS,
    namespaces: 50,
    kubernetesId: (i, name) => (i % 25 === 11 ? undefined : name),
  });
  const entities = catalog();
  console.log(
    `${objects.length} workloads, ${entities.length} catalog entities`,
  );

  // 1. The comparison alone.
  const workloads = objects.map(o =>
    toWorkload('bench', o.kind as WorkloadKind, o as KubeObject),
  );
  const compareTimes: number[] = [];
  let findings = 0;
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    const result = compareClusterWithCatalog(
      { workloads, entities },
      { teamTypes: ['team'] },
    );
    if (i > 0) compareTimes.push(performance.now() - t0); // run 0 warms the JIT
    findings = result.findings.length;
    if (i === 0)
      console.log('findings by type:', result.summary.findingsByType);
  }

  // 2. The full report against the test API server.
  const server = await KubeTestServer.start({ token: TOKEN });
  const seedStart = performance.now();
  server.seed(objects);
  const seedMs = performance.now() - seedStart;
  const cluster = {
    name: 'bench',
    url: server.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: TOKEN,
    skipTLSVerify: true,
  };
  const settings = {
    refreshIntervalSeconds: 300,
    pageSize: 500,
    ignoreNamespaces: DEFAULT_IGNORED_NAMESPACES,
    teamTypes: ['team'],
    requestTimeoutMs: 30_000,
    clusters: [cluster],
  };
  const service = ConsistencyService.create({
    logger: quietLogger,
    auth,
    catalog: pagedCatalog(entities),
    settings,
  });
  const fullTimes: number[] = [];
  const clusterTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const report = await service.getReport({ refresh: true });
    const elapsed = performance.now() - t0;
    if (
      report.summary.workloads !== WORKLOADS ||
      report.clusters[0].status !== 'ok'
    ) {
      throw new Error(`unexpected report: ${JSON.stringify(report.clusters)}`);
    }
    if (i > 0) {
      fullTimes.push(elapsed);
      clusterTimes.push(report.clusters[0].durationMs);
    }
  }
  // The cluster read alone, for the breakdown.
  const client = await KubernetesClusterClient.create(cluster);
  const listTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await readClusterWorkloads(client, settings);
    listTimes.push(performance.now() - t0);
  }
  const requests = server.requests.filter(r => r.method === 'GET').length;
  await server.stop();

  // 3. The catalog read alone, through the fast pager and through Backstage's test mock.
  const catalogTime = async (catalogService: CatalogService) => {
    const noCluster = ConsistencyService.create({
      logger: quietLogger,
      auth,
      catalog: catalogService,
      settings: { ...settings, clusters: [] },
    });
    const t0 = performance.now();
    const report = await noCluster.getReport({ refresh: true });
    if (report.summary.catalogEntities !== entities.length)
      throw new Error('catalog not read');
    return performance.now() - t0;
  };
  const pagedTimes: number[] = [];
  for (let i = 0; i < 5; i++)
    pagedTimes.push(await catalogTime(pagedCatalog(entities)));
  const mockTime = await catalogTime(
    new InMemoryCatalogClient({ entities }) as unknown as CatalogService,
  );

  const rows = [
    [
      'compareClusterWithCatalog alone (5k workloads × 20k entities), median of 10',
      ms(median(compareTimes)),
      `${findings} findings`,
    ],
    [
      'Full report: list 5k workloads via client-node + read 20k entities + compare, median of 5',
      ms(median(fullTimes)),
      '< 5 s',
    ],
    [
      '  of which reading the cluster (3 kinds in parallel, pages of 500)',
      ms(median(clusterTimes)),
      '',
    ],
    [
      'Cluster read alone (readClusterWorkloads), median of 5',
      ms(median(listTimes)),
      `${requests} GETs in all runs`,
    ],
    [
      'Catalog read alone (20k entities, pages of 500, cursor pager), median of 5',
      ms(median(pagedTimes)),
      '',
    ],
    [
      "Catalog read alone through Backstage's InMemoryCatalogClient (test mock), 1 run",
      ms(mockTime),
      're-filters 20k per page',
    ],
    [
      'Seeding 5k workloads into the test server (not part of the report)',
      ms(seedMs),
      '',
    ],
  ];
  console.log('\n| Measure | Result | Note |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
