import { Entity } from '@backstage/catalog-model';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';

const KINDS_WITH_PROFILE = new Set(['user', 'group']);

/** The trimmed `spec.profile.displayName`, read from own properties only. */
function displayNameOf(entity: Entity): string | undefined {
  const spec = entity.spec;
  if (!spec || !Object.prototype.hasOwnProperty.call(spec, 'profile')) {
    return undefined;
  }
  const profile = spec.profile;
  if (
    typeof profile !== 'object' ||
    profile === null ||
    Array.isArray(profile) ||
    !Object.prototype.hasOwnProperty.call(profile, 'displayName')
  ) {
    return undefined;
  }
  const name = (profile as Record<string, unknown>).displayName;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/**
 * Copies a User's or Group's `spec.profile.displayName` into
 * `metadata.title` when the entity has no title of its own.
 *
 * Backstage names entities by `metadata.title` in several places that do not
 * read the profile: the entity page header's Owner (a person showed as
 * `olga.petrova`), the catalog's owner filter, search results. Organisation
 * providers (LDAP, GitHub, Microsoft Graph) fill the profile, not the title.
 * A title the entity sets itself is kept.
 *
 * @public
 */
export class ProfileTitleProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'ProfileTitleProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (!KINDS_WITH_PROFILE.has(entity.kind.toLowerCase())) return entity;
    const title = entity.metadata.title;
    if (typeof title === 'string' && title.trim()) return entity;
    const displayName = displayNameOf(entity);
    if (!displayName) return entity;
    return { ...entity, metadata: { ...entity.metadata, title: displayName } };
  }
}
