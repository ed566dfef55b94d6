import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { ServiceResult } from '@conway/plugin-scorecards-common';
import { checkStatusesOf, ScorecardsCheckStatuses } from './checkStatuses';

const service = (
  entityRef: string,
  checks: Array<[scorecardId: string, checkId: string, status: string]>,
): ServiceResult => ({
  entityRef,
  title: entityRef,
  evaluatedAt: '2026-12-04T12:00:00Z',
  runId: 1,
  scorecards: ['production-readiness', 'golden-path'].map(id => ({
    id,
    title: id,
    levels: [],
    level: null,
    checks: checks
      .filter(([s]) => s === id)
      .map(([, checkId, status]) => ({
        checkId,
        title: checkId,
        description: '',
        severity: 'high' as const,
        level: 'bronze',
        required: false,
        status: status as 'pass' | 'fail' | 'unknown',
      })),
  })),
});

describe('checkStatusesOf', () => {
  const items = [
    service('component:default/Orders', [
      ['production-readiness', 'on-call', 'pass'],
    ]),
    service('component:default/ledger', [
      ['production-readiness', 'on-call', 'fail'],
    ]),
    service('component:default/billing', [
      ['production-readiness', 'on-call', 'pass'],
      ['golden-path', 'on-call', 'unknown'],
    ]),
    service('component:default/other', [
      ['golden-path', 'pipeline-valid', 'fail'],
    ]),
  ];

  it("reads each service's status of the check in the named scorecard, refs lowercase", () => {
    const statuses = checkStatusesOf(
      { items, total: items.length, offset: 0, limit: items.length },
      { scorecardId: 'production-readiness', checkId: 'on-call' },
    );
    expect(Object.fromEntries(statuses)).toEqual({
      'component:default/orders': 'pass',
      'component:default/ledger': 'fail',
      'component:default/billing': 'pass',
    });
  });

  it('without a scorecard, a check passes only where it passes in every scorecard', () => {
    const statuses = checkStatusesOf({ items, total: items.length, offset: 0, limit: items.length }, { checkId: 'on-call' });
    expect(statuses.get('component:default/billing')).toBe('unknown');
    expect(statuses.has('component:default/other')).toBe(false);
  });
});

describe('ScorecardsCheckStatuses', () => {
  it('reads every page of the scorecards API, with a service token', async () => {
    // A local HTTP server standing in for the scorecards backend (test double), two services a page.
    const fleet = Array.from({ length: 5 }, (_, i) =>
      service(`component:default/svc-${i}`, [
        ['production-readiness', 'on-call', i % 2 ? 'fail' : 'pass'],
      ]),
    );
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      requests.push(`${url.search} ${req.headers.authorization ? 'token' : 'none'}`);
      const offset = Number(url.searchParams.get('offset'));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: fleet.slice(offset, offset + 2),
          total: fleet.length,
          offset,
          limit: 2,
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const source = new ScorecardsCheckStatuses({
        discovery: { getBaseUrl: async () => base, getExternalBaseUrl: async () => base },
        auth: mockServices.auth(),
      });
      const statuses = await source.statuses({
        scorecardId: 'production-readiness',
        checkId: 'on-call',
      });
      expect(Object.fromEntries(statuses)).toEqual({
        'component:default/svc-0': 'pass',
        'component:default/svc-1': 'fail',
        'component:default/svc-2': 'pass',
        'component:default/svc-3': 'fail',
        'component:default/svc-4': 'pass',
      });
      expect(requests).toEqual([
        '?scorecard=production-readiness&limit=1000&offset=0 token',
        '?scorecard=production-readiness&limit=1000&offset=2 token',
        '?scorecard=production-readiness&limit=1000&offset=4 token',
      ]);
    } finally {
      server.close();
    }
  });
});
