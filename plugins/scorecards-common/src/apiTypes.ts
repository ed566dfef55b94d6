/**
 * Shapes shared by the scorecards library, the backend, the frontend and the
 * `conway scorecard check` command: definitions, per-service results,
 * roll-ups and trends.
 */

/** Outcome of one check for one service. @public */
export type CheckStatus = 'pass' | 'fail' | 'unknown';

/** Severity of a check, most severe first. @public */
export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low';

/** Every severity, most severe first. @public */
export const CHECK_SEVERITIES: readonly CheckSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** A JSON value: what a check's parameters and facts are made of. @public */
export type JsonPrimitive = string | number | boolean | null;
/** @public */
export type JsonValue =
  | JsonPrimitive
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Where a definition was read from, for error messages and links back to the YAML. @public */
export interface DefinitionSource {
  file: string;
  /** 1-based. */
  line: number;
}

/** A check of a scorecard, as an SRE defines it in YAML. @public */
export interface CheckDefinition {
  /** Unique within its scorecard, e.g. `owner-is-team`. */
  id: string;
  /** The rule it evaluates (see `RULES`); the check's id when not given. */
  rule: string;
  title: string;
  description: string;
  severity: CheckSeverity;
  /** A link (repository-relative doc path with an anchor, or a URL) saying how to fix a failure. */
  howToFix: string;
  /** A failed required check makes `conway scorecard check` exit non-zero. */
  required: boolean;
  /** The rule's parameters (thresholds), validated at load. */
  params: Record<string, JsonValue>;
  source?: DefinitionSource;
}

/** A level of a scorecard, e.g. bronze, silver, gold. @public */
export interface LevelDefinition {
  id: string;
  title: string;
  /** The level this one builds on; its checks are required too. */
  extends?: string;
  /** Check ids introduced at this level. */
  checks: string[];
  /** Every check required to reach this level: its own plus those of the levels it extends. */
  requiredChecks: string[];
  source?: DefinitionSource;
}

/** A scorecard: checks grouped into levels, lowest first. @public */
export interface ScorecardDefinition {
  id: string;
  title: string;
  description: string;
  checks: CheckDefinition[];
  levels: LevelDefinition[];
  source?: DefinitionSource;
}

/** The result of one check for one service. @public */
export interface CheckResult {
  checkId: string;
  status: CheckStatus;
  /** Why it failed or is unknown; for a pass, what was found. */
  reason: string;
  /** The facts the rule used, for the page and JSON export. */
  facts: Record<string, JsonValue>;
}

/** One check's result with what a reader needs to act on it. @public */
export interface CheckOutcome extends CheckResult {
  title: string;
  description: string;
  severity: CheckSeverity;
  required: boolean;
  howToFix: string;
  /** The lowest level needing it. */
  level: string;
}

/** One scorecard's result for one service. @public */
export interface ServiceScorecardResult {
  entityRef: string;
  /** The owner as the catalog names it, when set. */
  owner?: string;
  scorecardId: string;
  /** The highest level reached (all its required checks pass); null below the first. */
  level: string | null;
  /** Ids of every level, lowest first, for display. */
  levels: string[];
  results: CheckOutcome[];
  /** ISO timestamp. */
  evaluatedAt: string;
}

/** Level distribution and pass rate of a scorecard over a set of services. @public */
export interface ScorecardRollup {
  scorecardId: string;
  serviceCount: number;
  /** Level id (or `none`) to number of services at that level. */
  levelCounts: Record<string, number>;
  passed: number;
  failed: number;
  unknown: number;
  /** passed / (passed + failed), unknown left out; null when nothing was evaluated. */
  passRate: number | null;
}

/** Roll-up for a team, a department or the organisation. @public */
export interface GroupRollup {
  /** `organisation` for the whole fleet, otherwise a group entity ref. */
  ref: string;
  kind: 'team' | 'department' | 'organisation';
  /** The department a team belongs to. */
  departmentRef?: string;
  serviceCount: number;
  scorecards: ScorecardRollup[];
}

/** All roll-ups of one evaluation. @public */
export interface FleetRollups {
  organisation: GroupRollup;
  departments: GroupRollup[];
  teams: GroupRollup[];
}

/** A scorecard's figures at one point in time, for trend charts. @public */
export interface TrendPoint {
  /** ISO date (day) or timestamp. */
  at: string;
  /** `organisation` or a group ref. */
  ref: string;
  scorecardId: string;
  serviceCount: number;
  levelCounts: Record<string, number>;
  passRate: number | null;
}

/** A definition file that could not be loaded. @public */
export interface DefinitionError {
  file: string;
  line: number;
  message: string;
}
