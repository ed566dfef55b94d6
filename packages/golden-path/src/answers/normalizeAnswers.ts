import type { AnswerSchema } from './answerSchema';

const ENTITY_REF_FIELDS: Record<string, string> = {
  owner: 'group',
  system: 'system',
};

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

/**
 * Prepares raw answers (from a form, a CLI or a generation record) for validation.
 *
 * @remarks
 * Drops blank answers (and null optional ones) so defaults and `required` apply, coerces strings given for
 * number and boolean parameters, and completes bare `owner` and `system` names
 * to entity refs.
 */
export function normalizeAnswers(
  schema: AnswerSchema,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, rawValue] of Object.entries(raw)) {
    const property = schema.properties[field];
    const optional = !schema.required.includes(field);
    // A form or CLI sends '' for a field left blank: treat it as unanswered.
    if (
      rawValue === undefined ||
      (property && (rawValue === '' || (optional && rawValue === null)))
    ) {
      continue;
    }
    let value = property ? coerce(rawValue, typesOf(property.type)) : rawValue;
    if (field in ENTITY_REF_FIELDS && typeof value === 'string') {
      value = completeEntityRef(value, ENTITY_REF_FIELDS[field]);
    }
    out[field] = value;
  }
  return out;
}
