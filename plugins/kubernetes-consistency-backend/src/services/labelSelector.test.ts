import { parseLabelSelector, matchesSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  it.each([
    ['a=b', { a: 'b' }, true],
    ['a==b,c', { a: 'b', c: '' }, true],
    ['a!=b', { a: 'c' }, true],
    ['a!=b', {}, true],
    ['a in (x, y),!z', { a: 'y' }, true],
    ['a notin (x,y)', { a: 'x' }, false],
    ['!a', { a: '1' }, false],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(matchesSelector(parseLabelSelector(selector), labels)).toBe(
      expected,
    );
  });

  it('refuses what is not a selector', () => {
    expect(() => parseLabelSelector('a in (b')).toThrow(
      "cannot parse 'a in (b'",
    );
    expect(() => parseLabelSelector(' ')).toThrow('it is empty');
  });
});
