import { isJsonObject } from '../types';

/**
 * A name a template's skeleton builds from a string answer, with the limit
 * of the place that name is used.
 *
 * @remarks
 * Declared on the parameter as `ui:options.derivedNames`, for example
 * `{ format: '<name>-api', title: 'the API entity name', maxLength: 63, limit: 'the catalog limit' }`.
 * The parameter's `maxLength` must not exceed `derivedMaxLength`, so the
 * portal's form refuses what validation refuses.
 *
 * @public
 */
export interface DerivedName {
  /** The derived name with the answer written as `<field>`, e.g. `<name>-api`. */
  format: string;
  /** What the derived name names, e.g. `the API entity name`. */
  title: string;
  /** The most characters the derived name may have. */
  maxLength: number;
  /** Whose limit `maxLength` is, e.g. `the catalog limit`. */
  limit: string;
}

const placeholder = (field: string) => `<${field}>`;

/**
 * Reads a parameter's `ui:options.derivedNames`.
 *
 * @throws Error naming the parameter when an entry is malformed
 */
export function parseDerivedNames(field: string, raw: unknown): DerivedName[] {
  if (!Array.isArray(raw)) {
    throw new Error(`parameter '${field}' has derivedNames that is not a list`);
  }
  return raw.map((entry, i) => {
    const valid =
      isJsonObject(entry) &&
      typeof entry.format === 'string' &&
      entry.format.includes(placeholder(field)) &&
      typeof entry.title === 'string' &&
      typeof entry.limit === 'string' &&
      Number.isInteger(entry.maxLength) &&
      (entry.maxLength as number) > 0;
    if (!valid) {
      throw new Error(
        `parameter '${field}' has an invalid derivedNames[${i}]: it needs a format containing '${placeholder(
          field,
        )}', a title, a limit and a positive integer maxLength`,
      );
    }
    const { format, title, maxLength, limit } = entry as unknown as DerivedName;
    return { format, title, maxLength, limit };
  });
}

const lengthOf = (value: string) => [...value].length;

/** Every occurrence of the placeholder, not only the first. */
const derive = (field: string, format: string, value: string) =>
  format.split(placeholder(field)).join(value);

/** How long the answer itself may be for one derived name to fit. */
const allowedFor = (field: string, name: DerivedName) =>
  Math.floor(
    (name.maxLength - lengthOf(derive(field, name.format, ''))) /
      (name.format.split(placeholder(field)).length - 1),
  );

/**
 * The longest answer for which every derived name fits: what the
 * parameter's `maxLength` should be.
 *
 * @public
 */
export function derivedMaxLength(
  field: string,
  names: readonly DerivedName[],
): { maxLength: number; tightest: DerivedName } | undefined {
  let best: { maxLength: number; tightest: DerivedName } | undefined;
  for (const name of names) {
    const maxLength = allowedFor(field, name);
    if (!best || maxLength < best.maxLength) {
      best = { maxLength, tightest: name };
    }
  }
  return best;
}

// Quoted values are cut so a pasted essay does not bury the reason.
const quote = (value: string) =>
  `'${
    lengthOf(value) > 80 ? `${[...value].slice(0, 77).join('')}...` : value
  }'`;

/**
 * Checks an answer against the names built from it.
 *
 * @returns the problem with the tightest derived name that does not fit, or
 * undefined when all fit
 */
export function checkDerivedNames(
  field: string,
  value: string,
  names: readonly DerivedName[],
): string | undefined {
  const tooLong = names
    .filter(
      name => lengthOf(derive(field, name.format, value)) > name.maxLength,
    )
    .sort((a, b) => allowedFor(field, a) - allowedFor(field, b));
  if (tooLong.length === 0) {
    return undefined;
  }
  const [name] = tooLong;
  const derived = derive(field, name.format, value);
  return `${quote(value)} is too long (at most ${
    derivedMaxLength(field, names)!.maxLength
  } characters): ${name.title} ${quote(derived)} would be ${lengthOf(
    derived,
  )} characters, over ${name.limit} of ${name.maxLength}`;
}
