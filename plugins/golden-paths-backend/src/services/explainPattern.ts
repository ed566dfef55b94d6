/**
 * Explains in words why a value does not match a parameter's `pattern`, by
 * trying the value's characters in a string the pattern accepts; the form
 * shows this instead of the regular expression.
 */

const CHARACTER_CLASSES: Array<{ sample: string; words: string }> = [
  { sample: 'b', words: 'lower-case letters' },
  { sample: 'B', words: 'upper-case letters' },
  { sample: '7', words: 'digits' },
  { sample: '-', words: 'dashes' },
  { sample: '_', words: 'underscores' },
  { sample: '.', words: 'dots' },
];

const list = (words: string[]) =>
  words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** 'a lower-case letter or a digit' */
const either = (classes: Array<{ words: string }>) => {
  const one = classes.map(k => {
    const word = k.words.replace(/s$/, '');
    return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
  });
  return one.length < 2
    ? one.join('')
    : `${one.slice(0, -1).join(', ')} or ${one[one.length - 1]}`;
};

const quoteChars = (chars: string[]) =>
  list(chars.map(c => (c === ' ' ? 'spaces' : `'${c}'`)));

/**
 * @returns a sentence saying what is wrong with `value` and what to do, or
 * undefined when `value` matches `pattern`
 */
export function explainPatternProblem(
  value: string,
  pattern: string,
): string | undefined {
  const regex = new RegExp(pattern, 'u');
  const ok = (s: string) => regex.test(s);
  if (ok(value)) {
    return undefined;
  }
  // A string the pattern accepts, to try single characters inside of.
  const base = ['a', 'ab', 'abc', 'a1', 'A', 'x1'].find(ok);
  if (base === undefined) {
    return `'${value}' does not have the required form`;
  }
  const inside = (c: string) => ok(`${base}${c}${base}`);
  const allowedWords = CHARACTER_CLASSES.filter(k => inside(k.sample)).map(
    k => k.words,
  );
  const allowed = list(allowedWords);
  const chars = [...new Set([...value])];
  const refused = chars.filter(c => !inside(c));
  if (refused.length > 0) {
    const upper = refused.filter(c => c !== c.toLowerCase());
    if (upper.length === refused.length && ok(value.toLowerCase())) {
      return `'${value}' has upper-case letters: use ${allowed} only`;
    }
    return `'${value}' contains ${quoteChars(refused)}: use ${allowed} only`;
  }
  const first = [...value][0];
  if (first !== undefined && !ok(`${first}${base}`)) {
    const starters = CHARACTER_CLASSES.filter(k => ok(`${k.sample}${base}`));
    return `'${value}' starts with '${first}': start with ${either(starters)}`;
  }
  const last = [...value].pop();
  if (last !== undefined && !ok(`${base}${last}`)) {
    const enders = CHARACTER_CLASSES.filter(k => ok(`${base}${k.sample}`));
    return `'${value}' ends with '${last}': end with ${either(enders)}`;
  }
  return `'${value}' is not allowed: use ${allowed}`;
}
