import { isRecord, Node, sortByRef } from '../model';
import {
  DependencyFlowReport,
  DomainReport,
  Finding,
  FindingSeverity,
  FindingSource,
  FindingType,
  OwnedEntities,
  OwnershipReport,
  OwnershipSummary,
  SystemReport,
  TeamReport,
} from '../types';
import { OwnershipModel } from './buildModel';
import { Cohesion, ContainerAnalysis } from './cohesion';
import { AnalysisContext } from './context';
import { Coupling } from './coupling';
import { findRootCauses } from './rootCauses';
import { scored, Scores } from './scores';
import { round } from './text';

/** What the stages before the report found. */
export interface StageResults {
  /** Entities each group owns directly, by group id, sorted by ref. */
  owned: Node[][];
  cohesion: Cohesion;
  coupling: Coupling;
  scores: Scores;
  dependencies: DependencyFlowReport;
}

/** Where the entity at an input position is defined; see `OwnershipAnalysisInputs`. */
export type SourceLookup = (
  position: number,
  entity: unknown,
) => FindingSource | undefined;

/**
 * The last stage: the report of the organisation, every group, system and
 * domain, the coupling between teams, and the findings, sorted. Plain JSON.
 */
export function buildReport(
  model: OwnershipModel,
  { owned, cohesion, coupling, scores, dependencies }: StageResults,
  sourceOf: SourceLookup = sourceFromAnnotations,
): OwnershipReport {
  const { ctx } = model;
  const findings = ctx.findings.sorted();
  addSources(ctx, findings, sourceOf);
  const rootCauses = findRootCauses(ctx, findings);
  const teams = teamReports(model, owned, scores, findings);
  // Analyses follow the input order; reports are sorted by ref.
  const systems = sortByRef(cohesion.systems.map(containerReport));
  const domains: DomainReport[] = sortByRef(
    cohesion.domains.map(a => {
      const { domainRef: _, ...domain } = containerReport(a);
      return domain;
    }),
  );
  return {
    options: {
      ...ctx.options,
      teamTypes: [...ctx.options.teamTypes],
      layerOrder: [...ctx.options.layerOrder],
    },
    summary: summarize(model, cohesion, scores, findings),
    teams,
    systems,
    domains,
    coupling: { pairs: coupling.pairs },
    findings,
    rootCauses,
    dependencies,
  };
}

const ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/**
 * The catalog's record of where an entity was read from: the
 * managed-by-location annotation (the file itself), else the origin
 * location (the registration that led to it), without the `url:`/`file:`
 * type prefix.
 */
export function sourceFromAnnotations(
  _position: number,
  entity: unknown,
): FindingSource | undefined {
  const metadata =
    isRecord(entity) && isRecord(entity.metadata) ? entity.metadata : {};
  const annotations = isRecord(metadata.annotations)
    ? metadata.annotations
    : {};
  for (const key of [MANAGED_BY_LOCATION, ORIGIN_LOCATION]) {
    const value = Object.prototype.hasOwnProperty.call(annotations, key)
      ? annotations[key]
      : undefined;
    if (typeof value === 'string' && value.trim()) {
      return { file: value.replace(/^(url|file):(?=.)/, '') };
    }
  }
  return undefined;
}

const INVALID_ENTITY_ID = /^invalid-entity:#(\d+)$/;

/** Sets each finding's source: where its entity (or the invalid input) is defined. */
function addSources(
  ctx: AnalysisContext,
  findings: Finding[],
  sourceOf: SourceLookup,
): void {
  const cache = new Map<number, FindingSource | undefined>();
  for (const f of findings) {
    let position: number | undefined;
    const invalid = f.type === 'invalid-entity' && INVALID_ENTITY_ID.exec(f.id);
    if (invalid) position = Number(invalid[1]);
    else position = ctx.nodes.get(f.entityRef.toLowerCase())?.input;
    if (position === undefined) continue;
    let source = cache.get(position);
    if (source === undefined && !cache.has(position)) {
      source = sourceOf(position, ctx.entities[position]);
      cache.set(position, source);
    }
    if (source) f.source = { ...source };
  }
}

function ownedEntities(list: Node[]): OwnedEntities {
  const o: OwnedEntities = {
    domain: [],
    system: [],
    component: [],
    api: [],
    resource: [],
  };
  for (const node of list) o[node.kind as keyof OwnedEntities].push(node.ref);
  return o;
}

function teamReports(
  { ctx, hierarchy, membership }: OwnershipModel,
  owned: Node[][],
  scores: Scores,
  findings: Finding[],
): TeamReport[] {
  const { groups } = ctx;
  const findingIds: string[][] = new Array(groups.length);
  for (let i = 0; i < groups.length; i++) findingIds[i] = [];
  for (const f of findings) {
    if (!f.teamRef) continue;
    const g = ctx.nodes.get(f.teamRef.toLowerCase());
    if (g && g.kind === 'group') findingIds[g.id].push(f.id);
  }
  return groups.map(g => {
    const i = g.id;
    const members = membership.memberCount[i];
    const ownedCount = scores.ownedCount[i];
    const own = scored(scores.counts[i]);
    const aggregated = scored(scores.aggregated[i]);
    const parent = hierarchy.parent[i];
    // One object shape per report, built in one go (spreads would copy, and vary the shape).
    const team: TeamReport = {
      ref: g.ref,
      name: g.name,
      type: typeof g.spec.type === 'string' ? g.spec.type : 'unknown',
      isTeam: ctx.isTeam(g),
      parentRef: parent === -1 ? null : groups[parent].ref,
      childRefs: hierarchy.children[i].map(c => groups[c].ref),
      depth: hierarchy.depth[i],
      memberCount: members,
      aggregatedMemberCount: membership.aggregatedMembers[i],
      owned: ownedEntities(owned[i]),
      ownedCount,
      aggregatedOwnedCount: scores.aggregatedOwned[i],
      loadPerMember: members > 0 ? round(ownedCount / members) : null,
      score: own.score,
      scoreBreakdown: own.scoreBreakdown,
      counts: scores.counts[i],
      aggregatedScore: aggregated.score,
      aggregatedScoreBreakdown: aggregated.scoreBreakdown,
      aggregatedCounts: scores.aggregated[i],
      findingIds: findingIds[i],
    };
    if (g.title !== undefined) team.title = g.title;
    return team;
  });
}

function containerReport(a: ContainerAnalysis): SystemReport {
  const c = a.container;
  const report: SystemReport = {
    ref: c.ref,
    name: c.name,
    ownerRef: c.ownerRef,
    domainRef: c.kind === 'system' ? c.container?.ref ?? null : null,
    parts: a.parts,
    owningTeams: a.owningTeams.map(g => g.ref),
    unrelatedTeams: a.unrelated.map(g => g.ref),
    cohesion:
      a.parts.length > 0 ? round(a.alignedCount / a.parts.length) : null,
    split: a.unrelated.length > 1,
  };
  if (c.title !== undefined) report.title = c.title;
  return report;
}

function summarize(
  { ctx }: OwnershipModel,
  cohesion: Cohesion,
  scores: Scores,
  findings: Finding[],
): OwnershipSummary {
  const { org } = scores;
  const findingCounts: Record<FindingSeverity, number> = {
    error: 0,
    warning: 0,
    info: 0,
  };
  const findingCountsByType: Partial<Record<FindingType, number>> = {};
  for (const f of findings) {
    findingCounts[f.severity]++;
    findingCountsByType[f.type] = (findingCountsByType[f.type] ?? 0) + 1;
  }
  const { score, scoreBreakdown } = scored(org);
  return {
    entityCount: ctx.index.list.length,
    ignoredEntityCount: ctx.index.ignoredCount,
    ownedEntityCount: org.owned,
    coverage: org.owned > 0 ? round(scores.coveredCount / org.owned) : 1,
    orphanCount: org.owned - org.validOwned,
    orphansByType: scores.orphansByType,
    score,
    scoreBreakdown,
    counts: org,
    groupCount: ctx.groups.length,
    teamCount: ctx.groups.filter(g => ctx.isTeam(g)).length,
    userCount: ctx.index.users.length,
    systemCount: cohesion.systems.length,
    domainCount: cohesion.domains.length,
    findingCounts,
    findingCountsByType,
  };
}
