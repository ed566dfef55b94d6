import type { ClusterStatus } from './apiTypes';
import { entityState, reportState } from './consistencyState';

const ok: ClusterStatus = {
  name: 'dev',
  status: 'ok',
  workloads: 3,
  durationMs: 1,
};
const down: ClusterStatus = {
  name: 'prod',
  status: 'error',
  workloads: 0,
  durationMs: 1,
  error: { reason: 'unreachable', message: 'connection refused' },
};

describe('reportState', () => {
  it.each([
    [[], 0, 'no-clusters'],
    [[down], 0, 'clusters-unreadable'],
    [[ok], 0, 'consistent'],
    [[ok, down], 2, 'drift'],
  ] as const)('%j with %d finding(s) is %s', (clusters, count, state) => {
    expect(reportState([...clusters], count)).toBe(state);
  });
});

describe('entityState', () => {
  it.each([
    [false, [], 0, 'not-annotated'],
    [false, [ok], 0, 'not-annotated'],
    [false, [ok], 1, 'drift'],
    [true, [], 0, 'no-clusters'],
    [true, [down], 0, 'clusters-unreadable'],
    [true, [ok, down], 0, 'consistent'],
    [true, [ok], 1, 'drift'],
  ] as const)(
    'annotated %s, clusters %j, %d finding(s): %s',
    (annotated, clusters, findingCount, state) => {
      expect(
        entityState({ annotated, clusters: [...clusters], findingCount }),
      ).toBe(state);
    },
  );
});
