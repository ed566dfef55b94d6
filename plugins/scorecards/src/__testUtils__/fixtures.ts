import { ScorecardsApi } from '../api/ScorecardsApi';
import type { OverviewResponse, ServiceResult } from '@conway/plugin-scorecards-common';

const levels = [
  { id: 'bronze', title: 'Bronze' },
  { id: 'silver', title: 'Silver' },
];

/** The Checkout team's service, bronze, failing a required critical check. */
export const checkoutService: ServiceResult = {
  entityRef: 'component:default/checkout-service',
  title: 'Checkout Service',
  owner: { ref: 'group:default/team-checkout', title: 'Checkout' },
  team: { ref: 'group:default/team-checkout', title: 'Checkout' },
  department: { ref: 'group:default/commerce', title: 'Commerce' },
  evaluatedAt: '2026-12-04T10:00:00.000Z',
  runId: 3,
  scorecards: [
    {
      id: 'production-readiness',
      title: 'Production readiness',
      levels,
      level: 'bronze',
      checks: [
        {
          checkId: 'owner-is-team',
          title: 'Owned by a team',
          description: 'The owner is a team with members.',
          severity: 'critical',
          level: 'bronze',
          required: true,
          status: 'pass',
        },
        {
          checkId: 'tests-present',
          title: 'Tests present',
          description: 'The repository has tests.',
          severity: 'high',
          level: 'silver',
          required: true,
          status: 'fail',
          reason: 'no test files found',
          howToFix: 'docs/scorecards.md#tests-present',
        },
        {
          checkId: 'on-call',
          title: 'On-call named',
          description: 'Who is paged.',
          severity: 'high',
          level: 'silver',
          required: false,
          status: 'unknown',
          reason: 'The repository is hosted on GitHub',
          howToFix: 'https://example.org/on-call',
        },
      ],
    },
  ],
};

export const overview: OverviewResponse = {
  generatedAt: '2026-12-04T10:00:00.000Z',
  serviceCount: 1,
  scorecards: [
    {
      id: 'production-readiness',
      title: 'Production readiness',
      levels,
      levelCounts: { none: 0, bronze: 1, silver: 0 },
      serviceCount: 1,
      passRate: 0.5,
    },
  ],
  teams: [
    {
      team: { ref: 'group:default/team-checkout', title: 'Checkout' },
      department: { ref: 'group:default/commerce', title: 'Commerce' },
      serviceCount: 1,
      scorecards: [
        {
          id: 'production-readiness',
          title: 'Production readiness',
          levels,
          levelCounts: { none: 0, bronze: 1, silver: 0 },
          serviceCount: 1,
          passRate: 0.5,
        },
      ],
    },
  ],
  departments: [{ ref: 'group:default/commerce', title: 'Commerce' }],
  failingChecks: [
    {
      scorecardId: 'production-readiness',
      scorecardTitle: 'Production readiness',
      checkId: 'tests-present',
      title: 'Tests present',
      severity: 'high',
      level: 'silver',
      howToFix: 'docs/scorecards.md#tests-present',
      failingCount: 1,
      unknownCount: 0,
    },
  ],
  trends: [
    { day: '2026-12-03', scorecardId: 'production-readiness', serviceCount: 1, levelCounts: { bronze: 1 }, passRate: 0.4 },
    { day: '2026-12-04', scorecardId: 'production-readiness', serviceCount: 1, levelCounts: { bronze: 1 }, passRate: 0.5 },
  ],
};

/** A {@link ScorecardsApi} answering with the fixtures above. */
export function mockScorecardsApi(): jest.Mocked<ScorecardsApi> {
  return {
    getOverview: jest.fn(async () => overview),
    getServices: jest.fn(async () => ({
      generatedAt: overview.generatedAt,
      items: [checkoutService],
      total: 1,
      offset: 0,
      limit: 1000,
    })),
    getEntity: jest.fn(async (_ref: string) => ({ ...checkoutService, history: [] })),
    getGuide: jest.fn(async (path: string) => ({ path, markdown: '# Scorecards\n\n### tests-present\nAdd tests.' })),
    exportFile: jest.fn(),
    refresh: jest.fn(),
  };
}
