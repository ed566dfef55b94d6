import type { ServiceResult } from '@conway/plugin-scorecards-common';

/** Which part of the organisation a roll-up covers. */
export type RollupScopeKind = 'team' | 'department' | 'organization';

/** One scorecard's figures over the services of one team, department or the organisation. */
export interface Rollup {
  scopeKind: RollupScopeKind;
  /** Group ref, or `organization` for the whole fleet. */
  scopeRef: string;
  scorecardId: string;
  serviceCount: number;
  passedChecks: number;
  evaluatedChecks: number;
  /** Level id (or `none` below the first level) to the number of services at it. */
  levelCounts: Record<string, number>;
}

/** The scope ref of the whole fleet's roll-up. */
export const ORGANIZATION_SCOPE = 'organization';

/** The level key of services below every level. */
export const NO_LEVEL = 'none';

/**
 * Rolls the latest result of every service up per team, department and
 * organisation, one roll-up per scorecard. Services without a team count in
 * the organisation only.
 */
export function rollUp(results: ServiceResult[]): Rollup[] {
  const byKey = new Map<string, Rollup>();
  const add = (
    scopeKind: RollupScopeKind,
    scopeRef: string,
    result: ServiceResult,
  ) => {
    for (const scorecard of result.scorecards) {
      const key = `${scopeRef}\u0000${scorecard.id}`;
      let rollup = byKey.get(key);
      if (!rollup) {
        rollup = {
          scopeKind,
          scopeRef,
          scorecardId: scorecard.id,
          serviceCount: 0,
          passedChecks: 0,
          evaluatedChecks: 0,
          levelCounts: Object.create(null),
        };
        byKey.set(key, rollup);
      }
      rollup.serviceCount += 1;
      const level = scorecard.level ?? NO_LEVEL;
      rollup.levelCounts[level] = (rollup.levelCounts[level] ?? 0) + 1;
      for (const check of scorecard.checks) {
        if (check.status === 'unknown') continue;
        rollup.evaluatedChecks += 1;
        if (check.status === 'pass') rollup.passedChecks += 1;
      }
    }
  };
  for (const result of results) {
    add('organization', ORGANIZATION_SCOPE, result);
    if (result.team) add('team', result.team.ref, result);
    if (result.department) add('department', result.department.ref, result);
  }
  return [...byKey.values()];
}
