import type { ServiceResult } from '@conway/plugin-scorecards-common';
import { checkStatusesOf } from './checkStatuses';

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
      { items },
      { scorecardId: 'production-readiness', checkId: 'on-call' },
    );
    expect(Object.fromEntries(statuses)).toEqual({
      'component:default/orders': 'pass',
      'component:default/ledger': 'fail',
      'component:default/billing': 'pass',
    });
  });

  it('without a scorecard, a check passes only where it passes in every scorecard', () => {
    const statuses = checkStatusesOf({ items }, { checkId: 'on-call' });
    expect(statuses.get('component:default/billing')).toBe('unknown');
    expect(statuses.has('component:default/other')).toBe(false);
  });
});
