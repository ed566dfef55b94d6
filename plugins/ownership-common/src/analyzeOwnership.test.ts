import { analyzeOwnership } from './analyzeOwnership';
import { generateSyntheticOrg } from './syntheticOrg';
import { component, departments } from './__testUtils__/entities';

// Each stage's tests sit beside it in analysis/; these hold for the whole.
describe('analyzeOwnership', () => {
  it('is deterministic, independent of input order, and JSON-serialisable', () => {
    const entities = generateSyntheticOrg({ entities: 3000, seed: 7 });
    const shuffled = [...entities];
    let seed = 42;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const a = analyzeOwnership(entities);
    const b = analyzeOwnership(shuffled);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.findings.length).toBeGreaterThan(0);
  });

  it('does not change its input', () => {
    const entities = [
      ...departments(),
      component('x', { owner: 'a', dependsOn: ['y'] }),
    ];
    const copy = JSON.parse(JSON.stringify(entities));
    analyzeOwnership(entities);
    expect(entities).toEqual(copy);
  });
});
