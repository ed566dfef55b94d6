import type {
  CouplingEdge,
  Finding,
  FindingSeverity,
  FindingType,
  OrphanType,
  OwnershipReport,
  OwnershipSummary,
  TeamReport,
} from './types';
import type { WhatIfDelta } from './whatIf';

/*
 * The shapes of the ownership backend's HTTP API: its router answers with
 * them and the frontend's client reads them, both from this package.
 */

/**
 * When the report was computed from the catalog (ISO 8601).
 *
 * @public
 */
export interface ReportStamp {
  generatedAt: string;
}

/** `GET /report` and `GET /export.json`. @public */
export type OwnershipReportResponse = OwnershipReport & ReportStamp;

/** `GET /summary`. @public */
export type OwnershipSummaryResponse = OwnershipSummary & ReportStamp;

/** `GET /teams/:namespace/:name`. @public */
export interface TeamDetailsResponse extends ReportStamp {
  team: TeamReport;
  /** From the parent up to the root. */
  ancestorRefs: string[];
  /** Findings the team should act on, and findings about the group itself. */
  findings: Finding[];
  /**
   * The groups under this one (a department's teams and their sub-teams),
   * depth first, each with what it owns and its finding ids. Empty for a
   * group without sub-groups.
   */
  descendants: TeamReport[];
  /**
   * The findings of this group and of every group under it, in report order;
   * each keeps its `teamRef`, the team that should act on it. Equal to
   * `findings` for a group without sub-groups.
   */
  aggregatedFindings: Finding[];
}

/** A cross-team edge with the teams at both ends. @public */
export interface TeamCouplingEdge extends CouplingEdge {
  fromTeamRef: string;
  toTeamRef: string;
}

/** Summary of the system or domain an entity belongs to. @public */
export interface ContainerAlignment {
  ref: string;
  title?: string;
  ownerRef: string | null;
  owningTeams: string[];
  cohesion: number | null;
  split: boolean;
}

/** `GET /entities/:kind/:namespace/:name`. @public */
export interface EntityAlignmentResponse extends ReportStamp {
  entityRef: string;
  kind: string;
  title?: string;
  owner: {
    /** `spec.owner` as a full ref; null when it is not set. */
    ref: string | null;
    /** `valid`: an existing group with members; `not-applicable` for groups and users. */
    status: 'valid' | OrphanType | 'not-applicable';
  };
  /** The entity's system (for a system: itself). */
  system: ContainerAlignment | null;
  /** The system's domain (for a domain: itself). */
  domain: ContainerAlignment | null;
  /**
   * Whether the owner is the owner of the containing system (domain, for a
   * system) or a group under it; null when the entity has no container.
   */
  aligned: boolean | null;
  /** Cross-team edges from or to the entity; for a system, of its parts. */
  couplingEdges: TeamCouplingEdge[];
  /** Findings about the entity, with suggestions. */
  findings: Finding[];
}

/** `GET /findings`. @public */
export interface FindingsResponse extends ReportStamp {
  items: Finding[];
}

/** Filters of `GET /findings` and `GET /export.csv`. @public */
export interface FindingFilter {
  severity?: FindingSeverity[];
  type?: FindingType[];
  /** Group refs (`teamRef` of the finding). */
  team?: string[];
}

/** `POST /what-if`. @public */
export interface WhatIfResponse {
  before: OwnershipSummary;
  after: OwnershipSummary;
  delta: WhatIfDelta;
  /** Current findings the changes would resolve. */
  resolvedFindings: Finding[];
  /** Findings the changes would introduce. */
  newFindings: Finding[];
}

/** `POST /refresh`. @public */
export interface RefreshResponse extends ReportStamp {
  entityCount: number;
}

/** `GET /health`. @public */
export interface HealthResponse {
  status: 'ok';
  report: {
    available: boolean;
    generatedAt?: string;
    building: boolean;
  };
}
