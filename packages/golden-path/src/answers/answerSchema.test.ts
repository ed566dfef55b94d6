import { buildAnswerSchema } from './answerSchema';

describe('buildAnswerSchema', () => {
  it('merges pages, keeps validation keywords and drops ui:* and enumNames', () => {
    const schema = buildAnswerSchema([
      {
        title: 'One',
        required: ['name'],
        properties: {
          name: {
            title: 'Name',
            type: 'string',
            pattern: '^[a-z]+$',
            'ui:autofocus': true,
            'ui:help': 'lowercase only',
          },
        },
      },
      {
        title: 'Two',
        properties: {
          tier: {
            type: 'string',
            enum: ['a', 'b'],
            enumNames: ['A', 'B'],
            default: 'a',
          },
          token: { type: 'string', 'ui:widget': 'password' },
          tags: { type: 'array', items: { type: 'string', 'ui:x': 1 } },
          deploy: {
            type: 'boolean',
            default: false,
            'ui:options': { portalOnly: true },
          },
        },
      },
    ]);
    expect(schema).toEqual({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: {
          title: 'Name',
          type: 'string',
          pattern: '^[a-z]+$',
          'x-help': 'lowercase only',
        },
        tier: { type: 'string', enum: ['a', 'b'], default: 'a' },
        token: { type: 'string', writeOnly: true },
        tags: { type: 'array', items: { type: 'string' } },
        deploy: { type: 'boolean', default: false, 'x-portal-only': true },
      },
    });
  });

  it('accepts a single page object', () => {
    expect(
      buildAnswerSchema({ properties: { a: { type: 'string' } } }).properties,
    ).toEqual({ a: { type: 'string' } });
  });

  it('rejects a parameter declared twice, unknown required names and conditional pages', () => {
    const page = { properties: { a: { type: 'string' } } };
    expect(() => buildAnswerSchema([page, page])).toThrow(
      "parameter 'a' is declared on more than one page",
    );
    expect(() => buildAnswerSchema([{ ...page, required: ['b'] }])).toThrow(
      "requires 'b', which it does not declare",
    );
    expect(() => buildAnswerSchema([{ ...page, dependencies: {} }])).toThrow(
      'unsupported keyword(s) dependencies',
    );
  });
});
