import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntityResultResponse,
  OverviewResponse,
  RefreshResponse,
  ServicesResponse,
} from '@conway/plugin-scorecards-common';

/**
 * Filters of the services list and the exports: refs for teams and
 * departments, level ids (`none` below every level), check ids.
 *
 * @public
 */
export interface ServiceQuery {
  team?: string;
  department?: string;
  level?: string;
  check?: string;
  scorecard?: string;
  /** Services per answer, at most MAX_SERVICES_PAGE (its default). */
  limit?: number;
  /** Services skipped before the first one answered. */
  offset?: number;
}

/** A file downloaded from the backend. @public */
export interface ExportedFile {
  blob: Blob;
  filename: string;
}

/**
 * Client of the scorecards backend (`/api/scorecards`).
 *
 * @public
 */
export interface ScorecardsApi {
  /** The fleet overview; with `team` (a group ref), that team's trend. */
  getOverview(options?: { team?: string }): Promise<OverviewResponse>;
  getServices(query?: ServiceQuery): Promise<ServicesResponse>;
  /** `ref`: a full entity ref such as `component:default/service-a`. */
  getEntity(ref: string): Promise<EntityResultResponse>;
  /** The results with the same filters as a file: one row per service and check (CSV), or JSON. */
  exportFile(format: 'csv' | 'json', query?: ServiceQuery): Promise<ExportedFile>;
  /** A repository Markdown guide a check links to as how to fix it (`docs/scorecards.md`). */
  getGuide(path: string): Promise<{ path: string; markdown: string }>;
  /** Evaluates one service now, or schedules a fleet run (platform team only). */
  refresh(entityRef?: string): Promise<RefreshResponse>;
}

/** @public */
export const scorecardsApiRef = createApiRef<ScorecardsApi>().with({
  id: 'plugin.scorecards.service',
  pluginId: 'scorecards',
});
