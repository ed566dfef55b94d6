import { parseYamlDocuments } from './yamlDocuments';

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
});
