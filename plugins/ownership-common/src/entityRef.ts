/**
 * A parsed entity reference. Kind is lower-case; namespace and name keep the
 * case they were written in (compare with {@link refKey}).
 *
 * @public
 */
export interface ParsedRef {
  kind: string;
  namespace: string;
  name: string;
}

/** @public */
export interface ParseRefContext {
  /** Kind used when the reference has none, e.g. `group` for `spec.owner`. */
  defaultKind?: string;
  /** Namespace used when the reference has none; `default` unless given. */
  defaultNamespace?: string;
}

/** @public */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Parses `[<kind>:][<namespace>/]<name>` with the semantics of Backstage's
 * `parseEntityRef`: a `/` before the first `:` makes the whole rest the name,
 * empty parts are invalid, a missing kind takes `defaultKind`. Also accepts
 * `{ kind, namespace, name }` objects. Returns undefined instead of throwing.
 *
 * @public
 */
export function parseRef(
  ref: unknown,
  context: ParseRefContext = {},
): ParsedRef | undefined {
  let kind: string | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  if (typeof ref === 'string') {
    let colonI = ref.indexOf(':');
    const slashI = ref.indexOf('/');
    if (slashI !== -1 && slashI < colonI) {
      colonI = -1;
    }
    kind = colonI === -1 ? undefined : ref.slice(0, colonI);
    namespace = slashI === -1 ? undefined : ref.slice(colonI + 1, slashI);
    name = ref.slice(Math.max(colonI + 1, slashI + 1));
    if (kind === '' || namespace === '' || !name) {
      return undefined;
    }
  } else if (ref && typeof ref === 'object') {
    const o = ref as Record<string, unknown>;
    if (
      (o.kind !== undefined && typeof o.kind !== 'string') ||
      (o.namespace !== undefined && typeof o.namespace !== 'string') ||
      typeof o.name !== 'string'
    ) {
      return undefined;
    }
    kind = o.kind as string | undefined;
    namespace = o.namespace as string | undefined;
    name = o.name;
    if (kind === '' || namespace === '' || !name) {
      return undefined;
    }
  } else {
    return undefined;
  }
  const finalKind = kind ?? context.defaultKind;
  if (!finalKind) {
    return undefined;
  }
  return {
    kind: finalKind.toLowerCase(),
    namespace: namespace ?? context.defaultNamespace ?? DEFAULT_NAMESPACE,
    name,
  };
}

/**
 * `kind:namespace/name`, like Backstage's `stringifyEntityRef`.
 *
 * @public
 */
export function stringifyRef(ref: ParsedRef): string {
  return `${ref.kind.toLowerCase()}:${ref.namespace}/${ref.name}`;
}

/**
 * The comparison key of a reference: fully lower-case, so that references
 * that differ only in case (which the catalog treats as equal) match.
 *
 * @public
 */
export function refKey(ref: ParsedRef | string): string {
  return (typeof ref === 'string' ? ref : stringifyRef(ref)).toLowerCase();
}

/**
 * Parses a reference and returns its comparison key, or undefined when it is
 * not a valid reference.
 *
 * @public
 */
export function normalizeRef(
  ref: unknown,
  context: ParseRefContext = {},
): string | undefined {
  const parsed = parseRef(ref, context);
  return parsed ? refKey(parsed) : undefined;
}
