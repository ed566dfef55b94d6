export type {
  CouplingEdge,
  Finding,
  FindingSeverity,
  FindingType,
  OwnershipReport,
  OwnershipSummary,
  ProposedChange,
  TeamPair,
  TeamReport,
} from '@conway/plugin-ownership-common';

// The HTTP API's shapes live in ownership-common, shared with the backend.
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
