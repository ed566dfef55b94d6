import { analyzeOwnership } from '../analyzeOwnership';
import { teamReport } from '../reportHelpers';
import { component, departments, system } from '../__testUtils__/entities';
import { groupId, modelOf } from '../__testUtils__/model';
import { analyzeCohesion } from './cohesion';
import { analyzeCoupling } from './coupling';
import { checkOwnership } from './ownership';
import { countScores, scored } from './scores';

describe('scores, through analyzeOwnership', () => {
  it('scores with 40 % ownership, 35 % cohesion, 25 % coupling, leaving out terms without data', () => {
    expect(analyzeOwnership([]).summary.score).toBeNull();
    const report = analyzeOwnership([
      ...departments(),
      system('s', { owner: 'a' }),
      component('ok', { owner: 'a', system: 's' }),
      component('orphan', { owner: 'user:ua', system: 's' }),
    ]);
    // ownership 2/3, cohesion 1/2, no edges: 100 × (0.4 × 2/3 + 0.35 × 0.5) / 0.75
    expect(report.summary.scoreBreakdown).toEqual({
      ownership: 0.6667,
      cohesion: 0.5,
      coupling: null,
    });
    expect(report.summary.score).toBe(58.9);
    // Team a answers for its system, its part and the user-owned part of its system.
    expect(teamReport(report, 'a')!.counts).toEqual({
      validOwned: 2,
      owned: 3,
      alignedParts: 1,
      parts: 2,
      interfaceEdges: 0,
      couplingEdges: 0,
    });
    expect(teamReport(report, 'a')!.score).toBe(58.9);
    // The department has no data of its own (no score) but inherits its team's counts when rolled up.
    expect(teamReport(report, 'dept')!.score).toBeNull();
    expect(teamReport(report, 'dept')!.aggregatedScore).toBe(58.9);
    expect(teamReport(report, 'b')!.aggregatedScore).toBeNull();
  });
});

describe('countScores', () => {
  const scoresOf = (entities: unknown[]) => {
    const model = modelOf(entities);
    const owned = checkOwnership(model);
    const scores = countScores(
      model,
      owned,
      analyzeCohesion(model),
      analyzeCoupling(model),
    );
    return { model, scores };
  };

  it("counts an entity for its owner and its container's owner, and rolls counts up", () => {
    const { model, scores } = scoresOf([
      ...departments(),
      system('s', { owner: 'a' }),
      component('x', { owner: 'c', system: 's' }),
      component('y', { owner: 'ghost', system: 's' }),
      component('z', { owner: 'b', dependsOn: ['x'] }),
    ]);
    const [a, b, c, dept, org] = ['a', 'b', 'c', 'dept', 'org'].map(n =>
      groupId(model, n),
    );
    expect(scores.counts[a]).toEqual({
      validOwned: 2,
      owned: 3,
      alignedParts: 0,
      parts: 2,
      interfaceEdges: 0,
      couplingEdges: 0,
    });
    expect(scores.counts[c]).toMatchObject({ owned: 1, parts: 1 });
    expect(scores.counts[b]).toMatchObject({ owned: 1, couplingEdges: 1 });
    expect(scores.aggregated[dept]).toMatchObject({
      owned: 4,
      parts: 2,
      couplingEdges: 1,
    });
    expect(scores.aggregated[org]).toMatchObject({ owned: 5, parts: 3 });
    expect(scores.org).toEqual({
      validOwned: 3,
      owned: 4,
      alignedParts: 0,
      parts: 2,
      interfaceEdges: 0,
      couplingEdges: 1,
    });
    expect([
      scores.ownedCount[a],
      scores.aggregatedOwned[dept],
      scores.aggregatedOwned[org],
    ]).toEqual([1, 2, 3]);
    expect(scores.coveredCount).toBe(3);
    expect(scores.orphansByType).toEqual({
      'no-owner': 0,
      'unknown-owner': 1,
      'user-owner': 0,
      'empty-team-owner': 0,
    });
  });

  it('rounds the terms to four decimals and leaves terms without data null', () => {
    expect(
      scored({
        validOwned: 1,
        owned: 3,
        alignedParts: 0,
        parts: 0,
        interfaceEdges: 2,
        couplingEdges: 1,
      }),
    ).toEqual({
      // (0.4 × 1/3 + 0.25 × 2/3) / 0.65
      score: 46.2,
      scoreBreakdown: { ownership: 0.3333, cohesion: null, coupling: 0.6667 },
    });
  });
});
