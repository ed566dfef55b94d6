import { parse } from 'yaml';
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
