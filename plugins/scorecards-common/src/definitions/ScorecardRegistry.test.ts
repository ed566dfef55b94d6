import { ScorecardRegistry } from './ScorecardRegistry';

const card = (id: string, minFiles = 1) => `id: ${id}
title: ${id}
checks:
  - id: tests-present
    title: Tests
    description: Has tests
    severity: high
    howToFix: docs/scorecards.md#tests-present
    params: { minFiles: ${minFiles} }
levels:
  - id: bronze
    title: Bronze
    checks: [tests-present]
`;

describe('ScorecardRegistry', () => {
  it('keeps the previous definition of a file that became invalid, and reports file and line', () => {
    const registry = new ScorecardRegistry();
    expect(
      registry.update([{ file: 'a.yaml', text: card('a', 2) }]).errors,
    ).toEqual([]);
    const update = registry.update([{ file: 'a.yaml', text: card('a', -5) }]);
    expect(update.errors).toEqual([
      {
        file: 'a.yaml',
        line: 9,
        message:
          "check 'tests-present': parameter 'minFiles' must be at least 1, got -5",
      },
    ]);
    expect(registry.get('a')?.checks[0].params).toEqual({ minFiles: 2 });
  });

  it('refuses a second file with the same scorecard id, drops removed files', () => {
    const registry = new ScorecardRegistry();
    const update = registry.update([
      { file: 'a.yaml', text: card('same') },
      { file: 'b.yaml', text: card('same') },
    ]);
    expect(update.errors).toEqual([
      {
        file: 'b.yaml',
        line: 1,
        message: "duplicate scorecard id 'same' (also defined in a.yaml)",
      },
    ]);
    expect(update.scorecards).toHaveLength(1);
    expect(registry.update([]).scorecards).toEqual([]);
  });

  it('loads nothing from an invalid file it never had', () => {
    const registry = new ScorecardRegistry();
    expect(
      registry.update([{ file: 'a.yaml', text: 'id: [' }]).scorecards,
    ).toEqual([]);
  });
});
