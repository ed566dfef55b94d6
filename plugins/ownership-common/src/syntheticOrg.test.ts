import { analyzeOwnership } from './analyzeOwnership';
import { generateSyntheticOrg } from './syntheticOrg';

describe('generateSyntheticOrg', () => {
  it('generates exactly the number of entities asked for, the same for the same seed', () => {
    const a = generateSyntheticOrg({ entities: 5000, seed: 3 });
    expect(a).toHaveLength(5000);
    expect(generateSyntheticOrg({ entities: 5000, seed: 3 })).toEqual(a);
    expect(generateSyntheticOrg({ entities: 5000, seed: 4 })).not.toEqual(a);
    for (const n of [0, 1, 7, 99]) {
      expect(generateSyntheticOrg({ entities: n })).toHaveLength(n);
    }
  });

  it('has realistic proportions and some of every common mistake', () => {
    const entities = generateSyntheticOrg({ entities: 20000, seed: 1 });
    const kinds: Record<string, number> = {};
    for (const e of entities) kinds[e.kind!] = (kinds[e.kind!] ?? 0) + 1;
    expect(kinds).toMatchObject({
      Group: 500,
      User: 4000,
      Domain: 60,
      System: 1000,
      API: 2400,
      Resource: 3000,
    });
    const report = analyzeOwnership(entities);
    for (const type of [
      'user-owner',
      'unknown-owner',
      'no-owner',
      'dangling-reference',
      'cross-team-dependency',
      'split-system',
      'empty-team',
      'group-cycle',
    ]) {
      expect(report.summary.findingCountsByType).toHaveProperty(type);
    }
    expect(report.summary.coverage).toBeGreaterThan(0.95);
    expect(report.summary.score).toBeGreaterThan(50);
  });

  it('is analysed in roughly linear time (guards against quadratic steps)', () => {
    const time = (n: number) => {
      const entities = generateSyntheticOrg({ entities: n, seed: 1 });
      analyzeOwnership(entities); // warm-up
      const start = process.hrtime.bigint();
      analyzeOwnership(entities);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const small = time(10000);
    const large = time(80000);
    // 8× the entities; quadratic would be ~64×. A ratio, not a time: a uniformly slow or
    // loaded machine scales both runs (absolute figures live in the benchmark, docs/benchmarks.md).
    expect(large / Math.max(small, 1)).toBeLessThan(25);
  });
});
