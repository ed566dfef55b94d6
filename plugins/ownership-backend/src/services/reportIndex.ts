import { Entity } from '@backstage/catalog-model';
import {
  DomainReport,
  Finding,
  FindingType,
  OrphanType,
  OwnershipReport,
  PartReport,
  SystemReport,
  TeamReport,
  parseRef,
  refKey,
  stringifyRef,
  teamAncestors,
  teamDescendants,
} from '@conway/plugin-ownership-common';
import {
  ContainerAlignment,
  EntityAlignmentResponse,
  FindingFilter,
  TeamCouplingEdge,
} from '@conway/plugin-ownership-common';

const ORPHAN_TYPES: ReadonlySet<FindingType> = new Set<OrphanType>([
  'no-owner',
  'unknown-owner',
  'user-owner',
  'empty-team-owner',
]);

const OWNED_KINDS = new Set([
  'domain',
  'system',
  'component',
  'api',
  'resource',
]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function container(report: SystemReport | DomainReport): ContainerAlignment {
  return {
    ref: report.ref,
    ...(report.title !== undefined ? { title: report.title } : {}),
    ownerRef: report.ownerRef,
    owningTeams: report.owningTeams,
    cohesion: report.cohesion,
    split: report.split,
  };
}

/**
 * Lookups over one report and the entities it was made from, built once per
 * report so that per-entity and per-team requests are map lookups.
 */
export class ReportIndex {
  readonly #report: OwnershipReport;
  readonly #entities = new Map<string, Entity>();
  readonly #findingsById = new Map<string, Finding>();
  readonly #findingsByRef = new Map<string, Finding[]>();
  readonly #teams = new Map<string, TeamReport>();
  readonly #systems = new Map<string, SystemReport>();
  readonly #domains = new Map<string, DomainReport>();
  readonly #partOf = new Map<
    string,
    { system: SystemReport; part: PartReport }
  >();
  readonly #systemIn = new Map<
    string,
    { domain: DomainReport; part: PartReport }
  >();
  readonly #edges = new Map<string, TeamCouplingEdge[]>();

  constructor(report: OwnershipReport, entities: readonly Entity[]) {
    this.#report = report;
    for (const entity of entities) {
      const ref = parseRef({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      });
      if (ref && !this.#entities.has(refKey(ref)))
        this.#entities.set(refKey(ref), entity);
    }
    for (const f of report.findings) {
      this.#findingsById.set(f.id, f);
      const keys = new Set([f.entityRef, ...(f.relatedRefs ?? [])].map(refKey));
      for (const key of keys) push(this.#findingsByRef, key, f);
    }
    for (const t of report.teams) this.#teams.set(refKey(t.ref), t);
    for (const s of report.systems) {
      this.#systems.set(refKey(s.ref), s);
      for (const part of s.parts)
        this.#partOf.set(refKey(part.ref), { system: s, part });
    }
    for (const d of report.domains) {
      this.#domains.set(refKey(d.ref), d);
      for (const part of d.parts)
        this.#systemIn.set(refKey(part.ref), { domain: d, part });
    }
    for (const pair of report.coupling.pairs) {
      for (const edge of pair.edges) {
        const e = { ...edge, fromTeamRef: pair.from, toTeamRef: pair.to };
        push(this.#edges, refKey(edge.fromRef), e);
        if (refKey(edge.toRef) !== refKey(edge.fromRef))
          push(this.#edges, refKey(edge.toRef), e);
      }
    }
  }

  get report(): OwnershipReport {
    return this.#report;
  }

  team(ref: string): TeamReport | undefined {
    return this.#teams.get(refKey(ref));
  }

  /**
   * Findings the team should act on and findings that name the group or an
   * entity it owns (another team's split system with this team's parts in
   * it, another team's direct dependency on them), in report order. Without
   * the latter a team whose entities lower its score would be told that
   * nothing is wrong.
   */
  teamFindings(team: TeamReport): Finding[] {
    const ids = new Set<string>();
    this.#addTeamFindings(team, ids);
    return this.#report.findings.filter(f => ids.has(f.id));
  }

  #addTeamFindings(team: TeamReport, ids: Set<string>): void {
    for (const id of team.findingIds) ids.add(id);
    const refs = [team.ref, ...Object.values(team.owned).flat()];
    for (const ref of refs) {
      for (const f of this.#findingsByRef.get(refKey(ref)) ?? []) ids.add(f.id);
    }
  }

  /** The groups under the team, depth first. */
  teamDescendants(team: TeamReport): TeamReport[] {
    return team.childRefs.length > 0
      ? teamDescendants(this.#report, team.ref)
      : [];
  }

  /** {@link ReportIndex.teamFindings} of the team and of every group in `descendants`, in report order. */
  subtreeFindings(team: TeamReport, descendants: TeamReport[]): Finding[] {
    const ids = new Set<string>();
    for (const t of [team, ...descendants]) this.#addTeamFindings(t, ids);
    return this.#report.findings.filter(f => ids.has(f.id));
  }

  teamAncestorRefs(team: TeamReport): string[] {
    return teamAncestors(this.#report, team.ref).map(t => t.ref);
  }

  /** Findings whose entity or related entities include `ref`, in report order. */
  entityFindings(ref: string): Finding[] {
    return this.#findingsByRef.get(refKey(ref)) ?? [];
  }

  filterFindings(filter: FindingFilter): Finding[] {
    const severities = filter.severity && new Set(filter.severity);
    const types = filter.type && new Set(filter.type);
    const teams = filter.team && new Set(filter.team.map(refKey));
    return this.#report.findings.filter(
      f =>
        (!severities || severities.has(f.severity)) &&
        (!types || types.has(f.type)) &&
        (!teams || (f.teamRef !== undefined && teams.has(refKey(f.teamRef)))),
    );
  }

  /** How one entity aligns with the organisation; undefined when the catalog has no such entity. */
  entityAlignment(
    ref: string,
  ): Omit<EntityAlignmentResponse, 'generatedAt'> | undefined {
    const key = refKey(ref);
    const entity = this.#entities.get(key);
    if (!entity) return undefined;
    const parsed = parseRef(key)!;
    const kind = parsed.kind;
    const namespace = entity.metadata.namespace ?? 'default';
    const entityRef = stringifyRef({
      kind,
      namespace,
      name: entity.metadata.name,
    });
    const findings = this.entityFindings(key);

    const orphan = findings.find(
      f => ORPHAN_TYPES.has(f.type) && refKey(f.entityRef) === key,
    );
    let status: EntityAlignmentResponse['owner']['status'] = 'not-applicable';
    if (OWNED_KINDS.has(kind)) status = (orphan?.type as OrphanType) ?? 'valid';
    const owner = OWNED_KINDS.has(kind)
      ? parseRef(entity.spec?.owner, {
          defaultKind: 'group',
          defaultNamespace: namespace,
        })
      : undefined;

    let system: SystemReport | undefined;
    let domain: DomainReport | undefined;
    let aligned: boolean | null = null;
    const partOf = this.#partOf.get(key);
    const systemIn = this.#systemIn.get(key);
    if (kind === 'system') {
      system = this.#systems.get(key);
      domain = systemIn?.domain;
      aligned = systemIn?.part.aligned ?? null;
    } else if (kind === 'domain') {
      domain = this.#domains.get(key);
    } else if (partOf) {
      system = partOf.system;
      aligned = partOf.part.aligned;
      domain = this.#systemIn.get(refKey(system.ref))?.domain;
    }

    const edgeKeys =
      kind === 'system' && system
        ? [key, ...system.parts.map(p => refKey(p.ref))]
        : [key];
    const seen = new Set<string>();
    const couplingEdges: TeamCouplingEdge[] = [];
    for (const k of edgeKeys) {
      for (const e of this.#edges.get(k) ?? []) {
        const id = `${e.kind}|${e.fromRef}|${e.toRef}`;
        if (!seen.has(id)) {
          seen.add(id);
          couplingEdges.push(e);
        }
      }
    }

    return {
      entityRef,
      kind,
      ...(entity.metadata.title !== undefined
        ? { title: entity.metadata.title }
        : {}),
      owner: { ref: owner ? stringifyRef(owner) : null, status },
      system: system ? container(system) : null,
      domain: domain ? container(domain) : null,
      aligned,
      couplingEdges,
      findings,
    };
  }

  findingsById(ids: readonly string[]): Finding[] {
    return ids.flatMap(id => {
      const f = this.#findingsById.get(id);
      return f ? [f] : [];
    });
  }
}
