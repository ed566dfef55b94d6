import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  compareVersions,
  TEMPLATE_VERSION_ANNOTATION,
} from '@conway/golden-path';
import { TEMPLATE_ANNOTATION } from '@conway/plugin-golden-paths-node';

/** A service a campaign concerns, as the catalog describes it. @public */
export interface AffectedService {
  entityRef: string;
  title: string;
  owner: string;
  /** The template version its catalog entity records; undefined when it records none. */
  version?: string;
  entity: Entity;
}

/** The owner ref of an entity (a bare name is a group in the entity's namespace). @public */
export function ownerRefOf(entity: Entity): string {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return 'group:default/unowned';
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return 'group:default/unowned';
  }
}

/** The entity's ref, lowercase, the way the catalog compares refs. */
function refOf(entity: Entity): string {
  return stringifyEntityRef(getCompoundEntityRef(entity)).toLocaleLowerCase(
    'en-US',
  );
}

function describe(entity: Entity): AffectedService {
  const annotations = entity.metadata.annotations ?? {};
  return {
    entityRef: refOf(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    owner: ownerRefOf(entity),
    version: annotations[TEMPLATE_VERSION_ANNOTATION] || undefined,
    entity,
  };
}

/**
 * The components made from `template` whose recorded version (the
 * `conway.dev/template-version` annotation) is older than `minVersion`,
 * sorted by entity ref. A component that records no version is included: it
 * cannot show it meets the target; preparing its change reads the generation
 * record in its repository, which decides.
 *
 * @public
 */
export function affectedByTemplateRelease(
  entities: Entity[],
  target: { template: string; minVersion: string },
): AffectedService[] {
  return entities
    .filter(
      e =>
        e.kind.toLocaleLowerCase('en-US') === 'component' &&
        e.metadata.annotations?.[TEMPLATE_ANNOTATION] === target.template,
    )
    .map(describe)
    .filter(s => !s.version || !isVersionAtLeast(s.version, target.minVersion))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef, 'en'));
}

/**
 * The components among `entityRefs` (a failing check's services), in that
 * order; refs the catalog does not know are returned in `missing`.
 *
 * @public
 */
export function affectedByRefs(
  entities: Entity[],
  entityRefs: string[],
): { services: AffectedService[]; missing: string[] } {
  const byRef = new Map(entities.map(e => [refOf(e), e]));
  const services: AffectedService[] = [];
  const missing: string[] = [];
  for (const ref of entityRefs) {
    const entity = byRef.get(ref.toLocaleLowerCase('en-US'));
    if (entity) services.push(describe(entity));
    else missing.push(ref);
  }
  return { services, missing };
}

/** `version >= minimum`, false for a version that is not semantic. @public */
export function isVersionAtLeast(version: string, minimum: string): boolean {
  try {
    return compareVersions(version, minimum) >= 0;
  } catch {
    return false;
  }
}
