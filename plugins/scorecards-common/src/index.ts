/**
 * Scorecards: checks as pure functions of a service's facts, grouped into
 * levels by scorecards that SREs define in YAML; results rolled up per team,
 * department and organisation. Shared by the backend, the frontend and the
 * `conway scorecard check` command.
 *
 * @packageDocumentation
 */

export * from './apiTypes';
export * from './facts';
export { RULES, resolveRuleParams } from './rules';
export type { Rule, RuleOutcome, RuleParameter } from './rules';
export { evaluateScorecard, failedRequiredChecks } from './evaluate';
