import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterStatus,
  ConsistencyFinding,
  ConsistencyReportResponse,
} from '@conway/plugin-kubernetes-consistency-common';
import { clusterFactsFromReport, createClusterFactsReader } from './clusterFacts';
import type { ServiceFacts } from './engine';
import { createLibraryEngine } from './libraryEngine';

const ok: ClusterStatus = { name: 'dev', status: 'ok', workloads: 3, durationMs: 1 };
const down: ClusterStatus = {
  name: 'prod',
  status: 'error',
  workloads: 0,
  durationMs: 1,
  error: { reason: 'unreachable', message: 'connection refused' },
};

function service(name: string, annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/team-a' },
  };
}

const annotated = (name: string) =>
  service(name, { 'backstage.io/kubernetes-id': name });

const mismatch: ConsistencyFinding = {
  id: 'label-annotation-mismatch:checkout',
  type: 'label-annotation-mismatch',
  severity: 'warning',
  message: "Deployment dev/checkout is labelled for team-b, the catalog says team-a",
  suggestion: 'Fix the label',
  entityRef: 'component:default/checkout',
  workloads: [{ cluster: 'dev', kind: 'Deployment', namespace: 'dev', name: 'checkout' }],
};

describe('clusterFactsFromReport', () => {
  it('fails a service the clusters disagree with, listing what differs', () => {
    expect(
      clusterFactsFromReport({ clusters: [ok], findings: [mismatch] }, annotated('checkout')),
    ).toEqual({ matches: false, differences: [mismatch.message] });
  });

  it('passes an annotated service only when every cluster was read and none disagrees', () => {
    expect(
      clusterFactsFromReport({ clusters: [ok], findings: [mismatch] }, annotated('payments')),
    ).toEqual({ matches: true, differences: [] });
    expect(
      clusterFactsFromReport({ clusters: [ok, down], findings: [] }, annotated('payments')),
    ).toEqual({
      unknown: 'Matches the clusters read, but prod (unreachable) could not be read',
    });
  });

  it('says why nothing could be compared, never passing', () => {
    expect(clusterFactsFromReport({ clusters: [], findings: [] }, annotated('a'))).toEqual({
      unknown: 'No Kubernetes cluster is configured in this portal',
    });
    expect(clusterFactsFromReport({ clusters: [down], findings: [] }, annotated('a'))).toEqual({
      unknown: 'No cluster could be read: prod (unreachable)',
    });
    expect(clusterFactsFromReport({ clusters: [ok], findings: [] }, service('a'))).toEqual({
      unknown:
        'Not tied to a workload: no backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation',
    });
  });

  it('counts a finding naming a service without annotations (a workload labelled for it)', () => {
    const named = { ...mismatch, entityRef: undefined, relatedRefs: ['component:default/checkout'] };
    expect(
      clusterFactsFromReport({ clusters: [ok], findings: [named] }, service('checkout')),
    ).toEqual({ matches: false, differences: [mismatch.message] });
  });
});

describe('createClusterFactsReader', () => {
  // A local HTTP server standing in for the kubernetes-consistency backend (test double).
  let server: http.Server;
  let baseUrl: string;
  let answer: { status: number; body: unknown };
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'with token' : 'no token'}`);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/kubernetes-consistency`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const reader = (logger = mockServices.logger.mock()) =>
    createClusterFactsReader({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      logger,
    });

  it('reads the report once with a service token and answers per service', async () => {
    const report: Partial<ConsistencyReportResponse> = {
      state: 'drift',
      clusters: [ok],
      findings: [mismatch],
    };
    answer = { status: 200, body: report };
    seen.length = 0;
    const factsOf = await reader()();
    expect(seen).toEqual(['GET /api/kubernetes-consistency/report with token']);
    expect(factsOf(annotated('checkout'))).toEqual({
      matches: false,
      differences: [mismatch.message],
    });
    expect(factsOf(annotated('payments'))).toEqual({ matches: true, differences: [] });
  });

  it('makes every service unknown, with the reason, when the report cannot be read', async () => {
    answer = { status: 503, body: { error: { name: 'ServiceUnavailableError', message: 'down' } } };
    const logger = mockServices.logger.mock();
    const factsOf = await reader(logger)();
    const facts = factsOf(annotated('checkout'));
    expect(facts).toEqual({
      unknown: expect.stringMatching(/^The clusters could not be compared with the catalog: .*503/),
    });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not be compared'));
  });
});

describe('cluster facts in an evaluation with the shipped scorecards', () => {
  it("decide the production-readiness check 'cluster-matches-catalog'", async () => {
    // eslint-disable-next-line no-restricted-syntax
    const definitionsDir = require('node:path').resolve(__dirname, '../../../../scorecards');
    const engine = createLibraryEngine({ definitionsDir });
    const definitions = await engine.load();
    const checkOf = async (cluster?: ServiceFacts['cluster']) => {
      const outcomes = await engine.evaluate(definitions, {
        entity: annotated('checkout'),
        goldenPath: { unknown: 'not needed here' },
        repository: { unknown: 'not needed here' },
        findings: [],
        ...(cluster ? { cluster } : {}),
      });
      return outcomes
        .flatMap(o => o.checks)
        .find(c => c.checkId === 'cluster-matches-catalog')!;
    };
    expect(await checkOf({ matches: false, differences: [mismatch.message] })).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining('team-b'),
    });
    expect((await checkOf({ matches: true, differences: [] })).status).toBe('pass');
    expect(await checkOf()).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('Clusters are not compared with the catalog'),
    });
  });
});
