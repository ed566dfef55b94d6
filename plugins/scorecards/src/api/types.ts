/*
 * The scorecards backend's HTTP responses (`/api/scorecards`), as
 * plugins/scorecards-backend/src/services/types.ts defines them.
 */


/** Outcome of one check for one service. @public */
export type CheckStatus = 'pass' | 'fail' | 'unknown';

/** Severity of a check, most severe first. @public */
export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low';

/** One check of a scorecard, evaluated for one service. @public */
export interface CheckOutcome {
  checkId: string;
  title: string;
  description: string;
  severity: CheckSeverity;
  /** The lowest level that requires it. */
  level: string;
  /** A failed required check fails the service's CI (`conway scorecard check`): fix these first. */
  required: boolean;
  status: CheckStatus;
  /** Why it failed or could not be evaluated. */
  reason?: string;
  /** Where to read how to fix it. */
  howToFix?: string;
}

/** One scorecard's result for one service. @public */
export interface ScorecardOutcome {
  id: string;
  title: string;
  /** Level ids, lowest first. */
  levels: Array<{ id: string; title: string }>;
  /** The highest level whose checks (and those of every lower level) pass; null below the first. */
  level: string | null;
  checks: CheckOutcome[];
}

/** A named catalog entity: ref plus display name. @public */
export interface NamedRef {
  ref: string;
  title: string;
}

/** What is stored and served for one service. @public */
export interface ServiceResult {
  entityRef: string;
  title: string;
  /** The owning group (or user) as the catalog names it. */
  owner?: NamedRef;
  /** The team the results roll up to (the owner when it is a group). */
  team?: NamedRef;
  /** The team's department, when the team has one. */
  department?: NamedRef;
  evaluatedAt: string;
  runId: number;
  scorecards: ScorecardOutcome[];
}

/** Level distribution of one scorecard over some services. @public */
export interface ScorecardDistribution {
  id: string;
  title: string;
  levels: Array<{ id: string; title: string }>;
  /** Level id (or `none`) to the number of services at that level. */
  levelCounts: Record<string, number>;
  serviceCount: number;
  /** Passed checks over evaluated ones (unknown ones left out), 0..1; null with none evaluated. */
  passRate: number | null;
}

/** A team's roll-up. @public */
export interface TeamRollup {
  team: NamedRef;
  department?: NamedRef;
  serviceCount: number;
  scorecards: ScorecardDistribution[];
}

/** A check that fails somewhere in the fleet. @public */
export interface FailingCheck {
  scorecardId: string;
  scorecardTitle: string;
  checkId: string;
  title: string;
  severity: CheckSeverity;
  level: string;
  howToFix?: string;
  failingCount: number;
  unknownCount: number;
}

/** One point of a trend: a scorecard's figures on one day. @public */
export interface TrendPoint {
  day: string;
  scorecardId: string;
  serviceCount: number;
  levelCounts: Record<string, number>;
  passRate: number | null;
}

/** `GET /overview`. @public */
export interface OverviewResponse {
  /** When the newest run finished; absent before the first run. */
  generatedAt?: string;
  serviceCount: number;
  scorecards: ScorecardDistribution[];
  teams: TeamRollup[];
  departments: NamedRef[];
  failingChecks: FailingCheck[];
  /** The organisation's trend (or the team's, with `?team=`), oldest first. */
  trends: TrendPoint[];
}

/** `GET /services`. @public */
export interface ServicesResponse {
  generatedAt?: string;
  items: ServiceResult[];
}

/** `GET /entity/:kind/:namespace/:name`. @public */
export interface EntityResultResponse extends ServiceResult {
  /** The service's level per scorecard over its last results, newest first. */
  history: Array<{
    runId: number;
    evaluatedAt: string;
    levels: Record<string, string | null>;
  }>;
}

/** `POST /refresh`. @public */
export interface RefreshResponse {
  runId?: number;
  trigger?: string;
  serviceCount: number;
  skipped?: string;
}
