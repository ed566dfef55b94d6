import { explainPatternProblem } from './explainPattern';

const DNS_LABEL = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

describe('explainPatternProblem', () => {
  it.each([
    ['orders-api', undefined],
    [
      'Orders',
      "'Orders' has upper-case letters: use lower-case letters, digits and dashes only",
    ],
    [
      'orders_api',
      "'orders_api' contains '_': use lower-case letters, digits and dashes only",
    ],
    [
      'my service!',
      "'my service!' contains spaces and '!': use lower-case letters, digits and dashes only",
    ],
    ['1orders', "'1orders' starts with '1': start with a lower-case letter"],
    ['-orders', "'-orders' starts with '-': start with a lower-case letter"],
    [
      'orders-',
      "'orders-' ends with '-': end with a lower-case letter or a digit",
    ],
  ])('%s', (value, expected) => {
    expect(explainPatternProblem(value, DNS_LABEL)).toBe(expected);
  });

  it('never quotes the regular expression', () => {
    for (const value of ['A', '_', 'a_', '-', 'a-', '9']) {
      const problem = explainPatternProblem(value, DNS_LABEL);
      expect(problem).toBeDefined();
      expect(problem).not.toContain('[a-z');
    }
  });

  it('explains other patterns by what they accept', () => {
    expect(explainPatternProblem('a.b', '^[a-z_]+$')).toBe(
      "'a.b' contains '.': use lower-case letters and underscores only",
    );
  });
});
