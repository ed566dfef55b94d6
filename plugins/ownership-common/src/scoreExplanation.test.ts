import { analyzeOwnership } from './analyzeOwnership';
import { emptyScoreCounts } from './score';
import {
  explainScore,
  SCORE_TERM_LABELS,
  teamScoreEvidence,
} from './scoreExplanation';
import { loadExampleOrg } from './__testUtils__/entities';

describe('explainScore', () => {
  it('fills the formula in and gives each term its fraction and points', () => {
    const e = explainScore({
      validOwned: 56,
      owned: 59,
      alignedParts: 43,
      parts: 55,
      interfaceEdges: 10,
      couplingEdges: 10,
    });
    expect(e.score).toBe(77.8);
    expect(e.formula).toBe(
      '100 × (0.40 × 94.9 % + 0.35 × 78.2 % + 0.25 × 50.0 %) = 77.8',
    );
    expect(e.terms.map(t => [t.label, t.points, t.maxPoints])).toEqual([
      ['Owned by a team with members', 38, 40],
      ['System cohesion', 27.4, 35],
      ['Dependencies through APIs', 12.5, 25],
    ]);
    expect(e.terms[2].fraction).toBe(
      "10 of 20 dependencies between teams go through an API (the other 10 depend directly on another team's component or resource)",
    );
    expect(e.terms.every(t => t.noData === undefined && t.moves)).toBe(true);
  });

  it('says "no data" for a term without data, which is left out of the score', () => {
    const e = explainScore(
      { ...emptyScoreCounts(), validOwned: 4, owned: 4, parts: 4 },
      'group',
    );
    // The example org's SRE team: nothing wrong with ownership, no cross-team
    // edges, but none of its 4 parts aligned: (40 + 0) / 0.75, coupling left out.
    expect(e.score).toBe(53.3);
    expect(e.formula).toBe(
      '100 × (0.40 × 100.0 % + 0.35 × 0.0 %) / 0.75 = 53.3; left out: Dependencies through APIs: no data',
    );
    expect(e.terms[2].noData).toMatch(
      /^No data: no dependencies of this group/,
    );
    expect(e.terms[2].noData).toMatch(/is left out of the score\.$/);
    expect([e.terms[2].points, e.terms[2].maxPoints]).toEqual([0, 0]);
    // The remaining terms share the 100 points: 53.3 of 53.3 and 0 of 46.7.
    expect(e.terms.map(t => [t.points, t.maxPoints])).toEqual([
      [53.3, 53.3],
      [0, 46.7],
      [0, 0],
    ]);
    expect(explainScore(emptyScoreCounts()).score).toBeNull();
    expect(explainScore(emptyScoreCounts()).formula).toBe(
      'no data in any term (Owned by a team with members: no data, System cohesion: no data, Dependencies through APIs: no data)',
    );
  });

  it('names the terms the same way everywhere', () => {
    expect(Object.values(SCORE_TERM_LABELS)).toEqual(
      explainScore(emptyScoreCounts()).terms.map(t => t.label),
    );
  });
});

describe('teamScoreEvidence', () => {
  const report = analyzeOwnership(loadExampleOrg());

  it('lists the parts behind a low cohesion term, even for a team without findings', () => {
    const sre = report.teams.find(t => t.ref === 'group:default/team-sre')!;
    expect(sre.findingIds).toEqual([]);
    const evidence = teamScoreEvidence(report, sre.ref);
    expect(evidence.misalignedParts).toHaveLength(sre.counts.parts);
    expect(evidence.couplingEdges).toEqual([]);
  });

  it('lists direct dependencies on other teams', () => {
    const evidence = teamScoreEvidence(report, 'group:default/team-checkout');
    expect(evidence.couplingEdges).toContainEqual({
      fromRef: 'component:default/checkout-service',
      toRef: 'component:default/inventory-service',
      toTeamRef: 'group:default/team-warehouse',
    });
  });
});
