import { resolve as resolvePath } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import { validateCatalogInfo } from '../catalog/validateCatalogInfo';
import { AnswerValidationError } from '../errors';
import { renderToDirectory } from '../render/renderToDirectory';
import { renderSkeleton } from '../render/renderSkeleton';
import { loadTemplate } from '../template/loadTemplate';
import type { GoldenPathTemplate } from '../template/types';
import type { JsonObject } from '../types';
import { buildAnswerSchema } from './answerSchema';
import { derivedMaxLength } from './derivedNames';
import { validateAnswers } from './validateAnswers';

const TEMPLATE_DIR = resolvePath(
  __dirname,
  '../../../../templates/typescript-service',
);
const VALID = {
  name: 'orders-api',
  owner: 'group:default/team-checkout',
  database: 'postgres',
  ciProvider: 'gitlab-ci',
};
const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
];

let template: GoldenPathTemplate;
beforeAll(async () => {
  template = await loadTemplate(TEMPLATE_DIR);
});

const validateAnswersOf = (raw: unknown) => validateAnswers(template, raw);

function errorsFor(raw: unknown) {
  try {
    validateAnswersOf(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerValidationError);
    return (error as AnswerValidationError).errors;
  }
  throw new Error('expected validation to fail');
}
const mockDir = createMockDirectory();

describe('derived name limits of typescript-service', () => {
  const nameSchema = () => template.answerSchema.properties.name;

  it("sets the name's maxLength to what its derived names allow", () => {
    const derived = derivedMaxLength('name', nameSchema()['x-derived-names']!);
    expect(derived?.maxLength).toBe(58);
    expect(nameSchema().maxLength).toBe(derived?.maxLength);
  });

  it('accepts the longest name, and every name built from it fits its limit', async () => {
    const name = `a${'b'.repeat(56)}c`;
    for (const ciProvider of ['github-actions', 'gitlab-ci']) {
      const files = await renderSkeleton(template, {
        ...VALID,
        ciProvider,
        name,
      });
      const text = (path: string) =>
        files.find(f => f.path === path)?.content.toString('utf8') ?? '';
      await expect(
        validateCatalogInfo(text('catalog-info.yaml'), 'catalog-info.yaml'),
      ).resolves.toEqual([]);
      const objects = files
        .filter(f => /^k8s\/base\/(?!kustomization).*\.yaml$/.test(f.path))
        .flatMap(f => parseAllDocuments(text(f.path)).map(d => d.toJS()));
      for (const object of objects) {
        const limit = object.kind === 'Service' ? 63 : 253;
        expect(object.metadata.name.length).toBeLessThanOrEqual(limit);
      }
      const pipeline = text(
        ciProvider === 'gitlab-ci'
          ? '.gitlab-ci.yml'
          : '.github/workflows/ci.yaml',
      );
      for (const [, db] of pipeline.matchAll(/POSTGRES_DB: *"?([\w-]+)/g)) {
        expect(db.length).toBeLessThanOrEqual(63);
      }
    }
  });

  it('declares every derived name the skeleton writes', async () => {
    const name = 'zq-probe';
    const files = await renderSkeleton(template, { ...VALID, name });
    const declared = new Set(
      nameSchema()['x-derived-names']!.map(d =>
        d.format.replace('<name>', name),
      ),
    );
    // Identifier-like words built from the name, other than references to
    // declared names (image paths, refs, URLs, selectors, alert names).
    const written = new Set(
      files
        .flatMap(f => [
          ...f.content.toString('utf8').matchAll(/[\w.-]*zq-probe[\w.-]*/g),
        ])
        .map(([word]) => word.replace(/\.$/, '')),
    );
    expect([...written].filter(w => !declared.has(w)).sort()).toEqual([
      'zq-probe-slo-alerts', // Prometheus rule group names: no length limit
      'zq-probe-slo-recording',
    ]);
    for (const format of declared) {
      expect(written).toContain(format);
    }
  });

  it.each([
    [
      59,
      "the CI pipeline's PostgreSQL database name",
      64,
      "PostgreSQL's identifier limit of 63",
    ],
    [
      61,
      "the CI pipeline's PostgreSQL database name",
      66,
      "PostgreSQL's identifier limit of 63",
    ],
  ])(
    'refuses a %i-character name, naming the derived name and its limit',
    (length, what, derivedLength, limit) => {
      const name = 'a'.repeat(length);
      const errors = errorsFor({ ...VALID, name });
      expect(errors).toHaveLength(1);
      expect(errors[0].field).toBe('name');
      expect(errors[0].message).toContain(
        `'${name}' is too long (at most 58 characters): ${what} '`,
      );
      expect(errors[0].message).toContain(
        `' would be ${derivedLength} characters, over ${limit}`,
      );
      expect(errors[0].message).not.toMatch(/must NOT have more than/);
    },
  );

  it('writes nothing for a too-long name', async () => {
    mockDir.clear();
    await expect(
      renderToDirectory(
        template,
        { ...VALID, name: 'a'.repeat(59) },
        mockDir.resolve('out'),
      ),
    ).rejects.toThrow(/name: 'a{59}' is too long/);
    expect(mockDir.content()).toEqual({});
  });
});

describe('derived names in template parameters', () => {
  const page = (name: JsonObject) => ({ properties: { name } });
  const api = {
    format: '<name>-api',
    title: 'the API name',
    maxLength: 63,
    limit: 'the catalog limit',
  };

  it('refuses a maxLength the derived names do not allow, or none', () => {
    expect(() =>
      buildAnswerSchema(
        page({
          type: 'string',
          maxLength: 63,
          'ui:options': { derivedNames: [api] },
        }),
      ),
    ).toThrow(
      "parameter 'name' needs maxLength 59 at most, for the API name '<name>-api' to stay within the catalog limit of 63; it has 63",
    );
    expect(() =>
      buildAnswerSchema(
        page({ type: 'string', 'ui:options': { derivedNames: [api] } }),
      ),
    ).toThrow('it has none');
  });

  it('refuses malformed derived names', () => {
    expect(() =>
      buildAnswerSchema(
        page({
          maxLength: 10,
          'ui:options': { derivedNames: [{ ...api, format: '<other>-api' }] },
        }),
      ),
    ).toThrow("parameter 'name' has an invalid derivedNames[0]");
  });

  it('counts every occurrence of the answer', () => {
    expect(
      derivedMaxLength('name', [
        { ...api, format: '<name>-<name>', maxLength: 63 },
      ]),
    ).toMatchObject({ maxLength: 31 });
  });

  it('refuses parameters named __proto__ and accepts ones named like other built-ins', () => {
    expect(() =>
      buildAnswerSchema({
        properties: JSON.parse('{"__proto__": {"type": "string"}}'),
      }),
    ).toThrow("parameter name '__proto__' is reserved");
    const schema = buildAnswerSchema([
      { properties: { toString: { type: 'string' } } },
      {
        properties: { constructor: { type: 'string' } },
        required: ['constructor'],
      },
    ]);
    expect(Object.keys(schema.properties)).toEqual(['toString', 'constructor']);
  });
});

describe('unknown answer keys', () => {
  it.each(PROTOTYPE_KEYS)('refuses %s as a key, naming it', key => {
    const raw = JSON.parse(JSON.stringify(VALID));
    Object.defineProperty(raw, key, {
      value: { name: 'from-prototype' },
      enumerable: true,
    });
    expect(errorsFor(raw)).toEqual([
      { field: key, message: 'is not a parameter of this template' },
    ]);
  });

  it('refuses a JSON __proto__ key and takes no answer from it', () => {
    const raw = JSON.parse(
      '{"owner": "team-checkout", "__proto__": {"name": "from-prototype"}}',
    );
    expect(errorsFor(raw).map(e => e.field)).toEqual(['name', '__proto__']);
    expect(errorsFor(raw)[0].message).toMatch(/^is required/);
  });

  it('reads no answer from a prototype', () => {
    const inherited = Object.create({ name: 'from-prototype' });
    inherited.owner = 'team-checkout';
    expect(errorsFor(inherited)).toEqual([
      expect.objectContaining({
        field: 'name',
        message: expect.stringMatching(/^is required/),
      }),
    ]);
    expect(validateAnswersOf({ ...VALID }).name).toBe('orders-api');
  });

  it('accepts the portal-only keys the scaffolder passes in ${{ parameters }}', () => {
    expect(
      validateAnswersOf({ ...VALID, deploy: true, namespace: 'checkout-dev' }),
    ).toMatchObject({ deploy: true, namespace: 'checkout-dev' });
  });

  it('reports unknown keys together with other problems, and writes nothing', async () => {
    mockDir.clear();
    const raw = JSON.parse(
      '{"name": "Orders", "owner": "team-checkout", "toString": 1}',
    );
    await expect(
      renderToDirectory(template, raw, mockDir.resolve('out')),
    ).rejects.toThrow(
      /name: must match pattern .*\n {2}toString: is not a parameter of this template/,
    );
    expect(mockDir.content()).toEqual({});
  });
});
