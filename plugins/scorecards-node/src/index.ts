/**
 * Node side of the scorecards: collects a service's facts (its repository,
 * catalog-info.yaml and generation record) and loads scorecard definitions
 * from disk. Shared by the scorecards backend and `conway scorecard check`.
 *
 * @packageDocumentation
 */

export { collectRepositoryFacts } from './repository/collectRepositoryFacts';
export type { CollectRepositoryFactsOptions } from './repository/collectRepositoryFacts';
export { dockerfileUser } from './repository/dockerfileUser';
export {
  collectServiceFacts,
  readCatalogInfo,
  repositoryUnreadable,
} from './collectServiceFacts';
export type { ServiceFactsInput } from './collectServiceFacts';
export { loadScorecardDirectory, loadScorecardFiles } from './loadScorecards';
export { findingsByEntity } from './ownershipFindings';
export type { OwnershipFindingLike } from './ownershipFindings';
export { createManifestCheckCache } from './repository/manifestCache';
export type { ManifestCheckCache } from './repository/manifestCache';
export { evaluateFleet, indexCatalog } from './fleet/evaluateFleet';
export type { CatalogIndex, EvaluateFleetOptions } from './fleet/evaluateFleet';
