import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseYamlDocuments } from './yamlDocuments';

const referenceValues = (text: string) =>
  loadAll(text, undefined, { schema: CORE_SCHEMA }).filter(
    value => value !== null && value !== undefined,
  );

describe('parseYamlDocuments', () => {
  it('gives each document its line, reports a bad one, and keeps YAML 1.2 core values (dates and << stay data)', () => {
    const text = [
      '\uFEFF# leading comment',
      '',
      '---',
      'a: 2024-01-02',
      '<<: {b: 1}',
      '--- # a comment on the marker',
      '',
      'c: [1, 0x1F, true, ~]',
      '--- {inline: yes}',
      'not---: a marker',
      '',
    ].join('\n');
    expect(parseYamlDocuments(text)).toEqual({
      documents: [
        { index: 1, line: 4, value: { a: '2024-01-02', '<<': { b: 1 } } },
        { index: 2, line: 8, value: { c: [1, 31, true, null] } },
      ],
      errors: [
        {
          index: 3,
          line: 10,
          column: expect.any(Number),
          message: expect.any(String),
        },
      ],
    });
  });

  it('counts an empty document between markers and reports duplicate keys at their line', () => {
    const result = parseYamlDocuments(
      'a: 1\n---\n---\nb: 1\nb: 2\n---\nc: 3\n',
    );
    expect(result.documents).toEqual([
      { index: 1, line: 1, value: { a: 1 } },
      { index: 4, line: 7, value: { c: 3 } },
    ]);
    expect(result.errors).toEqual([
      { index: 3, line: 5, column: 1, message: 'duplicated mapping key' },
    ]);
  });

  it('reads files with directives or document end markers through the full parser, with the same lines', () => {
    const text = '%YAML 1.2\n---\na: 1\n...\n---\n# c\nb: [x\n---\nc: 2\n';
    const result = parseYamlDocuments(text);
    expect(result.documents).toEqual([
      { index: 1, line: 3, value: { a: 1 } },
      { index: 3, line: 9, value: { c: 2 } },
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({ index: 2, line: expect.any(Number) }),
    ]);
  });

  it.each([
    ['a no-break space ending a name', 'metadata:\n  name: web\u00a0\n'],
    ['a no-break space ending a key', 'a\u00a0: b\n'],
    ['U+3000 ending a flow item', 'a: [b\u3000]\n'],
    ['a line of no-break spaces', '\u00a0\n'],
    ['U+2028 and U+2029 (no line breaks in YAML 1.2)', 'a: b\u2028c\u2029\n'],
    ['a BOM after the start', 'a: 1\n---\nb: c\ufeff\n'],
    ['an astral character', 'a: \ud83d\ude80\n'],
    ['a lone carriage return as a line break', 'a: 1\r---\rb: 2\r'],
  ])('reads %s as js-yaml does', (_name, text) => {
    const result = parseYamlDocuments(text);
    expect(result.errors).toEqual([]);
    expect(result.documents.map(d => d.value)).toEqual(referenceValues(text));
  });

  it.each([
    ['CR (classic Mac)', '\r'],
    ['CRLF (Windows)', '\r\n'],
    ['LF', '\n'],
  ])(
    'numbers lines and reads commented documents with %s line breaks',
    (_name, nl) => {
      const text = [
        '# catalog',
        'a: 1',
        '---',
        '# the second one',
        '',
        'b: 2',
        '---',
        'c: [1',
        '',
      ].join(nl);
      const result = parseYamlDocuments(text);
      expect(result.documents).toEqual([
        { index: 1, line: 2, value: { a: 1 } },
        { index: 2, line: 6, value: { b: 2 } },
      ]);
      expect(result.errors).toEqual([
        expect.objectContaining({ index: 3, line: 9 }),
      ]);
    },
  );

  it('does not start a document after U+2028, which a multiline regex takes for a line break', () => {
    const text = 'a: x\u2028--- \u2028b: 1\n';
    expect(() => referenceValues(text)).toThrow('bad indentation');
    expect(parseYamlDocuments(text)).toEqual({
      documents: [],
      errors: [
        {
          index: 1,
          line: 1,
          column: 12,
          message: 'bad indentation of a mapping entry',
        },
      ],
    });
  });

  it.each([
    ['a form feed', 'b\f', 6, 'the stream contains non-printable characters'],
    ['a bell', 'x\u0007', 6, 'the stream contains non-printable characters'],
    ['a bell in quotes', '"x\u0007y"', 8, 'expected valid JSON character'],
    [
      'a C1 control',
      'x\u0090',
      6,
      'the stream contains non-printable characters',
    ],
    ['U+FFFE', 'x\ufffe', 6, 'the stream contains non-printable characters'],
    [
      'a lone surrogate',
      'x\ud800',
      6,
      'the stream contains non-printable characters',
    ],
  ])(
    'reports %s as js-yaml does, at its line, and still reads the other documents',
    (_name, value, column, message) => {
      const text = `a: 1\n---\n# c\na: ${value}\n---\nb: 2\n`;
      expect(parseYamlDocuments(text)).toEqual({
        documents: [
          { index: 1, line: 1, value: { a: 1 } },
          { index: 3, line: 6, value: { b: 2 } },
        ],
        errors: [{ index: 2, line: 4, column, message }],
      });
    },
  );
});
