import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { makeValidator } from '@backstage/catalog-model';
import { AnswerFieldError, AnswerValidationError } from '../errors';
import type { Answers, GoldenPathTemplate } from '../template/types';
import { isJsonObject, JsonValue } from '../types';
import type { AnswerSchema } from './answerSchema';
import { checkDerivedNames } from './derivedNames';
import { normalizeAnswers } from './normalizeAnswers';

const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  strictTypes: false,
  strictTuples: false,
});
addFormats(ajv);
ajv.addVocabulary(['x-help', 'x-portal-only', 'x-derived-names']);

const compiled = new WeakMap<AnswerSchema, ValidateFunction>();

/** Compiles (once per schema object) the Ajv validator for an answer schema; throws on an invalid schema. */
export function compileAnswerSchema(schema: AnswerSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const entityRefValidators = makeValidator();
const ENTITY_REF_KINDS = new Map([
  ['owner', ['group', 'user']],
  ['system', ['system']],
]);

function checkEntityRef(field: string, value: unknown): string | undefined {
  const kinds = ENTITY_REF_KINDS.get(field);
  if (!kinds || typeof value !== 'string') {
    return undefined;
  }
  const match = /^([^:/]+):([^:/]+)\/([^:/]+)$/.exec(value);
  const valid =
    match !== null &&
    kinds.includes(match[1]) &&
    entityRefValidators.isValidNamespace(match[2]) &&
    entityRefValidators.isValidEntityName(match[3]);
  return valid
    ? undefined
    : `must be a ${kinds.join(' or ')} name or entity ref like ${
        kinds[0]
      }:default/my-${kinds[0]}, got ${JSON.stringify(value)}`;
}

function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') {
    segments.push(error.params.missingProperty);
  } else if (error.keyword === 'additionalProperties') {
    segments.push(error.params.additionalProperty);
  }
  return segments
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`))
    .join('');
}

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a parameter of this template';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as JsonValue[])
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    default:
      return error.message ?? `failed ${error.keyword} check`;
  }
}

function hintFor(schema: AnswerSchema, field: string): string {
  const top = field.split(/[.[]/)[0];
  const property = Object.hasOwn(schema.properties, top)
    ? schema.properties[top]
    : undefined;
  const help = property?.['x-help'] ?? property?.description;
  const hint = [property?.title, help].filter(Boolean).join(': ');
  return hint ? ` (${hint})` : '';
}

/** Answers too long for a name the skeleton builds from them, by field. */
function checkAllDerivedNames(
  schema: AnswerSchema,
  data: Record<string, unknown>,
): Map<string, string> {
  const problems = new Map<string, string>();
  for (const [field, property] of Object.entries(schema.properties)) {
    const value = data[field];
    const names = property['x-derived-names'];
    const problem =
      names && typeof value === 'string'
        ? checkDerivedNames(field, value, names)
        : undefined;
    if (problem) problems.set(field, problem);
  }
  return problems;
}

/**
 * Normalises, completes with defaults and validates answers for a template.
 *
 * @remarks
 * The result holds every declared parameter (null when unanswered and without
 * default), so strict templates can read optional values. Validating a result
 * again yields the same result. Keys the template does not declare are
 * refused by name, including ones named like `Object.prototype` members
 * (`__proto__`, `constructor`, `toString`); no answer is read from a prototype.
 * A string answer longer than a name the skeleton derives from it allows
 * (`ui:options.derivedNames`) is refused naming that derived name and its limit.
 *
 * @throws AnswerValidationError listing each invalid field with its title and help.
 * @public
 */
export function validateAnswers(
  template: Pick<GoldenPathTemplate, 'name' | 'answerSchema'>,
  rawAnswers: unknown,
): Answers {
  const schema = template.answerSchema;
  if (!isJsonObject(rawAnswers)) {
    throw new AnswerValidationError(template.name, [
      { field: '(answers)', message: 'must be an object' },
    ]);
  }
  const { data, unknownKeys } = normalizeAnswers(schema, rawAnswers);
  const validate = compileAnswerSchema(schema);
  validate(data);

  const byField = new Map<string, string[]>();
  const report = (field: string, message: string) =>
    byField.set(field, [...(byField.get(field) ?? []), message]);
  const derivedProblems = checkAllDerivedNames(schema, data);
  for (const error of validate.errors ?? []) {
    const field = fieldOf(error);
    // The derived-name message says the same as maxLength's, and why.
    if (!(error.keyword === 'maxLength' && derivedProblems.has(field))) {
      report(field, messageOf(error));
    }
  }
  for (const [field, problem] of derivedProblems) {
    report(field, problem);
  }
  for (const key of unknownKeys) {
    report(key, 'is not a parameter of this template');
  }
  for (const field of ENTITY_REF_KINDS.keys()) {
    const problem = byField.has(field)
      ? undefined
      : checkEntityRef(field, data[field]);
    if (problem) {
      report(field, problem);
    }
  }
  if (byField.size > 0) {
    // Report in form order; fields the template does not declare go last.
    const order = (field: string) => {
      const i = Object.keys(schema.properties).indexOf(field.split(/[.[]/)[0]);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    const errors: AnswerFieldError[] = [...byField]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([field, messages]) => ({
        field,
        message: `${[...new Set(messages)].join('; ')}${hintFor(
          schema,
          field,
        )}`,
      }));
    throw new AnswerValidationError(template.name, errors);
  }

  return Object.fromEntries(
    Object.keys(schema.properties).map(field => [
      field,
      (data[field] ?? null) as JsonValue,
    ]),
  );
}
