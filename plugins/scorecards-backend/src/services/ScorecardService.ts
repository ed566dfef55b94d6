import { NotFoundError } from '@backstage/errors';
import { MAX_SERVICES_PAGE } from '@conway/plugin-scorecards-common';
import { NO_LEVEL, ORGANIZATION_SCOPE } from './rollups';
import { ScorecardStore } from './ScorecardStore';
import type {
  CheckSeverity,
  DailyTrendPoint,
  EntityResultResponse,
  FailingCheck,
  NamedRef,
  OverviewResponse,
  ScorecardDistribution,
  ServiceResult,
  ServicesResponse,
  TeamRollup,
} from '@conway/plugin-scorecards-common';

/** Days of trend the overview shows. */
const TREND_DAYS = 90;
/** Results per service in the entity history. */
const HISTORY_LIMIT = 20;

const SEVERITY_ORDER: Record<CheckSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** Filters of `GET /services` and the exports. */
export interface ServiceFilter {
  /** Team refs. */
  team?: string[];
  /** Department refs. */
  department?: string[];
  /** Level ids (`none` for below every level); with `scorecard`, of that scorecard only. */
  level?: string[];
  /** Check ids: services where one of them fails. */
  check?: string[];
  scorecard?: string;
}

interface Snapshot {
  runId: number;
  generatedAt: string;
  results: ServiceResult[];
  /** The fleet-wide figures of the overview, computed once per run on first use. */
  fleet?: FleetFigures;
}

type FleetFigures = Pick<
  OverviewResponse,
  'serviceCount' | 'scorecards' | 'teams' | 'departments' | 'failingChecks'
>;

function fleetFigures(results: ServiceResult[]): FleetFigures {
  return {
    serviceCount: results.length,
    scorecards: distributions(results),
    teams: teamRollups(results),
    departments: uniqueNamed(results.map(r => r.department)),
    failingChecks: failingChecks(results),
  };
}

/**
 * The read side the HTTP API serves: the stored results only, never an
 * evaluation, so that a page never waits for one. The latest results are kept
 * in memory per newest run id, so a warm request reads one row to know they
 * are still current; every replica sees the runs any replica wrote.
 */
export class ScorecardService {
  #snapshot: Snapshot | undefined;
  #loading: Promise<Snapshot | undefined> | undefined;

  static create(options: { store: ScorecardStore }) {
    return new ScorecardService(options.store);
  }

  private constructor(private readonly store: ScorecardStore) {}

  private async current(): Promise<Snapshot | undefined> {
    const latest = await this.store.latestRun();
    if (!latest) return undefined;
    if (this.#snapshot?.runId === latest.id) return this.#snapshot;
    if (!this.#loading) {
      this.#loading = this.store
        .currentResults()
        .then(results => {
          this.#snapshot = {
            runId: latest.id,
            generatedAt: latest.finishedAt,
            results,
          };
          return this.#snapshot;
        })
        .finally(() => {
          this.#loading = undefined;
        });
    }
    return this.#loading;
  }

  async overview(options: { team?: string } = {}): Promise<OverviewResponse> {
    const snapshot = await this.current();
    // The same for every request until the next run: computed once, not per page view.
    const fleet = snapshot
      ? (snapshot.fleet ??= fleetFigures(snapshot.results))
      : fleetFigures([]);
    const since = new Date(Date.now() - TREND_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const rollups = await this.store.rollups({ sinceDay: since });
    const scope = options.team ?? ORGANIZATION_SCOPE;
    const trends: DailyTrendPoint[] = rollups
      .filter(r => r.scopeRef === scope)
      .map(r => ({
        day: r.day,
        scorecardId: r.scorecardId,
        serviceCount: r.serviceCount,
        levelCounts: r.levelCounts,
        passRate: rate(r.passedChecks, r.evaluatedChecks),
      }));
    return {
      ...(snapshot ? { generatedAt: snapshot.generatedAt } : {}),
      ...fleet,
      trends,
    };
  }

  /** Every service that passes the filter, unpaged: for the exports, which are files, not pages. */
  async allServices(
    filter: ServiceFilter,
  ): Promise<{ generatedAt?: string; items: ServiceResult[] }> {
    const snapshot = await this.current();
    return {
      ...(snapshot ? { generatedAt: snapshot.generatedAt } : {}),
      items: (snapshot?.results ?? []).filter(r => matches(r, filter)),
    };
  }

  /** One page of the services that pass the filter (all of them, up to MAX_SERVICES_PAGE, by default). */
  async services(
    filter: ServiceFilter,
    page: { offset?: number; limit?: number } = {},
  ): Promise<ServicesResponse> {
    const snapshot = await this.current();
    const matching = (snapshot?.results ?? []).filter(r => matches(r, filter));
    const offset = page.offset ?? 0;
    const limit = Math.min(page.limit ?? MAX_SERVICES_PAGE, MAX_SERVICES_PAGE);
    return {
      ...(snapshot ? { generatedAt: snapshot.generatedAt } : {}),
      items: matching.slice(offset, offset + limit),
      total: matching.length,
      offset,
      limit,
    };
  }

  async entity(entityRef: string): Promise<EntityResultResponse> {
    const snapshot = await this.current();
    const result = snapshot?.results.find(r => r.entityRef === entityRef);
    if (!result) {
      throw new NotFoundError(
        `No scorecard results for '${entityRef}': not a service, or not evaluated yet`,
      );
    }
    const history = await this.store.history(entityRef, HISTORY_LIMIT);
    return {
      ...result,
      history: history.map(h => ({
        runId: h.runId,
        evaluatedAt: h.evaluatedAt,
        levels: Object.fromEntries(h.scorecards.map(s => [s.id, s.level])),
      })),
    };
  }
}

function rate(passed: number, evaluated: number): number | null {
  return evaluated ? passed / evaluated : null;
}

function distributions(results: ServiceResult[]): ScorecardDistribution[] {
  const byId = new Map<string, ScorecardDistribution & { passed: number; evaluated: number }>();
  for (const result of results) {
    for (const scorecard of result.scorecards) {
      let d = byId.get(scorecard.id);
      if (!d) {
        d = {
          id: scorecard.id,
          title: scorecard.title,
          levels: scorecard.levels,
          levelCounts: Object.fromEntries(
            [NO_LEVEL, ...scorecard.levels.map(l => l.id)].map(l => [l, 0]),
          ),
          serviceCount: 0,
          passRate: null,
          passed: 0,
          evaluated: 0,
        };
        byId.set(scorecard.id, d);
      }
      d.serviceCount += 1;
      const level = scorecard.level ?? NO_LEVEL;
      d.levelCounts[level] = (d.levelCounts[level] ?? 0) + 1;
      for (const check of scorecard.checks) {
        if (check.status === 'unknown') continue;
        d.evaluated += 1;
        if (check.status === 'pass') d.passed += 1;
      }
    }
  }
  return [...byId.values()].map(({ passed, evaluated, ...d }) => ({
    ...d,
    passRate: rate(passed, evaluated),
  }));
}

function teamRollups(results: ServiceResult[]): TeamRollup[] {
  const byTeam = new Map<string, ServiceResult[]>();
  for (const result of results) {
    if (!result.team) continue;
    byTeam.set(result.team.ref, [...(byTeam.get(result.team.ref) ?? []), result]);
  }
  return [...byTeam.values()]
    .map(list => ({
      team: list[0].team!,
      ...(list[0].department ? { department: list[0].department } : {}),
      serviceCount: list.length,
      scorecards: distributions(list),
    }))
    .sort((a, b) => a.team.title.localeCompare(b.team.title));
}

function failingChecks(results: ServiceResult[]): FailingCheck[] {
  const byKey = new Map<string, FailingCheck>();
  for (const result of results) {
    for (const scorecard of result.scorecards) {
      for (const check of scorecard.checks) {
        if (check.status === 'pass') continue;
        const key = `${scorecard.id}\u0000${check.checkId}`;
        let f = byKey.get(key);
        if (!f) {
          f = {
            scorecardId: scorecard.id,
            scorecardTitle: scorecard.title,
            checkId: check.checkId,
            ...(check.rule ? { rule: check.rule } : {}),
            title: check.title,
            severity: check.severity,
            level: check.level,
            ...(check.howToFix ? { howToFix: check.howToFix } : {}),
            failingCount: 0,
            unknownCount: 0,
          };
          byKey.set(key, f);
        }
        if (check.status === 'fail') f.failingCount += 1;
        else f.unknownCount += 1;
      }
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.failingCount - a.failingCount ||
      a.title.localeCompare(b.title),
  );
}

function uniqueNamed(list: Array<NamedRef | undefined>): NamedRef[] {
  const byRef = new Map<string, NamedRef>();
  for (const named of list) if (named) byRef.set(named.ref, named);
  return [...byRef.values()].sort((a, b) => a.title.localeCompare(b.title));
}

/** Whether a service passes the filter (every given filter must match). */
export function matches(result: ServiceResult, filter: ServiceFilter): boolean {
  if (filter.team?.length && !filter.team.includes(result.team?.ref ?? '')) {
    return false;
  }
  if (
    filter.department?.length &&
    !filter.department.includes(result.department?.ref ?? '')
  ) {
    return false;
  }
  const scorecards = filter.scorecard
    ? result.scorecards.filter(s => s.id === filter.scorecard)
    : result.scorecards;
  if (filter.scorecard && !scorecards.length) return false;
  if (
    filter.level?.length &&
    !scorecards.some(s => filter.level!.includes(s.level ?? NO_LEVEL))
  ) {
    return false;
  }
  if (
    filter.check?.length &&
    !scorecards.some(s =>
      s.checks.some(c => c.status === 'fail' && filter.check!.includes(c.checkId)),
    )
  ) {
    return false;
  }
  return true;
}

