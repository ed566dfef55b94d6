import { parseScorecard } from './definitions/parseScorecard';
import { evaluateScorecard, failedRequiredChecks } from './evaluate';
import { healthyFacts } from './__testUtils__/facts';
import { RepositoryFacts } from './facts';
import { rollUp } from './rollups';

const CARD = parseScorecard(
  `id: demo
title: Demo
checks:
  - { id: tests-present, title: T, description: d, severity: high, required: true, howToFix: x }
  - { id: lockfile-present, title: L, description: d, severity: low, howToFix: x }
  - { id: cluster-matches-catalog, title: C, description: d, severity: low, howToFix: x }
levels:
  - { id: bronze, title: Bronze, checks: [tests-present] }
  - { id: silver, title: Silver, extends: bronze, checks: [lockfile-present] }
  - { id: gold, title: Gold, extends: silver, checks: [cluster-matches-catalog] }
`,
  'demo.yaml',
);

const repo = healthyFacts().repository as RepositoryFacts;

describe('evaluateScorecard', () => {
  it('reaches the highest level whose checks all pass', () => {
    const result = evaluateScorecard(
      CARD,
      healthyFacts(),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(result).toMatchObject({
      level: 'gold',
      scorecardId: 'demo',
      evaluatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(result.results.map(r => [r.checkId, r.level])).toEqual([
      ['tests-present', 'bronze'],
      ['lockfile-present', 'silver'],
      ['cluster-matches-catalog', 'gold'],
    ]);
  });

  it('does not count unknown as passing', () => {
    const result = evaluateScorecard(
      CARD,
      healthyFacts({ cluster: { unknown: 'no cluster data' } }),
    );
    expect(result.level).toBe('silver');
    expect(failedRequiredChecks(result)).toEqual([]);
  });

  it('lists failed required checks; a failing lower level caps the level', () => {
    const result = evaluateScorecard(
      CARD,
      healthyFacts({
        repository: { ...repo, testFileCount: 0, testFiles: [] },
      }),
    );
    expect(result.level).toBeNull();
    expect(failedRequiredChecks(result).map(r => r.checkId)).toEqual([
      'tests-present',
    ]);
  });
});

describe('rollUp', () => {
  it('rolls up per team, the department up the parent chain, and the organisation', () => {
    const groups = new Map([
      ['group:default/org', { type: 'organization' }],
      [
        'group:default/eng',
        { type: 'department', parent: 'group:default/org' },
      ],
      ['group:default/team-a', { type: 'team', parent: 'group:default/eng' }],
      ['group:default/sub-a', { type: 'team', parent: 'group:default/team-a' }],
    ]);
    const facts = (name: string, owner: string, tests: number) =>
      healthyFacts({
        entityRef: `component:default/${name}`,
        catalog: { ...healthyFacts().catalog, owner },
        repository: { ...repo, testFileCount: tests },
      });
    const results = [
      evaluateScorecard(CARD, facts('a', 'group:default/team-a', 1)),
      evaluateScorecard(CARD, facts('b', 'group:default/sub-a', 0)),
      evaluateScorecard(CARD, facts('c', 'user:default/jo', 1)),
    ];
    const rollups = rollUp(results, groups);
    expect(rollups.organisation.scorecards[0]).toMatchObject({
      serviceCount: 3,
      levelCounts: { bronze: 0, silver: 0, gold: 2, none: 1 },
      passed: 8,
      failed: 1,
      passRate: 8 / 9,
    });
    expect(
      rollups.teams.map(t => [t.ref, t.departmentRef, t.serviceCount]),
    ).toEqual([
      ['group:default/sub-a', 'group:default/eng', 1],
      ['group:default/team-a', 'group:default/eng', 1],
    ]);
    expect(rollups.departments.map(d => [d.ref, d.serviceCount])).toEqual([
      ['group:default/eng', 2],
    ]);
  });
});
