/**
 * The least an analysis of a catalog's references does, for the catalog
 * benchmark's `resolve-floor` mode: index every entity by its lower-cased
 * ref, then resolve every reference value an ownership analysis reads, each
 * distinct value once per default kind. No validation, no check, no finding,
 * no report: whatever an analysis adds comes on top of this.
 */

type Entity = Record<string, any>;

/** The reference fields of each kind, with the kind a short reference defaults to. */
const FIELDS: Record<string, Array<[field: string, defaultKind: string]>> = {
  Component: [
    ['owner', 'group'],
    ['system', 'system'],
    ['dependsOn', 'component'],
    ['dependencyOf', 'component'],
    ['consumesApis', 'api'],
    ['providesApis', 'api'],
    ['subcomponentOf', 'component'],
  ],
  Resource: [
    ['owner', 'group'],
    ['system', 'system'],
    ['dependsOn', 'component'],
    ['dependencyOf', 'component'],
  ],
  API: [
    ['owner', 'group'],
    ['system', 'system'],
  ],
  System: [
    ['owner', 'group'],
    ['domain', 'domain'],
  ],
  Domain: [
    ['owner', 'group'],
    ['subdomainOf', 'domain'],
  ],
  User: [['memberOf', 'group']],
  Group: [
    ['parent', 'group'],
    ['children', 'group'],
  ],
};

export interface ResolveFloorResult {
  entities: number;
  references: number;
  /** References naming an entity of the catalog. */
  resolved: number;
}

/** `[kind:][namespace/]name` → `kind:namespace/name`, lower-cased, as Backstage reads a reference. */
function keyOf(value: string, defaultKind: string, namespace: string): string {
  const colon = value.indexOf(':');
  const kind = colon >= 0 ? value.slice(0, colon) : defaultKind;
  const rest = colon >= 0 ? value.slice(colon + 1) : value;
  return `${kind}:${
    rest.includes('/') ? rest : `${namespace}/${rest}`
  }`.toLowerCase();
}

/** Indexes the entities and resolves their references; counts what it found. */
export function resolveFloor(entities: readonly Entity[]): ResolveFloorResult {
  const index = new Map<string, number>();
  for (let i = 0; i < entities.length; i++) {
    const { kind, metadata } = entities[i];
    index.set(
      `${kind}:${metadata.namespace ?? 'default'}/${
        metadata.name
      }`.toLowerCase(),
      i,
    );
  }
  // Per default kind, per namespace: what each value resolves to (-1: nothing).
  const caches = new Map<string, Map<string, Map<unknown, number>>>();
  let references = 0;
  let resolved = 0;
  for (const entity of entities) {
    const fields = FIELDS[entity.kind];
    const spec = entity.spec;
    if (!fields || !spec) continue;
    const namespace: string = entity.metadata.namespace ?? 'default';
    for (const [field, defaultKind] of fields) {
      const raw = spec[field];
      if (raw === undefined || raw === null) continue;
      let byNamespace = caches.get(defaultKind);
      if (!byNamespace) caches.set(defaultKind, (byNamespace = new Map()));
      let cache = byNamespace.get(namespace);
      if (!cache) byNamespace.set(namespace, (cache = new Map()));
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        references++;
        let target = cache.get(value);
        if (target === undefined) {
          target =
            index.get(keyOf(String(value), defaultKind, namespace)) ?? -1;
          cache.set(value, target);
        }
        if (target >= 0) resolved++;
      }
    }
  }
  return { entities: entities.length, references, resolved };
}
