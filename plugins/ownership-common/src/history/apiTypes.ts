import type { Finding } from '../types';
import type { HistoryReport } from './analyzeHistory';
import type { ComponentHistoryReport, CoordinationPair } from './types';

/*
 * The shapes of the ownership backend's history API (`/api/ownership/history...`):
 * the backend's router answers with them and the frontend's client reads them.
 */

/**
 * Where the mined history stands. `disabled`: `ownership.history.enabled` is
 * false; `pending`: no run has completed yet (the first one is scheduled);
 * `ready`: a completed run's results are served (possibly while the next runs).
 *
 * @public
 */
export type HistoryState = 'disabled' | 'pending' | 'ready';

/** How one repository was read in the run that produced the results. @public */
export interface HistoryRepositoryRun {
  repository: string;
  entityRefs: string[];
  /** `full` (first read), `incremental` (`last..HEAD`), `unchanged`, or `failed`. */
  mode: string;
  commitsRead: number;
  milliseconds: number;
}

/** Stamp of the run whose results are served. @public */
export interface HistoryRunStamp {
  state: HistoryState;
  /** ISO 8601 time the served run completed; absent unless `ready`. */
  completedAt?: string;
  /**
   * Days of history the served run looked at (its `windowDays` option), so
   * answers can say "last 12 months"; absent unless `ready`.
   */
  windowDays?: number;
  /** ISO 8601 time the next scheduled run is due, when known. */
  nextRunAt?: string;
}

/** `GET /history`: the whole fleet's history analysis. @public */
export interface OwnershipHistoryResponse extends HistoryRunStamp {
  /** Absent unless `ready`. */
  report?: HistoryReport;
  runs?: HistoryRepositoryRun[];
  /** Components without a `backstage.io/source-location`: nothing to mine. */
  withoutSourceLocation?: string[];
}

/** `GET /history/components/:namespace/:name`: one component. @public */
export interface ComponentHistoryResponse extends HistoryRunStamp {
  /** Absent when the component was not mined (see `reason`). */
  component?: ComponentHistoryReport;
  /** Why there is no history for it (no source location, unreadable repository...). */
  reason?: string;
  /** History findings about this component. */
  findings: Finding[];
  /** Coordination pairs that involve this component. */
  coordination: CoordinationPair[];
  titles: Record<string, string>;
}

/** A component a team declares or actually changes most. @public */
export interface TeamComponentHistory {
  entityRef: string;
  declaredOwnerRef: string | null;
  actualTeamRef: string | null;
  /** This team's share of the component's changes (0..1). */
  teamShare: number;
  commits: number;
}

/** `GET /history/teams/:namespace/:name`: one team's side. @public */
export interface TeamHistoryResponse extends HistoryRunStamp {
  /** Components the team declares (spec.owner), with who actually changes them. */
  declared: TeamComponentHistory[];
  /** Components another team declares but this team changes most. */
  actuallyChanged: TeamComponentHistory[];
  /** Coordination pairs this team is part of. */
  coordination: CoordinationPair[];
  /** History findings about the team's components. */
  findings: Finding[];
  titles: Record<string, string>;
}
