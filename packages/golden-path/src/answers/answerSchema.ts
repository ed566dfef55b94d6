import { isJsonObject, JsonObject, JsonValue } from '../types';
import {
  DerivedName,
  derivedMaxLength,
  parseDerivedNames,
} from './derivedNames';

/**
 * The JSON Schema of one answer, as kept from a template parameter.
 *
 * @remarks
 * `x-help` carries the parameter's `ui:help` for error messages and prompts;
 * `writeOnly` marks secrets (`ui:widget: password`, `ui:field: Secret`), which
 * are never recorded in the generation record.
 *
 * @public
 */
export interface AnswerPropertySchema {
  title?: string;
  description?: string;
  type?: string | string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: JsonValue[];
  default?: JsonValue;
  minimum?: number;
  maximum?: number;
  format?: string;
  items?: AnswerPropertySchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, AnswerPropertySchema>;
  required?: string[];
  writeOnly?: boolean;
  'x-help'?: string;
  /**
   * Only the portal asks for it (`ui:options: { portalOnly: true }`): it
   * steers a portal step, such as deploying, not the rendered files. Command
   * line front doors take its default instead of prompting.
   */
  'x-portal-only'?: boolean;
  /** Names the skeleton builds from this answer (`ui:options.derivedNames`), each with its length limit. */
  'x-derived-names'?: DerivedName[];
}

/** The single JSON Schema that all answers of a template must satisfy. @public */
export interface AnswerSchema {
  type: 'object';
  properties: Record<string, AnswerPropertySchema>;
  required: string[];
  additionalProperties: false;
}

/** A template's `spec.parameters`: one form page or a list of pages. @public */
export type TemplateParameters = JsonObject | JsonObject[];

const KEPT_KEYWORDS = [
  'title',
  'description',
  'type',
  'pattern',
  'minLength',
  'maxLength',
  'enum',
  'default',
  'minimum',
  'maximum',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
] as const;

// Conditional form logic cannot be merged into one flat schema; failing loudly
// beats silently accepting answers the portal form would reject.
const UNSUPPORTED_PAGE_KEYWORDS = [
  'dependencies',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
];

function sanitizeProperty(name: string, raw: unknown): AnswerPropertySchema {
  if (!isJsonObject(raw)) {
    throw new Error(`parameter '${name}' must be an object`);
  }
  const out: Record<string, unknown> = {};
  for (const key of KEPT_KEYWORDS) {
    if (raw[key] !== undefined) {
      out[key] = raw[key];
    }
  }
  if (raw.items !== undefined) {
    out.items = sanitizeProperty(`${name}[]`, raw.items);
  }
  if (raw.properties !== undefined) {
    if (!isJsonObject(raw.properties)) {
      throw new Error(`parameter '${name}' has invalid properties`);
    }
    out.properties = Object.fromEntries(
      Object.entries(raw.properties).map(([key, value]) => [
        key,
        sanitizeProperty(`${name}.${key}`, value),
      ]),
    );
  }
  if (typeof raw['ui:help'] === 'string') {
    out['x-help'] = raw['ui:help'];
  }
  if (raw['ui:widget'] === 'password' || raw['ui:field'] === 'Secret') {
    out.writeOnly = true;
  }
  const uiOptions = raw['ui:options'];
  if (isJsonObject(uiOptions) && uiOptions.portalOnly === true) {
    out['x-portal-only'] = true;
  }
  if (isJsonObject(uiOptions) && Object.hasOwn(uiOptions, 'derivedNames')) {
    out['x-derived-names'] = checkedDerivedNames(name, raw, uiOptions);
  }
  return out as AnswerPropertySchema;
}

// The form only knows maxLength: a larger one than the derived names allow
// would let the portal accept names that validation then refuses.
function checkedDerivedNames(
  name: string,
  raw: JsonObject,
  uiOptions: JsonObject,
): DerivedName[] {
  const names = parseDerivedNames(name, uiOptions.derivedNames);
  const derived = derivedMaxLength(name, names);
  if (
    derived &&
    (typeof raw.maxLength !== 'number' || raw.maxLength > derived.maxLength)
  ) {
    const { format, title, limit, maxLength } = derived.tightest;
    throw new Error(
      `parameter '${name}' needs maxLength ${
        derived.maxLength
      } at most, for ${title} '${format}' to stay within ${limit} of ${maxLength}; it has ${
        raw.maxLength ?? 'none'
      }`,
    );
  }
  return names;
}

// Own properties only: a parameter or key named like a built-in (toString,
// constructor) must not match Object.prototype's.
const has = (object: object, key: string) => Object.hasOwn(object, key);

/** Keys that would change an object's prototype instead of naming a parameter. */
const RESERVED_NAMES = new Set(['__proto__']);

/**
 * Merges the pages of a template's `spec.parameters` into one JSON Schema.
 *
 * @remarks
 * Keeps validation keywords, `title` and `description`, drops `ui:*` keys and
 * other form-only keys, and forbids properties no page declares.
 *
 * @public
 */
export function buildAnswerSchema(
  parameters: TemplateParameters | undefined,
): AnswerSchema {
  const pages = parameters === undefined ? [] : [parameters].flat();
  const properties: Record<string, AnswerPropertySchema> = {};
  const required = new Set<string>();

  pages.forEach((page, index) => {
    if (!isJsonObject(page)) {
      throw new Error(`parameters page ${index} must be an object`);
    }
    const unsupported = UNSUPPORTED_PAGE_KEYWORDS.filter(k => has(page, k));
    if (unsupported.length > 0) {
      throw new Error(
        `parameters page ${index} uses unsupported keyword(s) ${unsupported.join(
          ', ',
        )}`,
      );
    }
    const pageProperties = page.properties ?? {};
    if (!isJsonObject(pageProperties)) {
      throw new Error(`parameters page ${index} has invalid properties`);
    }
    for (const [name, raw] of Object.entries(pageProperties)) {
      if (RESERVED_NAMES.has(name)) {
        throw new Error(`parameter name '${name}' is reserved`);
      }
      if (has(properties, name)) {
        throw new Error(
          `parameter '${name}' is declared on more than one page`,
        );
      }
      properties[name] = sanitizeProperty(name, raw);
    }
    const pageRequired = page.required ?? [];
    if (
      !Array.isArray(pageRequired) ||
      pageRequired.some(r => typeof r !== 'string')
    ) {
      throw new Error(`parameters page ${index} has an invalid required list`);
    }
    for (const name of pageRequired as string[]) {
      if (!has(pageProperties, name)) {
        throw new Error(
          `parameters page ${index} requires '${name}', which it does not declare`,
        );
      }
      required.add(name);
    }
  });

  return {
    type: 'object',
    properties,
    required: [...required],
    additionalProperties: false,
  };
}
