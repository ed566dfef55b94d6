import path from 'path';
import { analyzeOwnership } from '@conway/plugin-ownership-common';
import {
  EntityLike,
  entityRefOf,
  normalizeRef,
  OwnerFacts,
  OwnershipFindingFact,
  ownerFactsOf,
  UnknownFact,
} from '@conway/plugin-scorecards-common';
import { findingsByEntity, indexCatalog } from '@conway/plugin-scorecards-node';
import { loadCatalogFiles } from './catalogFiles';
import { UsageError } from './io';
import { OwnershipCheckConfig } from './ownershipConfig';

/** What the portal knows from its catalog, learned from catalog files instead. */
export interface OfflineCatalogFacts {
  owner: OwnerFacts | UnknownFact;
  ownershipFindings: OwnershipFindingFact[];
}

function isEntityLike(value: unknown): value is EntityLike {
  const entity = value as EntityLike | null;
  return (
    typeof entity === 'object' &&
    entity !== null &&
    typeof entity.kind === 'string' &&
    typeof entity.metadata === 'object' &&
    entity.metadata !== null &&
    typeof entity.metadata.name === 'string'
  );
}

/**
 * The owner and the ownership findings of a service, from the organisation's
 * catalog files (`conway scorecard check --catalog`), computed the way the
 * portal's fleet evaluation computes them: the owner's entity and the users
 * whose `memberOf` names it; the findings the ownership analysis reports on
 * the service. The service's own catalog-info.yaml is analysed with the
 * catalog, replacing a definition of the same entity there (the checkout is
 * what is being checked).
 *
 * @throws UsageError naming the file when a catalog file cannot be read or
 *   parsed, or when the files hold no entity.
 */
export async function offlineCatalogFacts(input: {
  catalog: string[];
  serviceDir: string;
  service: EntityLike;
  cwd: string;
  analysis: OwnershipCheckConfig;
}): Promise<OfflineCatalogFacts> {
  const [catalog, own] = await Promise.all([
    loadCatalogFiles(input.catalog, input.cwd),
    loadCatalogFiles(
      [path.join(input.serviceDir, 'catalog-info.yaml')],
      input.cwd,
    ),
  ]);
  const errors = [...catalog.errors, ...own.errors];
  if (errors.length > 0) {
    throw new UsageError(
      errors
        .map(
          e =>
            `--catalog: ${
              path.relative(input.cwd, path.resolve(input.cwd, e.file)) ||
              e.file
            }${e.line ? `:${e.line}` : ''}: ${e.message}`,
        )
        .join('\n'),
    );
  }
  if (catalog.entities.length === 0) {
    throw new UsageError(
      `--catalog: no catalog entity in ${input.catalog.join(', ')}`,
    );
  }
  const ownEntities = own.entities
    .map((e): unknown => e.entity)
    .filter(isEntityLike);
  const ownRefs = new Set(ownEntities.map(entityRefOf));
  const entities = [
    ...catalog.entities
      .map((e): unknown => e.entity)
      .filter(isEntityLike)
      .filter(e => !ownRefs.has(entityRefOf(e))),
    ...ownEntities,
  ];

  const index = indexCatalog(entities);
  const { service } = input;
  const owner =
    typeof service.spec?.owner === 'string'
      ? normalizeRef(
          service.spec.owner,
          'group',
          service.metadata.namespace ?? 'default',
        )
      : undefined;
  const report = analyzeOwnership(entities, {
    teamLoadThreshold: input.analysis.teamLoadThreshold,
    teamTypes: input.analysis.teamTypes,
    layerOrder: input.analysis.layerOrder,
    hubMinDegree: input.analysis.hubMinDegree,
  });
  const serviceRef = entityRefOf(service);
  return {
    owner: ownerFactsOf(
      owner,
      owner ? index.entities.get(owner) : undefined,
      owner ? index.memberCounts.get(owner) ?? 0 : 0,
    ),
    ownershipFindings: findingsByEntity(report.findings).get(serviceRef) ?? [],
  };
}
