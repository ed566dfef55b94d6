import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { stringify } from 'yaml';
import { generateSyntheticOrg } from '@conway/plugin-ownership-common';
import { NOT_SIMPLE, readSimpleBlockYaml } from './blockYaml';

const read = (text: string) => readSimpleBlockYaml(text, 0, text.length);
const reference = (text: string) => load(text, { schema: CORE_SCHEMA }) ?? null;

describe('readSimpleBlockYaml', () => {
  it.each([
    [
      'mapping with nested blocks',
      'a: 1\nb:\n  c: x\n  d:\n    - 1\n    - two\n',
    ],
    ['sequence at its key’s indentation', 'tags:\n- a\n- b\nnext: 1\n'],
    [
      'compact mappings in a sequence',
      'l:\n  - name: a\n    n: 1\n  - name: b\n',
    ],
    ['nested sequences', '- - a\n  - b\n- c\n'],
    ['comments and blank lines', '--- # start\n# c\na: 1 # one\n\nb: x#y\n'],
    [
      'core scalars',
      'a: ~\nb: null\nc: True\nd: 0x1F\ne: -1.5e3\nf: .inf\ng: 0o17\nh: 2024-01-02\ni: -x\nj: 012\n',
    ],
    ['keys resolved like js-yaml', '1.0: a\nnull: b\ntrue: c\n<<: d\n'],
    ['quoted scalars', `a: "x: #y"\nb: 'it''s'\nc: "" # empty\nd: ''\n`],
    ['flow collections', 'a: []\nb: {}\nc: [x, "y, z", 3, true]\nd: [ -1 ]\n'],
    [
      'urls and colons in values',
      'a: url:https://x/y\nb: http://h:80/p\nc: a:b\n',
    ],
    ['empty values', 'a:\nb: \nc:\n  - \n  -\n'],
    ['indented document', '  a: 1\n  b: 2\n'],
    ['only comments', '# nothing\n'],
    [
      'no-break spaces and U+3000 ending keys, values and flow items (YAML trims spaces only)',
      'metadata:\n  name: web\u00a0\na\u00a0: b\nc: [b\u3000, d\u00a0 ]\ne: f\u3000 # c\n',
    ],
    ['a colon before a no-break space in a value', 'a: b:\u00a0\n'],
    [
      'a repeated key with spaces before its colon',
      'l:\n  - name: a\n  - name  : b\n  - name   : c\n  - name: d\n',
    ],
    [
      'a repeated value followed by spaces or a comment',
      'l:\n  - x\n  - x   \n  - x # c\n  - x#y\n  - x\u00a0\n  - x\n',
    ],
    [
      'repeated booleans and numbers next to the same words quoted',
      'a: true\nb: true\nc: 1\nd: 1\ne: "true"\nf: true\ng: [true, 1]\nh: 1\n',
    ],
    [
      'a repeated value longer than the reused ones',
      `a: ${'x'.repeat(100)}\nb: ${'x'.repeat(100)}\nc: ${'x'.repeat(99)}\n`,
    ],
  ])('reads %s as js-yaml does', (_name, text) => {
    const value = read(text);
    expect(value).not.toBe(NOT_SIMPLE);
    expect(value).toEqual(reference(text));
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['escapes in double quotes', 'a: "x\\ny"\n'],
    ['quoted keys', '"a": 1\n'],
    ['flow mappings with content', 'a: {b: 1}\n'],
    ['multi-line flow', 'a: [1,\n  2]\n'],
    ['a root scalar', 'hello\n'],
    ['__proto__', '__proto__: {}\n'],
    ['duplicate keys (js-yaml reports them)', 'a: 1\na: 2\n'],
    ['bad indentation (js-yaml reports it)', 'a:\n    b: 1\n  c: 2\n'],
    ['a mapping value in a plain scalar', 'a: b: c\n'],
    ['a trailing comma', 'a: [x, ]\n'],
    ['content after the marker', '--- a: 1\n'],
    ['a marker followed by a comment without a space', '---#c\na: 1\n'],
    ['a marker followed by a no-break space', '---\u00a0\na: 1\n'],
  ])('leaves %s to js-yaml', (_name, text) => {
    expect(read(text)).toBe(NOT_SIMPLE);
  });

  it('reads values again as js-yaml does once they are reused from an earlier document', () => {
    const long = 'y'.repeat(70);
    const text = `kind: x\nname  : web\nowner: team-a # c\nflag: true\nn: 1\nlong: ${long}\n`;
    for (let round = 0; round < 3; round++) {
      expect(read(text)).toEqual(reference(text));
    }
    expect(read('name: true\nkind: 1\n')).toEqual({ name: true, kind: 1 });
  });

  it('reads every document of a generated organisation exactly as js-yaml does, whichever writer wrote it', () => {
    const org = generateSyntheticOrg({ entities: 3000, seed: 3 });
    for (const write of [
      (e: object) => dump(e, { lineWidth: -1 }),
      (e: object) => stringify(e),
    ]) {
      let simple = 0;
      for (const entity of org) {
        const text = write(entity);
        const value = read(text);
        if (value !== NOT_SIMPLE) simple++;
        expect(value === NOT_SIMPLE ? reference(text) : value).toEqual(
          JSON.parse(JSON.stringify(entity)),
        );
      }
      expect(simple).toBe(org.length);
    }
  });
});
