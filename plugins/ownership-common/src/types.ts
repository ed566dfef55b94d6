/**
 * A catalog entity as found in a catalog file or returned by the catalog API.
 * Only the fields the analysis reads are typed; everything else is allowed and
 * ignored. `relations` are deliberately not used: the analysis works from
 * `spec` alone so that raw catalog files give the same answer as the catalog.
 *
 * @public
 */
export interface OwnershipEntity {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: unknown;
  [key: string]: unknown;
}

/** @public */
export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * Every kind of finding the analysis reports.
 *
 * @public
 */
export const FINDING_TYPES = [
  'invalid-entity',
  'duplicate-entity',
  'invalid-reference',
  'dangling-reference',
  'group-cycle',
  'group-hierarchy-conflict',
  'no-owner',
  'unknown-owner',
  'user-owner',
  'empty-team-owner',
  'empty-team',
  'split-system',
  'split-domain',
  'cross-team-dependency',
  'overloaded-team',
  'dependency-cycle',
  'layer-violation',
  'dependency-hub',
  'history-unavailable',
  'unknown-authors',
  'actual-owner-mismatch',
  'team-fragmentation',
  'knowledge-at-risk',
  'truck-factor-one',
  'team-coordination',
] as const;

/** @public */
export type FindingType = (typeof FINDING_TYPES)[number];

/** Why an owned entity counts as an orphan. @public */
export type OrphanType =
  | 'no-owner'
  | 'unknown-owner'
  | 'user-owner'
  | 'empty-team-owner';

/**
 * One problem found by the analysis, with what to do about it.
 *
 * @public
 */
export interface Finding {
  /** Stable across runs for the same input, e.g. `unknown-owner:component:default/label-printer`. */
  id: string;
  type: FindingType;
  severity: FindingSeverity;
  /** The entity the finding is about. */
  entityRef: string;
  /** The group that should act on it, when there is one. */
  teamRef?: string;
  /** Other entities involved (dependency target, system parts, cycle members). */
  relatedRefs?: string[];
  message: string;
  suggestion: string;
  /** Where the entity is defined, when the input says (file, and line when known). */
  source?: FindingSource;
  /** Set when the finding is one of several explained by one root cause ({@link RootCause}). */
  rootCauseId?: string;
}

/** Where an entity is defined. @public */
export interface FindingSource {
  /** A file path or location target, e.g. `org/components.yaml` or `url:https://...`. */
  file: string;
  /** 1-based line of the entity's document, when known. */
  line?: number;
}

/**
 * One cause behind several findings, e.g. "the catalog has no User
 * entities" behind every group whose members do not exist. The findings
 * stay in the report's list, each with `rootCauseId`; readers show the
 * root cause once with its count and collapse the findings under it.
 *
 * @public
 */
export interface RootCause {
  /** e.g. `no-users`, `missing-entity:group:default/platform`. */
  id: string;
  /** The most severe of its findings. */
  severity: FindingSeverity;
  message: string;
  suggestion: string;
  /** Findings explained by this cause, in report order. */
  findingIds: string[];
  count: number;
}

/** The three terms of the alignment score, each 0..1, or null without data. @public */
export interface ScoreBreakdown {
  /** Share of entities in scope with a valid owner (an existing group with members). */
  ownership: number | null;
  /** Share of system/domain parts owned by the system's owner or a group under it. */
  cohesion: number | null;
  /** interface edges / (interface + coupling edges) across teams. */
  coupling: number | null;
}

/** The raw counts behind a score, summable over a subtree. @public */
export interface ScoreCounts {
  /** Entities in scope whose owner is valid. */
  validOwned: number;
  /** Entities in scope. */
  owned: number;
  /** Aligned system and domain parts. */
  alignedParts: number;
  /** System and domain parts. */
  parts: number;
  /** Outgoing cross-team edges through an API. */
  interfaceEdges: number;
  /** Outgoing cross-team direct dependencies. */
  couplingEdges: number;
}

/** Entity refs grouped by kind (lower-case kind names). @public */
export interface OwnedEntities {
  domain: string[];
  system: string[];
  component: string[];
  api: string[];
  resource: string[];
}

/** @public */
export interface TeamReport {
  ref: string;
  name: string;
  /** The display name: `metadata.title`, else `spec.profile.displayName`. */
  title?: string;
  /** `spec.type` of the group, e.g. `team`, `department`, `organization`. */
  type: string;
  /** Whether `type` is one of the configured team types. */
  isTeam: boolean;
  parentRef: string | null;
  childRefs: string[];
  /** Distance from the root of its hierarchy (0 for a root group). */
  depth: number;
  /** Distinct users that are members of this group itself. */
  memberCount: number;
  /** Distinct users that are members of this group or a group under it. */
  aggregatedMemberCount: number;
  /** Entities this group owns directly, by kind. */
  owned: OwnedEntities;
  ownedCount: number;
  /** Entities owned by this group and every group under it. */
  aggregatedOwnedCount: number;
  /** ownedCount / memberCount; null for a group without members. */
  loadPerMember: number | null;
  /** Alignment score 0..100; null when no term has data (see {@link alignmentScore}). */
  score: number | null;
  scoreBreakdown: ScoreBreakdown;
  counts: ScoreCounts;
  /** Score over this group and its whole subtree; null without data. */
  aggregatedScore: number | null;
  aggregatedScoreBreakdown: ScoreBreakdown;
  aggregatedCounts: ScoreCounts;
  /** Ids of findings whose teamRef is this group. */
  findingIds: string[];
}

/** A part of a system (component, API, resource) or of a domain (system). @public */
export interface PartReport {
  ref: string;
  kind: string;
  /** The owner as written, resolved to a full ref; null when there is none. */
  ownerRef: string | null;
  /** Set when the owner is an existing group. */
  ownerIsGroup: boolean;
  aligned: boolean;
}

/** @public */
export interface SystemReport {
  ref: string;
  name: string;
  title?: string;
  ownerRef: string | null;
  domainRef: string | null;
  parts: PartReport[];
  /** Distinct existing groups owning the parts, sorted. */
  owningTeams: string[];
  /** Owning groups (with the system owner) after merging groups that sit under one another. */
  unrelatedTeams: string[];
  /** aligned parts / parts; null without parts. */
  cohesion: number | null;
  split: boolean;
}

/** @public */
export interface DomainReport {
  ref: string;
  name: string;
  title?: string;
  ownerRef: string | null;
  /** Systems of the domain. */
  parts: PartReport[];
  owningTeams: string[];
  unrelatedTeams: string[];
  cohesion: number | null;
  split: boolean;
}

/** One relation between entities owned by different groups. @public */
export interface CouplingEdge {
  kind: 'interface' | 'coupling';
  /** The consuming / depending entity. */
  fromRef: string;
  /** The API consumed, or the component/resource depended on. */
  toRef: string;
}

/** Edges from one group to another (ordered). @public */
export interface TeamPair {
  from: string;
  to: string;
  interfaceEdges: number;
  couplingEdges: number;
  edges: CouplingEdge[];
}

/** @public */
export interface OwnershipSummary {
  /** Distinct analysed entities of the kinds the analysis knows. */
  entityCount: number;
  /** Entities of other kinds (Location, Template, ...), ignored. */
  ignoredEntityCount: number;
  /** Domains, systems, components, APIs and resources. */
  ownedEntityCount: number;
  /** Share of owned entities whose owner is an existing group (0..1; 1 without owned entities). */
  coverage: number;
  orphanCount: number;
  orphansByType: Record<OrphanType, number>;
  /** Alignment score 0..100; null when no term has data. */
  score: number | null;
  scoreBreakdown: ScoreBreakdown;
  counts: ScoreCounts;
  groupCount: number;
  /** Groups whose type is one of the team types. */
  teamCount: number;
  userCount: number;
  systemCount: number;
  domainCount: number;
  findingCounts: Record<FindingSeverity, number>;
  findingCountsByType: Partial<Record<FindingType, number>>;
}

/**
 * The result of {@link analyzeOwnership}. Plain data: safe to send as JSON.
 *
 * @public
 */
export interface OwnershipReport {
  /** The options the report was made with, defaults filled in. */
  options: Required<OwnershipAnalysisOptions>;
  summary: OwnershipSummary;
  /** Every group, sorted by ref. */
  teams: TeamReport[];
  systems: SystemReport[];
  domains: DomainReport[];
  coupling: { pairs: TeamPair[] };
  /** Sorted by severity, then type, then id. */
  findings: Finding[];
  /** Causes shared by several findings, most findings first. Absent in reports made before root causes existed. */
  rootCauses?: RootCause[];
  /** Dependency cycles among components, systems and domains. Absent in older reports. */
  dependencies?: DependencyFlowReport;
}

/** Where a dependency is written. @public */
export type DependencyField = 'dependsOn' | 'dependencyOf' | 'consumesApis';

/**
 * One edge of a dependency cycle. Between components: the declared
 * dependency; between systems or domains: the first component dependency
 * that makes it (`throughFromRef` → `throughToRef`) and how many there are.
 *
 * @public
 */
export interface DependencyCycleEdge {
  fromRef: string;
  toRef: string;
  field: DependencyField;
  /** The API consumed, when the dependency goes through one. */
  apiRef?: string;
  throughFromRef?: string;
  throughToRef?: string;
  /** Component dependencies behind a system or domain edge. */
  count?: number;
}

/** @public */
export type DependencyLevel = 'component' | 'system' | 'domain';

/** A dependency cycle, reported once per tangle (strongly connected set). @public */
export interface DependencyCycle {
  findingId: string;
  level: DependencyLevel;
  /** The cycle in order, starting at its smallest ref; the last depends on the first. */
  refs: string[];
  /** `edges[i]` goes from `refs[i]` to `refs[i + 1]` (the last back to `refs[0]`). */
  edges: DependencyCycleEdge[];
  /** The edge the finding suggests to invert or remove. */
  breakAt: number;
  /** Entities mutually dependent with the cycle's members (the cycle's strongly connected set). */
  tangleSize: number;
}

/** @public */
export interface DependencyFlowReport {
  cycles: DependencyCycle[];
}

/** @public */
export interface OwnershipAnalysisOptions {
  /** Owned entities per member above which a team is overloaded. Default 6. */
  teamLoadThreshold?: number;
  /** Group `spec.type` values that are teams. Default `['team']`. */
  teamTypes?: string[];
  /**
   * Layers from top to bottom; a dependency may point down or sideways, never
   * up. A component's layer is its `conway.dev/layer` annotation, else its
   * `spec.type`; a system's layer is its `conway.dev/layer` annotation.
   * Entities whose layer is not listed are not checked. Default
   * `['website', 'service', 'library']`; `[]` turns the check off.
   */
  layerOrder?: string[];
  /** Fewest dependents or dependencies an entity needs to count as a hub. Default 5. */
  hubMinDegree?: number;
}
