/**
 * Scorecards: checks as pure functions of a service's facts, grouped into
 * levels by scorecards that SREs define in YAML; results rolled up per team,
 * department and organisation. Shared by the backend, the frontend and the
 * `conway scorecard check` command.
 *
 * @packageDocumentation
 */

export * from './apiTypes';
export * from './httpApiTypes';
export * from './facts';
export { RULES, resolveRuleParams } from './rules';
export type { Rule, RuleOutcome, RuleParameter } from './rules';
export {
  evaluateScorecard,
  evaluateScorecards,
  failedRequiredChecks,
} from './evaluate';
export {
  parseScorecard,
  ScorecardDefinitionError,
} from './definitions/parseScorecard';
export { ScorecardRegistry } from './definitions/ScorecardRegistry';
export type {
  DefinitionFile,
  RegistryUpdate,
} from './definitions/ScorecardRegistry';
export { departmentOf, DEPARTMENT_TYPE, rollUp } from './rollups';
export type { GroupInfo } from './rollups';
export {
  catalogFactsOf,
  entityRefOf,
  goldenPathFacts,
  goldenPathFactsOf,
  normalizeRef,
  ownerFactsOf,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './catalogFacts';
export type { EntityLike } from './catalogFacts';
