import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ComponentHistoryResponse,
  EntityAlignmentResponse,
  OwnershipHistoryResponse,
  OwnershipReportResponse,
  ProposedChange,
  RefreshResponse,
  TeamDetailsResponse,
  TeamHistoryResponse,
  WhatIfResponse,
} from './types';

/**
 * `csv`: the findings; `owners-csv`: who owns what; `json`: the whole report.
 *
 * @public
 */
export type ExportFormat = 'csv' | 'owners-csv' | 'json';

/** A file downloaded from the backend. @public */
export interface ExportedFile {
  blob: Blob;
  filename: string;
}

/**
 * Client of the ownership backend (`/api/ownership`).
 *
 * @public
 */
export interface OwnershipApi {
  getReport(): Promise<OwnershipReportResponse>;
  /** `ref`: a group ref such as `group:default/team-a`. */
  getTeam(ref: string): Promise<TeamDetailsResponse>;
  /** `ref`: a full entity ref such as `component:default/service-a`. */
  getEntity(ref: string): Promise<EntityAlignmentResponse>;
  whatIf(changes: ProposedChange[]): Promise<WhatIfResponse>;
  exportReport(format: ExportFormat): Promise<ExportedFile>;
  refresh(): Promise<RefreshResponse>;
  /** Actual ownership mined from git history, the whole fleet. */
  getHistory(): Promise<OwnershipHistoryResponse>;
  /** `ref`: a component ref such as `component:default/service-a`. */
  getComponentHistory(ref: string): Promise<ComponentHistoryResponse>;
  /** `ref`: a group ref such as `group:default/team-a`. */
  getTeamHistory(ref: string): Promise<TeamHistoryResponse>;
}

/** @public */
export const ownershipApiRef = createApiRef<OwnershipApi>().with({
  id: 'plugin.ownership.service',
  pluginId: 'ownership',
});
