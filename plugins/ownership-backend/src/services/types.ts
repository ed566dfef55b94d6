// The HTTP API's shapes live in ownership-common, shared with the frontend.
export type {
  ReportStamp,
  OwnershipReportResponse,
  OwnershipSummaryResponse,
  TeamDetailsResponse,
  TeamCouplingEdge,
  ContainerAlignment,
  EntityAlignmentResponse,
  FindingsResponse,
  FindingFilter,
  WhatIfResponse,
  RefreshResponse,
  HealthResponse,
} from '@conway/plugin-ownership-common';
