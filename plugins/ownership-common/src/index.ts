/**
 * Conway's-law ownership analysis of a Backstage catalog: ownership
 * coverage, system and domain cohesion, team coupling, team load and an
 * alignment score, with a concrete suggestion for every finding.
 *
 * Pure TypeScript without runtime dependencies: runs in the browser, the
 * backend and the CLI alike.
 *
 * @packageDocumentation
 */

export * from './types';
export {
  DEFAULT_NAMESPACE,
  normalizeRef,
  parseRef,
  refKey,
  stringifyRef,
} from './entityRef';
export type { ParsedRef, ParseRefContext } from './entityRef';
export {
  analyzeOwnership,
  DEFAULT_HUB_MIN_DEGREE,
  DEFAULT_LAYER_ORDER,
  DEFAULT_TEAM_LOAD_THRESHOLD,
  DEFAULT_TEAM_TYPES,
} from './analyzeOwnership';
export type {
  EntitySourceLookup,
  OwnershipAnalysisInputs,
} from './analyzeOwnership';
export {
  ALIGNMENT_SCORE_WEIGHTS,
  alignmentScore,
  emptyScoreCounts,
  scoreBreakdown,
} from './score';
export {
  explainScore,
  SCORE_TERM_LABELS,
  teamScoreEvidence,
} from './scoreExplanation';
export type {
  MisalignedPart,
  ScoreExplanation,
  ScoreScope,
  TeamScoreEvidence,
  ScoreTermExplanation,
  ScoreTermKey,
} from './scoreExplanation';
export {
  whoOwnsWhat,
  whoOwnsWhatToCsv,
  WHO_OWNS_WHAT_COLUMNS,
} from './whoOwnsWhat';
export type { OwnershipRow } from './whoOwnsWhat';
export { reportToCsv, teamAncestors, teamDescendants } from './reportHelpers';
export { applyProposedChanges, InvalidChangeError, whatIf } from './whatIf';
export type {
  ProposedChange,
  TeamScoreChange,
  WhatIfDelta,
  WhatIfResult,
} from './whatIf';
export { describeTangle } from './analysis/dependencyFlow';
export { generateSyntheticOrg } from './syntheticOrg';
export type { SyntheticOrgOptions } from './syntheticOrg';
export type {
  ReportStamp,
  OwnershipReportResponse,
  OwnershipSummaryResponse,
  TeamDetailsResponse,
  TeamCouplingEdge,
  ContainerAlignment,
  EntityAlignmentResponse,
  FindingsResponse,
  FindingFilter,
  WhatIfResponse,
  RefreshResponse,
  HealthResponse,
} from './apiTypes';
export * from './history';
