import { parse } from 'yaml';
import { markdownBlocks, markdownTableRows } from '../__testUtils__/markdown';
import { renderHandlebars } from './handlebars';

const render = (source: string, values: object) =>
  renderHandlebars(source, { values });

describe('yamlString', () => {
  it.each([
    'no',
    'on',
    'y',
    '~',
    'null',
    '2024-01-01',
    '0x1F',
    '1:20',
    '- a',
    '{x: 1}',
    '"\'#c',
    'two\nlines\t\\',
    'del \u007f nel \u0085 ls \u2028 ps \u2029 bom \ufeff \ufffe',
  ])('writes %j so YAML 1.1 and 1.2 read the same string', value => {
    const yaml = render('key: {{yamlString values.v}}', { v: value });
    expect(yaml).toMatch(/^key: "[^\u007f-\u009f\u2028\u2029\ufeff\ufffe]*"$/);
    expect(parse(yaml, { version: '1.1' }).key).toBe(value);
    expect(parse(yaml, { version: '1.2' }).key).toBe(value);
  });

  it('writes null as YAML null, numbers as strings, and refuses objects', () => {
    expect(render('{{yamlString values.v}}', { v: null })).toBe('null');
    expect(render('{{yamlString values.v}}', { v: 8080 })).toBe('"8080"');
    expect(() => render('{{yamlString values.v}}', { v: { a: 1 } })).toThrow(
      "helper 'yamlString' expects a string",
    );
  });
});

describe('concat', () => {
  it('joins strings, for derived names written with yamlString', () => {
    expect(
      render('{{yamlString (concat "resource:" values.v "-db")}}', { v: 'no' }),
    ).toBe('"resource:no-db"');
    expect(() => render('{{concat values.v}}', { v: 'a' })).toThrow(
      "helper 'concat' expects at least 2 argument(s), got 1",
    );
    expect(() => render('{{concat "a" values.v}}', { v: null })).toThrow(
      "helper 'concat (argument 2)' expects a string, got null",
    );
  });
});

describe('markdownText', () => {
  const cellOf = (value: string) => {
    const source = render(
      '| Key | Value |\n| --- | --- |\n| On call | {{markdownText values.v}} |\n',
      { v: value },
    );
    const rows = markdownTableRows(source);
    expect(rows).toHaveLength(2);
    expect(rows[1][0].text).toBe('On call');
    expect(rows[1][1].markup).toEqual([]);
    return rows[1][1].text;
  };
  const paragraphOf = (value: string) => {
    const blocks = markdownBlocks(
      render('# Title\n\n{{markdownText values.v}}\n\nNext.\n', { v: value }),
    );
    expect(blocks.map(b => b.type)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
    ]);
    expect(blocks[1].markup).toEqual([]);
    return blocks[1].text;
  };

  it.each([
    'PagerDuty: checkout #2 | {{owner}} "primary"',
    '`tick` *bold* _em_ ~~gone~~ [link](https://x) ![img](y) <b>html</b> &amp; \\| \\',
    '&anchor *alias !tag %directive @at `tick` |block >folded',
    'tab\there \\ back\u007fslash \u00e9 - a # b > c 1. d',
    '<https://pagerduty.example/services/P123>',
    '# heading',
    '> quote',
    '- item',
    '+ item',
    '1. item',
    '12) item',
    '===',
    '---',
    '    indented code',
    '```js',
    '~~~',
    '[ref]: https://example.com',
    '<div>block</div>',
  ])(
    'writes %j as one line that reads as the very text, in a table cell and a paragraph',
    value => {
      expect(cellOf(value)).toBe(value.trim());
      expect(paragraphOf(value)).toBe(value.trim());
    },
  );

  it('reads every line break as a space, so the text stays one line', () => {
    const value = 'line one\nline two\r\n- three\rfour\u2028five\n';
    expect(cellOf(value)).toBe('line one line two - three four five');
    expect(paragraphOf(value)).toBe('line one line two - three four five');
  });

  it('refuses a value that is not text', () => {
    expect(() => render('{{markdownText values.v}}', { v: ['a'] })).toThrow(
      "helper 'markdownText' expects a string",
    );
  });
});
