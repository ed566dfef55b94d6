import type { AnswerSchema } from './answerSchema';

const ENTITY_REF_FIELDS = new Map([
  ['owner', 'group'],
  ['system', 'system'],
]);

function typesOf(type: string | string[] | undefined): string[] {
  return type === undefined ? [] : [type].flat();
}

function coerce(value: unknown, types: string[]): unknown {
  if (typeof value !== 'string' || types.includes('string')) {
    return value;
  }
  const text = value.trim();
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^-?\d+(\.\d+)?$/.test(text)
  ) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) {
    return text === 'true';
  }
  return value;
}

/** Completes `name`, `ns/name` or `kind:name` to a full entity ref; anything else is left for validation to reject. */
export function completeEntityRef(value: string, defaultKind: string): string {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(value.trim());
  if (!match) {
    return value;
  }
  const [, kind = defaultKind, namespace = 'default', name] = match;
  return `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
}

/** Raw answers split into the template's parameters and the keys it does not declare. */
export interface NormalizedAnswers {
  /** Declared parameters only, in an object without a prototype. */
  data: Record<string, unknown>;
  /** Own keys of the raw answers that name no parameter, e.g. `__proto__` or `toString`. */
  unknownKeys: string[];
}

/**
 * Prepares raw answers (from a form, a CLI or a generation record) for validation.
 *
 * @remarks
 * Reads own keys only and looks parameters up by own key, so nothing comes
 * from a prototype: `{"__proto__": {...}}` or `{"toString": "x"}` are unknown
 * keys, never answers. Drops blank answers (and null optional ones) so
 * defaults and `required` apply, coerces strings given for number and boolean
 * parameters, and completes bare `owner` and `system` names to entity refs.
 */
export function normalizeAnswers(
  schema: AnswerSchema,
  raw: Record<string, unknown>,
): NormalizedAnswers {
  const data: Record<string, unknown> = Object.create(null);
  const unknownKeys: string[] = [];
  for (const [field, rawValue] of Object.entries(raw)) {
    if (rawValue === undefined) {
      continue;
    }
    if (!Object.hasOwn(schema.properties, field)) {
      unknownKeys.push(field);
      continue;
    }
    const property = schema.properties[field];
    const optional = !schema.required.includes(field);
    // A form or CLI sends '' for a field left blank: treat it as unanswered.
    if (rawValue === '' || (optional && rawValue === null)) {
      continue;
    }
    let value = coerce(rawValue, typesOf(property.type));
    const defaultKind = ENTITY_REF_FIELDS.get(field);
    if (defaultKind && typeof value === 'string') {
      value = completeEntityRef(value, defaultKind);
    }
    data[field] = value;
  }
  return { data, unknownKeys };
}
