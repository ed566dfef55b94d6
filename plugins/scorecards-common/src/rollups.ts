import type {
  FleetRollups,
  GroupRollup,
  ScorecardRollup,
  ServiceScorecardResult,
} from './apiTypes';

/** A group as the roll-ups need it: its type and its parent (`spec.type`, `spec.parent`). @public */
export interface GroupInfo {
  type?: string;
  /** Entity ref of the parent group. */
  parent?: string;
}

/** The group type that marks a department, as in the example org and ownership analysis. @public */
export const DEPARTMENT_TYPE = 'department';

/**
 * The department of a group: the group itself or the nearest ancestor of
 * type `department`, following `spec.parent` (cycles stop the walk).
 *
 * @public
 */
export function departmentOf(
  groupRef: string,
  groups: ReadonlyMap<string, GroupInfo>,
): string | undefined {
  const seen = new Set<string>();
  let current: string | undefined = groupRef;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const group = groups.get(current);
    if (!group) return undefined;
    if (group.type === DEPARTMENT_TYPE) return current;
    current = group.parent;
  }
  return undefined;
}

class Accumulator {
  private byScorecard = new Map<string, ScorecardRollup>();
  readonly services = new Set<string>();

  add(result: ServiceScorecardResult) {
    this.services.add(result.entityRef);
    let rollup = this.byScorecard.get(result.scorecardId);
    if (!rollup) {
      rollup = {
        scorecardId: result.scorecardId,
        serviceCount: 0,
        levelCounts: Object.fromEntries(
          [...result.levels, 'none'].map(l => [l, 0]),
        ),
        passed: 0,
        failed: 0,
        unknown: 0,
        passRate: null,
      };
      this.byScorecard.set(result.scorecardId, rollup);
    }
    rollup.serviceCount += 1;
    const level = result.level ?? 'none';
    rollup.levelCounts[level] = (rollup.levelCounts[level] ?? 0) + 1;
    for (const r of result.results) {
      if (r.status === 'pass') rollup.passed += 1;
      else if (r.status === 'fail') rollup.failed += 1;
      else rollup.unknown += 1;
    }
  }

  rollups(): ScorecardRollup[] {
    return [...this.byScorecard.values()].map(r => ({
      ...r,
      passRate:
        r.passed + r.failed > 0 ? r.passed / (r.passed + r.failed) : null,
    }));
  }
}

function accumulatorFor(
  map: Map<string, Accumulator>,
  ref: string,
): Accumulator {
  let acc = map.get(ref);
  if (!acc) {
    acc = new Accumulator();
    map.set(ref, acc);
  }
  return acc;
}

/**
 * Rolls results up per team (the owning group), per department (the team's
 * nearest department ancestor) and for the organisation. A service owned by
 * a user or by nothing counts for the organisation only.
 *
 * @public
 */
export function rollUp(
  results: Iterable<ServiceScorecardResult>,
  groups: ReadonlyMap<string, GroupInfo>,
): FleetRollups {
  const organisation = new Accumulator();
  const teams = new Map<string, Accumulator>();
  const departments = new Map<string, Accumulator>();
  const departmentCache = new Map<string, string | undefined>();
  for (const result of results) {
    organisation.add(result);
    const owner = result.owner;
    if (!owner || !groups.has(owner)) continue;
    const isDepartment = groups.get(owner)!.type === DEPARTMENT_TYPE;
    if (!isDepartment) accumulatorFor(teams, owner).add(result);
    if (!departmentCache.has(owner))
      departmentCache.set(owner, departmentOf(owner, groups));
    const department = departmentCache.get(owner);
    if (department) accumulatorFor(departments, department).add(result);
  }
  const toRollup = (
    ref: string,
    kind: GroupRollup['kind'],
    acc: Accumulator,
  ): GroupRollup => ({
    ref,
    kind,
    departmentRef: kind === 'team' ? departmentCache.get(ref) : undefined,
    serviceCount: acc.services.size,
    scorecards: acc.rollups(),
  });
  const sorted = (m: Map<string, Accumulator>, kind: GroupRollup['kind']) =>
    [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, acc]) => toRollup(ref, kind, acc));
  return {
    organisation: toRollup('organisation', 'organisation', organisation),
    departments: sorted(departments, 'department'),
    teams: sorted(teams, 'team'),
  };
}
