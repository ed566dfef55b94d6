import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * What a person reads for an entity: a user's or group's profile display
 * name, else its title, else its name (the catalog's own fallback order).
 */
export function displayName(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName.trim()) {
    return profile.displayName.trim();
  }
  if (entity.metadata.title?.trim()) return entity.metadata.title.trim();
  return entity.metadata.name;
}

/** Display names by lower-cased entity ref. */
export function namesByRef(entities: Iterable<Entity>): Map<string, string> {
  const names = new Map<string, string>();
  for (const entity of entities) {
    names.set(stringifyEntityRef(entity).toLowerCase(), displayName(entity));
  }
  return names;
}

/** `kind:namespace/name` as the ownership analysis writes refs into its messages. */
const REF =
  /\b([a-z][a-z0-9-]*):([a-z0-9][a-z0-9_-]*)\/([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/gi;

/**
 * Every entity ref in `text` replaced by the entity's display name, or by its
 * bare name when the portal does not know it (e.g. an owner that does not exist).
 */
export function withDisplayNames(
  text: string,
  names: ReadonlyMap<string, string>,
): string {
  return text.replace(
    REF,
    (ref, _kind, _namespace, name: string) =>
      names.get(ref.toLowerCase()) ?? name,
  );
}

/** Every entity ref found in `text`, lower-cased. */
export function refsIn(text: string): string[] {
  return Array.from(text.matchAll(REF), m => m[0].toLowerCase());
}
