import type {
  CatalogFacts,
  GoldenPathFacts,
  OwnerFacts,
  UnknownFact,
} from './facts';
import { ON_CALL_ANNOTATIONS } from './facts';

/** The parts of a catalog entity the facts are read from (a Backstage `Entity` fits). @public */
export interface EntityLike {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  relations?: Array<{ type: string; targetRef: string }>;
}

/** Annotation naming the golden-path template (as in `@conway/plugin-golden-paths-node`). @public */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';
/** Annotation naming the template version the service was generated or upgraded to. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'conway.dev/template-version';

const own = (o: object | undefined, key: string): unknown =>
  o && Object.prototype.hasOwnProperty.call(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

/**
 * A full entity ref, lower-cased, from a possibly short one: `team-a` with
 * default kind `group` gives `group:default/team-a`.
 *
 * @public
 */
export function normalizeRef(
  ref: string,
  defaultKind: string,
  defaultNamespace = 'default',
): string {
  const colon = ref.indexOf(':');
  const kind = colon > 0 ? ref.slice(0, colon) : defaultKind;
  const rest = colon > 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : defaultNamespace;
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/** The entity's own ref, lower-cased. @public */
export function entityRefOf(entity: EntityLike): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
}

/** Catalog facts of a service entity. @public */
export function catalogFactsOf(entity: EntityLike): CatalogFacts {
  const spec = entity.spec ?? {};
  const namespace = entity.metadata.namespace ?? 'default';
  const owner = str(own(spec, 'owner'));
  const system = str(own(spec, 'system'));
  const apis = own(spec, 'providesApis');
  const annotations = entity.metadata.annotations ?? {};
  const onCallKey = ON_CALL_ANNOTATIONS.find(a => str(own(annotations, a)));
  return {
    kind: entity.kind,
    lifecycle: str(own(spec, 'lifecycle')),
    system: system ? normalizeRef(system, 'system', namespace) : undefined,
    owner: owner ? normalizeRef(owner, 'group', namespace) : undefined,
    providesApis: Array.isArray(apis)
      ? apis
          .filter((a): a is string => typeof a === 'string')
          .map(a => normalizeRef(a, 'api', namespace))
      : [],
    onCall: onCallKey
      ? { annotation: onCallKey, value: annotations[onCallKey] }
      : undefined,
  };
}

/**
 * Owner facts from the owner's entity and its members: the number of users
 * whose `memberOf` names it (or of `spec.members` for an entity that lists them).
 *
 * @public
 */
export function ownerFactsOf(
  ownerRef: string | undefined,
  owner: EntityLike | undefined,
  memberCount: number,
): OwnerFacts | UnknownFact {
  if (!ownerRef) return { unknown: 'the service names no owner' };
  if (!owner) return { unknown: `owner '${ownerRef}' is not in the catalog` };
  const profile = own(owner.spec, 'profile');
  const title =
    str(
      typeof profile === 'object'
        ? own(profile ?? undefined, 'displayName')
        : undefined,
    ) ?? str(owner.metadata.title);
  return {
    ref: ownerRef,
    ...(title ? { title } : {}),
    kind: owner.kind,
    type: str(own(owner.spec, 'type')),
    memberCount,
  };
}

/**
 * Golden-path facts from the entity's annotations and the template's
 * released versions (oldest first), when known.
 *
 * @public
 */
export function goldenPathFactsOf(
  entity: EntityLike,
  releasedVersions?: readonly string[],
): GoldenPathFacts {
  const annotations = entity.metadata.annotations ?? {};
  const template = str(own(annotations, TEMPLATE_ANNOTATION));
  const version = str(own(annotations, TEMPLATE_VERSION_ANNOTATION));
  return goldenPathFacts(template, version, releasedVersions);
}

/** Golden-path facts of a template and version, given the released versions oldest first. @public */
export function goldenPathFacts(
  template: string | undefined,
  version: string | undefined,
  releasedVersions?: readonly string[],
): GoldenPathFacts {
  if (
    !template ||
    !version ||
    !releasedVersions ||
    releasedVersions.length === 0
  ) {
    return { template, version };
  }
  const latestVersion = releasedVersions[releasedVersions.length - 1];
  const index = releasedVersions.indexOf(version);
  return {
    template,
    version,
    latestVersion,
    // A version not among the releases (a local edit) leaves the distance unknown.
    versionsBehind:
      index >= 0 ? releasedVersions.length - 1 - index : undefined,
  };
}
