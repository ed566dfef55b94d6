import type { CheckSeverity, CheckStatus } from './apiTypes';

/*
 * The shapes of the scorecards backend's HTTP API (`/api/scorecards`): its
 * router answers with them and the Scorecards page's client reads them, both
 * from this package. They carry the display names the pages need (entity
 * titles, team and department names), resolved once at evaluation so that a
 * page never reads the catalog.
 */

/**
 * One check of a scorecard, evaluated for one service, as the API serves it
 * (without the facts the rule used; see {@link CheckOutcome} for those).
 *
 * @public
 */
export interface ServiceCheckOutcome {
  checkId: string;
  /** The rule the check evaluates (see `RULES`); absent in results stored before it was served. */
  rule?: string;
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
  checks: ServiceCheckOutcome[];
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
  /** The rule the check evaluates: what a campaign can do about it depends on it. */
  rule?: string;
  title: string;
  severity: CheckSeverity;
  level: string;
  howToFix?: string;
  failingCount: number;
  unknownCount: number;
}

/** One point of a served trend: a scorecard's figures on one day. @public */
export interface DailyTrendPoint {
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
  trends: DailyTrendPoint[];
}

/**
 * `GET /services`: one page of the services that pass the filters, in the
 * stored order (`?limit=` up to {@link MAX_SERVICES_PAGE}, default that;
 * `?offset=`, default 0).
 *
 * @public
 */
export interface ServicesResponse {
  generatedAt?: string;
  items: ServiceResult[];
  /** Services that pass the filters, on every page. */
  total: number;
  offset: number;
  limit: number;
}

/** The most services one `GET /services` answers (a page of a 10,000-service fleet stays small). @public */
export const MAX_SERVICES_PAGE = 1000;

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

/**
 * Rules a golden-path upgrade makes pass: a campaign from a check of one of
 * these can prepare the change (the upgrade); from any other check it can
 * only track the owners' fixes.
 *
 * @public
 */
export const TEMPLATE_VERSION_RULES: readonly string[] = [
  'golden-path-current',
];
