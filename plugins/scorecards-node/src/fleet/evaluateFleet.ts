import {
  ClusterFacts,
  EntityLike,
  entityRefOf,
  evaluateScorecards,
  FleetRollups,
  GroupInfo,
  normalizeRef,
  OwnershipFindingFact,
  ownerFactsOf,
  rollUp,
  ScorecardDefinition,
  ServiceScorecardResult,
  UnknownFact,
} from '@conway/plugin-scorecards-common';
import { collectServiceFacts } from '../collectServiceFacts';
import { CollectRepositoryFactsOptions } from '../repository/collectRepositoryFacts';

/** The catalog as the evaluation needs it: groups, their members, every entity by ref. @public */
export interface CatalogIndex {
  entities: Map<string, EntityLike>;
  groups: Map<string, GroupInfo>;
  memberCounts: Map<string, number>;
  /** The components evaluated (`kind: Component`). */
  services: EntityLike[];
}

/** Indexes catalog entities once per run. @public */
export function indexCatalog(entities: Iterable<EntityLike>): CatalogIndex {
  const index: CatalogIndex = {
    entities: new Map(),
    groups: new Map(),
    memberCounts: new Map(),
    services: [],
  };
  for (const entity of entities) {
    const ref = entityRefOf(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    index.entities.set(ref, entity);
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'component') index.services.push(entity);
    if (kind === 'group') {
      index.groups.set(ref, {
        type: typeof spec.type === 'string' ? spec.type : undefined,
        parent:
          typeof spec.parent === 'string'
            ? normalizeRef(spec.parent, 'group', namespace)
            : undefined,
      });
    }
    if (kind === 'user' && Array.isArray(spec.memberOf)) {
      for (const group of spec.memberOf) {
        if (typeof group !== 'string') continue;
        const groupRef = normalizeRef(group, 'group', namespace);
        index.memberCounts.set(
          groupRef,
          (index.memberCounts.get(groupRef) ?? 0) + 1,
        );
      }
    }
  }
  return index;
}

/** Options of {@link evaluateFleet}. @public */
export interface EvaluateFleetOptions {
  catalog: CatalogIndex;
  scorecards: readonly ScorecardDefinition[];
  /** The service's checkout, when one is known. */
  repositoryDirOf(service: EntityLike): string | undefined;
  /** Released versions of a template, oldest first. */
  releasedVersionsOf?(template: string): readonly string[] | undefined;
  /** Ownership findings by entity ref; absent: unknown for every service. */
  ownershipFindings?: Map<string, OwnershipFindingFact[]>;
  /** Cluster facts by entity ref; a service without an entry is unknown. */
  cluster?(entityRef: string): ClusterFacts | UnknownFact | undefined;
  repositoryOptions?: CollectRepositoryFactsOptions;
  /** Services whose facts are collected at once (file reads overlap); 8 by default. */
  concurrency?: number;
  /** Only these services (entity refs): an incremental run. */
  only?: ReadonlySet<string>;
}

/**
 * Collects the facts of every service (or of `only`), evaluates them against
 * the scorecards and rolls the results up per team, department and
 * organisation.
 *
 * @public
 */
export async function evaluateFleet(
  options: EvaluateFleetOptions,
): Promise<{ results: ServiceScorecardResult[]; rollups: FleetRollups }> {
  const { catalog } = options;
  const services = options.only
    ? catalog.services.filter(s => options.only!.has(entityRefOf(s)))
    : catalog.services;
  const evaluatedAt = new Date();
  const results: ServiceScorecardResult[][] = new Array(services.length);
  let next = 0;
  const worker = async () => {
    while (next < services.length) {
      const i = next++;
      const entity = services[i];
      const ref = entityRefOf(entity);
      const ownerRef = (() => {
        const owner = entity.spec?.owner;
        return typeof owner === 'string'
          ? normalizeRef(owner, 'group', entity.metadata.namespace ?? 'default')
          : undefined;
      })();
      const template = entity.metadata.annotations?.['conway.dev/template'];
      const facts = await collectServiceFacts({
        entity,
        repositoryDir: options.repositoryDirOf(entity),
        owner: ownerFactsOf(
          ownerRef,
          ownerRef ? catalog.entities.get(ownerRef) : undefined,
          ownerRef ? catalog.memberCounts.get(ownerRef) ?? 0 : 0,
        ),
        releasedVersions: template
          ? options.releasedVersionsOf?.(template)
          : undefined,
        ownershipFindings: options.ownershipFindings
          ? options.ownershipFindings.get(ref) ?? []
          : { unknown: 'no ownership report yet' },
        cluster: options.cluster?.(ref),
        repositoryOptions: options.repositoryOptions,
      });
      results[i] = evaluateScorecards(options.scorecards, facts, evaluatedAt);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  const flat = results.flat();
  return { results: flat, rollups: rollUp(flat, catalog.groups) };
}
