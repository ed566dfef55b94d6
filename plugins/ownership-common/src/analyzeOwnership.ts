import {
  compareStrings,
  describeValue,
  EntityIndex,
  FindingCollector,
  indexEntities,
  isRecord,
  KnownKind,
  Node,
  OWNED_KINDS,
  refList,
  resolve,
  Resolver,
  sortByRef,
  sortSmall,
} from './model';
import {
  addScoreCounts,
  alignmentScore,
  emptyScoreCounts,
  scoreBreakdown,
} from './score';
import {
  CouplingEdge,
  DomainReport,
  Finding,
  FindingSeverity,
  FindingType,
  OrphanType,
  OwnedEntities,
  OwnershipAnalysisOptions,
  OwnershipReport,
  OwnershipSummary,
  PartReport,
  ScoreCounts,
  SystemReport,
  TeamPair,
  TeamReport,
} from './types';

/** @public */
export const DEFAULT_TEAM_LOAD_THRESHOLD = 6;

/** @public */
export const DEFAULT_TEAM_TYPES: readonly string[] = Object.freeze(['team']);

const KIND_TITLES: Record<string, string> = {
  group: 'Group',
  user: 'User',
  domain: 'Domain',
  system: 'System',
  component: 'Component',
  api: 'API',
  resource: 'Resource',
};

const LIST_LIMIT = 5;

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** Resolves options, failing loudly on values that would make no sense. */
export function normalizeOptions(
  options: OwnershipAnalysisOptions = {},
): Required<OwnershipAnalysisOptions> {
  const threshold = options.teamLoadThreshold ?? DEFAULT_TEAM_LOAD_THRESHOLD;
  if (
    typeof threshold !== 'number' ||
    !Number.isFinite(threshold) ||
    threshold <= 0
  ) {
    throw new RangeError(
      `teamLoadThreshold must be a positive number, got ${describeValue(
        threshold,
      )}`,
    );
  }
  const teamTypes = options.teamTypes ?? DEFAULT_TEAM_TYPES;
  if (!Array.isArray(teamTypes) || teamTypes.some(t => typeof t !== 'string')) {
    throw new TypeError(
      `teamTypes must be a list of strings, got ${describeValue(teamTypes)}`,
    );
  }
  return { teamLoadThreshold: threshold, teamTypes: [...teamTypes] };
}

/** Short label of a group for prose: its name in the default namespace, else its ref. */
function label(node: Node): string {
  return node.namespace.toLowerCase() === 'default' ? node.name : node.ref;
}

function joinList(items: string[], limit = LIST_LIMIT): string {
  const shown = items.slice(0, limit);
  const rest = items.length - shown.length;
  if (rest > 0) {
    return `${shown.join(', ')} and ${rest} more`;
  }
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

interface ContainerAnalysis {
  container: Node;
  parts: PartReport[];
  alignedCount: number;
  owningTeams: Node[];
  /** Maximal groups (none under another) among part owners and the owner, sorted by ref. */
  unrelated: Node[];
  /** Parts per maximal group, keyed by group id. */
  partsPerUnrelated: Map<number, number>;
  /** Parts owned by existing groups that are not aligned. */
  misaligned: Node[];
}

type Transfer = { group: Node; reason: string };

/**
 * The analysis of one set of entities. Every step is linear (or n log n for
 * sorting) in the number of entities and references.
 */
class Analysis {
  private readonly findings = new FindingCollector();
  private readonly index: EntityIndex;
  private readonly nodes: Map<string, Node>;
  private readonly groups: Node[];
  private readonly teamTypes: Set<string>;

  private parent = new Int32Array(0);
  private children: number[][] = [];
  private tin = new Int32Array(0);
  private tout = new Int32Array(0);
  private depth = new Int32Array(0);
  /** Groups in depth-first pre-order; reversed it visits children before parents. */
  private order: number[] = [];
  private memberCount = new Int32Array(0);
  private aggregatedMembers = new Int32Array(0);
  private userGroups: number[][] = [];

  /** Per source group: target group id → pair. */
  private pairs: Array<Map<number, TeamPair> | undefined> = [];
  private readonly couplingEdges: Array<{ from: Node; to: Node }> = [];
  private readonly resolver: Resolver;
  /** Memo of candidateApis: many direct dependencies share a target. */
  private readonly apiCandidates = new Map<
    Node,
    { list: Node[]; how: string }
  >();
  /** Per group: parts it owns or whose container it owns, and how many are aligned. */
  private groupParts = new Int32Array(0);
  private groupAlignedParts = new Int32Array(0);

  constructor(
    private readonly entities: readonly unknown[],
    private readonly options: Required<OwnershipAnalysisOptions>,
  ) {
    this.index = indexEntities(entities, this.findings);
    this.nodes = this.index.nodes;
    this.groups = this.index.groups;
    this.teamTypes = new Set(options.teamTypes.map(t => t.toLowerCase()));
    this.resolver = new Resolver(this.nodes);
  }

  run(): OwnershipReport {
    this.groupParts = new Int32Array(this.groups.length);
    this.groupAlignedParts = new Int32Array(this.groups.length);
    this.pairs = new Array(this.groups.length);
    this.buildHierarchy();
    this.buildMembership();
    this.resolveOwners();
    this.resolveContainers();
    this.resolveRelations();
    const systems = this.index.list
      .filter(n => n.kind === 'system')
      .map(s => this.analyzeContainer(s));
    const domains = this.index.list
      .filter(n => n.kind === 'domain')
      .map(d => this.analyzeContainer(d));
    this.orphanFindings();
    this.splitFindings(systems, 'split-system');
    this.splitFindings(domains, 'split-domain');
    this.couplingFindings();
    this.duplicateFindings();
    const owned = this.ownedByGroup();
    this.teamFindings(owned);
    return this.buildReport(systems, domains, owned);
  }

  // ---- references -------------------------------------------------------

  private isTeam(g: Node): boolean {
    const type = g.spec.type;
    return typeof type === 'string' && this.teamTypes.has(type.toLowerCase());
  }

  private teamRefOf(node: Node): string | undefined {
    if (node.kind === 'group') return node.ref;
    return node.ownerGroup >= 0 ? this.groups[node.ownerGroup].ref : undefined;
  }

  /** A likely intended entity for a missing ref: same name, another kind or the default namespace. */
  private didYouMean(
    kind: string,
    name: string,
    namespace: string,
  ): Node | undefined {
    const lowerName = name.toLowerCase();
    const namespaces = [namespace.toLowerCase()];
    if (namespaces[0] !== 'default') namespaces.push('default');
    for (const ns of namespaces) {
      const sameKind = this.nodes.get(`${kind}:${ns}/${lowerName}`);
      if (sameKind && ns !== namespace.toLowerCase()) return sameKind;
      for (const other of [
        'component',
        'resource',
        'api',
        'system',
        'domain',
        'group',
        'user',
      ]) {
        if (other === kind) continue;
        const node = this.nodes.get(`${other}:${ns}/${lowerName}`);
        if (node) return node;
      }
    }
    return undefined;
  }

  /**
   * Resolves one reference in `spec.<field>` of `from`, reporting invalid and
   * dangling references. `kinds` limits the kinds the target may have.
   */
  private resolveRelation(
    from: Node,
    field: string,
    value: unknown,
    defaultKind: string,
    kinds?: readonly KnownKind[],
  ): Node | undefined {
    const found = this.resolver.find(value, defaultKind, from.namespace);
    if (found && (!kinds || kinds.includes(found.kind))) return found;
    const r = resolve(this.nodes, value, defaultKind, from.namespace);
    const teamRef = this.teamRefOf(from);
    if (r.status === 'invalid') {
      const shown = describeValue(value);
      this.add({
        id: `invalid-reference:${from.ref}:${field}:${shown}`,
        type: 'invalid-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} has an invalid entity reference ${shown}`,
        suggestion: `Write the reference as [<kind>:][<namespace>/]<name>, e.g. ${defaultKind}:${from.namespace}/<name>`,
      });
      return undefined;
    }
    if (r.status === 'missing') {
      const guess = this.didYouMean(r.kind, r.name, from.namespace);
      this.add({
        id: `dangling-reference:${from.ref}:${field}:${r.ref}`,
        type: 'dangling-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} refers to ${r.ref}, which does not exist`,
        suggestion: guess
          ? `Change spec.${field} of ${from.ref} to ${guess.ref} (did you mean it?) or add ${r.ref} to the catalog`
          : `Add ${r.ref} to the catalog or remove it from spec.${field} of ${from.ref}`,
      });
      return undefined;
    }
    if (kinds && !kinds.includes(r.node.kind)) {
      const expected = kinds.map(k => KIND_TITLES[k]).join(' or ');
      this.add({
        id: `dangling-reference:${from.ref}:${field}:${r.node.ref}`,
        type: 'dangling-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} refers to ${
          r.node.ref
        }, which is a ${KIND_TITLES[r.node.kind]}, not a ${expected}`,
        suggestion: `Point spec.${field} of ${from.ref} at a ${expected}`,
      });
      return undefined;
    }
    return r.node;
  }

  private add(finding: Finding): void {
    // Absent, not undefined: reports compare and serialise cleanly.
    if (finding.teamRef === undefined) delete finding.teamRef;
    if (finding.relatedRefs === undefined) delete finding.relatedRefs;
    this.findings.add(finding);
  }

  // ---- groups -----------------------------------------------------------

  private buildHierarchy(): void {
    const groups = this.groups;
    const n = groups.length;
    const parent = new Int32Array(n).fill(-1);
    for (const g of groups) {
      const value = g.spec.parent;
      if (value === undefined || value === null || value === '') continue;
      const p = this.resolveRelation(g, 'parent', value, 'group', ['group']);
      if (p) parent[g.id] = p.id;
    }
    // spec.children only fills in parents that spec.parent left open.
    for (const g of groups) {
      for (
        let j = 0, values = refList(g.spec.children);
        j < values.length;
        j++
      ) {
        const value = values[j];
        const child = this.resolveRelation(g, 'children', value, 'group', [
          'group',
        ]);
        if (!child) continue;
        const current = parent[child.id];
        if (current === -1) {
          parent[child.id] = g.id;
        } else if (current !== g.id) {
          this.add({
            id: `group-hierarchy-conflict:${child.ref}:${g.ref}`,
            type: 'group-hierarchy-conflict',
            severity: 'warning',
            entityRef: child.ref,
            teamRef: child.ref,
            relatedRefs: [g.ref, groups[current].ref],
            message: `${child.ref} has parent ${groups[current].ref} but is also listed in spec.children of ${g.ref}`,
            suggestion: `Remove ${child.ref} from spec.children of ${g.ref}, or set its spec.parent to ${g.ref}`,
          });
        }
      }
    }
    this.breakCycles(parent);

    const children: number[][] = new Array(n);
    for (let i = 0; i < n; i++) children[i] = [];
    const roots: number[] = [];
    for (let i = 0; i < n; i++) {
      if (parent[i] === -1) roots.push(i);
      else children[parent[i]].push(i);
    }
    // Group ids follow ref order: roots and children come out sorted.

    const tin = new Int32Array(n);
    const tout = new Int32Array(n);
    const depth = new Int32Array(n);
    const order: number[] = [];
    const stack: number[] = [];
    const next: number[] = [];
    let timer = 0;
    for (const root of roots) {
      tin[root] = timer++;
      order.push(root);
      stack.push(root);
      next.push(0);
      while (stack.length > 0) {
        const top = stack.length - 1;
        const v = stack[top];
        if (next[top] < children[v].length) {
          const c = children[v][next[top]++];
          tin[c] = timer++;
          depth[c] = depth[v] + 1;
          order.push(c);
          stack.push(c);
          next.push(0);
        } else {
          tout[v] = timer++;
          stack.pop();
          next.pop();
        }
      }
    }
    this.parent = parent;
    this.children = children;
    this.tin = tin;
    this.tout = tout;
    this.depth = depth;
    this.order = order;
  }

  /** Finds parent cycles, reports each once and cuts it at its smallest ref. */
  private breakCycles(parent: Int32Array): void {
    const groups = this.groups;
    const state = new Uint8Array(groups.length);
    const path: number[] = [];
    for (let start = 0; start < groups.length; start++) {
      if (state[start] !== 0) continue;
      path.length = 0;
      let v = start;
      while (v !== -1 && state[v] === 0) {
        state[v] = 1;
        path.push(v);
        v = parent[v];
      }
      if (v !== -1 && state[v] === 1) {
        const cycle = path.slice(path.indexOf(v));
        let cut = cycle[0];
        for (const c of cycle) {
          if (compareStrings(groups[c].ref, groups[cut].ref) < 0) cut = c;
        }
        const chain: string[] = [groups[cut].ref];
        for (let w = parent[cut]; w !== cut; w = parent[w])
          chain.push(groups[w].ref);
        chain.push(groups[cut].ref);
        this.add({
          id: `group-cycle:${groups[cut].ref}`,
          type: 'group-cycle',
          severity: 'error',
          entityRef: groups[cut].ref,
          teamRef: groups[cut].ref,
          relatedRefs: [...cycle.map(c => groups[c].ref)].sort(compareStrings),
          message: `Groups form a parent cycle: ${joinList(chain, 12).replace(
            /, | and /g,
            ' → ',
          )}`,
          suggestion: `Set spec.parent of ${groups[cut].ref} to a group outside the cycle (the analysis treats it as a root until then)`,
        });
        parent[cut] = -1;
      }
      for (const p of path) state[p] = 2;
    }
  }

  /** Whether group a is group b or sits under it. */
  private isUnder(a: number, b: number): boolean {
    return this.tin[b] <= this.tin[a] && this.tout[a] <= this.tout[b];
  }

  private buildMembership(): void {
    const { users } = this.index;
    const n = this.groups.length;
    const userGroups: number[][] = new Array(users.length);
    for (let i = 0; i < users.length; i++) userGroups[i] = [];
    for (const u of users) {
      for (
        let j = 0, values = refList(u.spec.memberOf);
        j < values.length;
        j++
      ) {
        const value = values[j];
        const g = this.resolveRelation(u, 'memberOf', value, 'group', [
          'group',
        ]);
        if (g) userGroups[u.id].push(g.id);
      }
    }
    for (const g of this.groups) {
      for (
        let j = 0, values = refList(g.spec.members);
        j < values.length;
        j++
      ) {
        const value = values[j];
        const u = this.resolveRelation(g, 'members', value, 'user', ['user']);
        if (u) userGroups[u.id].push(g.id);
      }
    }
    const memberCount = new Int32Array(n);
    const single = new Int32Array(n);
    const multi = new Int32Array(n);
    const stamp = new Int32Array(n).fill(-1);
    for (let u = 0; u < userGroups.length; u++) {
      let list = userGroups[u];
      if (list.length > 1) {
        list.sort((a, b) => a - b);
        list = list.filter((g, i) => i === 0 || g !== list[i - 1]);
        userGroups[u] = list;
      }
      for (const g of list) memberCount[g]++;
      if (list.length === 1) {
        single[list[0]]++;
      } else {
        // Count the user once per ancestor, even when two of their groups share it.
        for (const g of list) {
          for (let v = g; v !== -1 && stamp[v] !== u; v = this.parent[v]) {
            stamp[v] = u;
            multi[v]++;
          }
        }
      }
    }
    for (let i = this.order.length - 1; i >= 0; i--) {
      const v = this.order[i];
      const p = this.parent[v];
      if (p !== -1) single[p] += single[v];
    }
    const aggregated = new Int32Array(n);
    for (let i = 0; i < n; i++) aggregated[i] = single[i] + multi[i];
    this.memberCount = memberCount;
    this.aggregatedMembers = aggregated;
    this.userGroups = userGroups;
  }

  // ---- ownership --------------------------------------------------------

  private resolveOwners(): void {
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      if (!OWNED_KINDS.has(node.kind)) continue;
      const value = node.spec.owner;
      if (value === undefined || value === null || value === '') {
        node.ownerStatus = 'no-owner';
        continue;
      }
      const owner = this.resolver.find(value, 'group', node.namespace);
      if (owner === undefined) {
        node.ownerStatus = 'unknown-owner';
        node.ownerRef = describeValue(value);
      } else if (owner === null) {
        node.ownerStatus = 'unknown-owner';
        const r = resolve(this.nodes, value, 'group', node.namespace);
        node.ownerRef = r.status === 'missing' ? r.ref : describeValue(value);
      } else {
        node.ownerRef = owner.ref;
        if (owner.kind === 'group') {
          node.ownerGroup = owner.id;
          node.ownerStatus =
            this.aggregatedMembers[owner.id] > 0 ? 'valid' : 'empty-team-owner';
        } else if (owner.kind === 'user') {
          node.ownerStatus = 'user-owner';
        } else {
          node.ownerStatus = 'unknown-owner';
        }
      }
    }
  }

  private resolveContainers(): void {
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      if (node.kind === 'system' || node.kind === 'domain') node.parts = [];
    }
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      const { kind, spec } = node;
      if (kind === 'component' || kind === 'api' || kind === 'resource') {
        if (
          spec.system !== undefined &&
          spec.system !== null &&
          spec.system !== ''
        ) {
          const system = this.resolveRelation(
            node,
            'system',
            spec.system,
            'system',
            ['system'],
          );
          if (system) {
            node.container = system;
            system.parts!.push(node);
          }
        }
      } else if (kind === 'system') {
        if (
          spec.domain !== undefined &&
          spec.domain !== null &&
          spec.domain !== ''
        ) {
          const domain = this.resolveRelation(
            node,
            'domain',
            spec.domain,
            'domain',
            ['domain'],
          );
          if (domain) {
            node.container = domain;
            domain.parts!.push(node);
          }
        }
      } else if (kind === 'domain') {
        if (
          spec.subdomainOf !== undefined &&
          spec.subdomainOf !== null &&
          spec.subdomainOf !== ''
        ) {
          this.resolveRelation(
            node,
            'subdomainOf',
            spec.subdomainOf,
            'domain',
            ['domain'],
          );
        }
      }
    }
  }

  // ---- relations and coupling -------------------------------------------

  private resolveRelations(): void {
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      if (node.kind === 'component') {
        for (
          let j = 0, values = refList(node.spec.providesApis);
          j < values.length;
          j++
        ) {
          const value = values[j];
          const api = this.resolveRelation(node, 'providesApis', value, 'api', [
            'api',
          ]);
          if (api) {
            if (node.provides) node.provides.push(api);
            else node.provides = [api];
          }
        }
        for (
          let j = 0, values = refList(node.spec.consumesApis);
          j < values.length;
          j++
        ) {
          const value = values[j];
          const api = this.resolveRelation(node, 'consumesApis', value, 'api', [
            'api',
          ]);
          if (api) this.edge(node, api, 'interface');
        }
        this.resolveDependencies(node);
        for (
          let j = 0, values = refList(node.spec.subcomponentOf);
          j < values.length;
          j++
        ) {
          const value = values[j];
          this.resolveRelation(node, 'subcomponentOf', value, 'component', [
            'component',
          ]);
        }
      } else if (node.kind === 'resource') {
        this.resolveDependencies(node);
      }
    }
  }

  private resolveDependencies(node: Node): void {
    for (
      let j = 0, values = refList(node.spec.dependsOn);
      j < values.length;
      j++
    ) {
      const value = values[j];
      const target = this.resolveRelation(
        node,
        'dependsOn',
        value,
        'component',
      );
      if (!target) continue;
      if (target.kind === 'api') {
        this.edge(node, target, 'interface');
      } else if (target.kind === 'component' || target.kind === 'resource') {
        this.edge(node, target, 'coupling');
        if (
          target.kind === 'resource' &&
          node.kind === 'component' &&
          node.ownerGroup >= 0 &&
          node.ownerGroup === target.ownerGroup &&
          refList(node.spec.providesApis).length > 0
        ) {
          if (target.fronts) target.fronts.push(node);
          else target.fronts = [node];
        }
      }
    }
  }

  private edge(from: Node, to: Node, kind: CouplingEdge['kind']): void {
    const a = from.ownerGroup;
    const b = to.ownerGroup;
    if (a < 0 || b < 0 || a === b) return;
    let targets = this.pairs[a];
    if (!targets) {
      targets = new Map();
      this.pairs[a] = targets;
    }
    const edge: CouplingEdge = { kind, fromRef: from.ref, toRef: to.ref };
    let pair = targets.get(b);
    if (!pair) {
      // Most pairs have one edge: start with an exact-size list.
      pair = {
        from: this.groups[a].ref,
        to: this.groups[b].ref,
        interfaceEdges: 0,
        couplingEdges: 0,
        edges: [edge],
      };
      targets.set(b, pair);
    } else {
      pair.edges.push(edge);
    }
    if (kind === 'interface') pair.interfaceEdges++;
    else {
      pair.couplingEdges++;
      this.couplingEdges.push({ from, to });
    }
  }

  // ---- cohesion ---------------------------------------------------------

  private analyzeContainer(container: Node): ContainerAnalysis {
    const gs = container.ownerGroup;
    const ownerKey = container.ownerRef?.toLowerCase();
    const parts: PartReport[] = [];
    const owning = new Set<number>();
    const misaligned: Node[] = [];
    let alignedCount = 0;
    for (let k = 0, items = container.parts ?? []; k < items.length; k++) {
      const part = items[k];
      const gp = part.ownerGroup;
      let aligned: boolean;
      if (gp >= 0 && gs >= 0) aligned = this.isUnder(gp, gs);
      else if (gp < 0 && gs < 0) {
        aligned =
          ownerKey !== undefined && part.ownerRef?.toLowerCase() === ownerKey;
      } else aligned = false;
      if (aligned) alignedCount++;
      // Both teams involved in a misplaced part answer for it: the container's and the part's owner.
      if (gs >= 0) {
        this.groupParts[gs]++;
        if (aligned) this.groupAlignedParts[gs]++;
      }
      if (gp >= 0 && gp !== gs) {
        this.groupParts[gp]++;
        if (aligned) this.groupAlignedParts[gp]++;
      }
      if (gp >= 0) {
        owning.add(gp);
        if (!aligned) misaligned.push(part);
      }
      parts.push({
        ref: part.ref,
        kind: part.kind,
        ownerRef: part.ownerRef,
        ownerIsGroup: gp >= 0,
        aligned,
      });
    }
    sortByRef(parts);

    // Groups that sit under another group of the set merge into it.
    const candidates = [...owning];
    if (gs >= 0 && !owning.has(gs)) candidates.push(gs);
    candidates.sort((a, b) => this.tin[a] - this.tin[b]);
    const maximal: number[] = [];
    for (const g of candidates) {
      const last = maximal[maximal.length - 1];
      if (last === undefined || !this.isUnder(g, last)) maximal.push(g);
    }
    const partsPerUnrelated = new Map<number, number>();
    // Only split containers need the count per team.
    for (
      let k = 0, items = container.parts ?? [];
      maximal.length > 1 && k < items.length;
      k++
    ) {
      const part = items[k];
      if (part.ownerGroup < 0) continue;
      const top = this.coveringGroup(maximal, part.ownerGroup);
      partsPerUnrelated.set(top, (partsPerUnrelated.get(top) ?? 0) + 1);
    }
    return {
      container,
      parts,
      alignedCount,
      owningTeams: sortByRef([...owning].map(g => this.groups[g])),
      unrelated: sortByRef(maximal.map(g => this.groups[g])),
      partsPerUnrelated,
      misaligned: sortByRef(misaligned),
    };
  }

  /** The group of `maximal` (sorted by tin, disjoint subtrees) that contains g. */
  private coveringGroup(maximal: number[], g: number): number {
    let lo = 0;
    let hi = maximal.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tin[maximal[mid]] <= this.tin[g]) lo = mid;
      else hi = mid - 1;
    }
    return maximal[lo];
  }

  // ---- findings ---------------------------------------------------------

  /** The team an orphaned or misplaced entity should go to, and why. */
  private transferTarget(node: Node): Transfer | undefined {
    const c = node.container;
    if (
      c &&
      c.ownerGroup >= 0 &&
      c.ownerStatus === 'valid' &&
      c.ownerGroup !== node.ownerGroup
    ) {
      return {
        group: this.groups[c.ownerGroup],
        reason: `which owns its ${c.kind} ${label(c)}`,
      };
    }
    return undefined;
  }

  private orphanFindings(): void {
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      const status = node.ownerStatus;
      if (status === undefined || status === 'valid') continue;
      const target = this.transferTarget(node);
      const ref = node.ref;
      const owner = node.ownerRef;
      let message: string;
      let suggestion: string;
      let teamRef = target?.group.ref;
      const to = target ? `${target.group.ref}, ${target.reason}` : undefined;
      switch (status as OrphanType) {
        case 'no-owner':
          message = `${ref} has no owner (spec.owner is not set)`;
          suggestion = to
            ? `Set spec.owner of ${ref} to ${to}`
            : `Set spec.owner of ${ref} to the group (team) responsible for it`;
          break;
        case 'unknown-owner': {
          const r = resolve(
            this.nodes,
            node.spec.owner,
            'group',
            node.namespace,
          );
          if (r.status === 'invalid') {
            message = `${ref} has an invalid owner reference ${owner}`;
            suggestion = to
              ? `Set spec.owner of ${ref} to a group, e.g. ${to}`
              : `Set spec.owner of ${ref} to a group reference such as group:${node.namespace}/<team>`;
          } else if (r.status === 'found') {
            message = `${ref} is owned by ${owner}, which is a ${
              KIND_TITLES[r.node.kind]
            }, not a group`;
            suggestion = to
              ? `Transfer ${ref} to ${to}`
              : `Set spec.owner of ${ref} to the group (team) responsible for it`;
          } else {
            message = `${ref} is owned by ${owner}, which does not exist`;
            const guess = this.didYouMean(r.kind, r.name, node.namespace);
            const create =
              r.kind === 'group'
                ? `Create ${owner}`
                : `Add ${owner} to the catalog`;
            if (guess && (guess.kind === 'group' || guess.kind === 'user')) {
              suggestion = `Change spec.owner of ${ref} to ${
                guess.ref
              } (did you mean it?), or ${create.toLowerCase()}`;
            } else {
              suggestion = to
                ? `${create} or transfer ${ref} to ${to}`
                : `${create} or transfer ${ref} to an existing team`;
            }
          }
          break;
        }
        case 'user-owner': {
          const user = this.nodes.get(owner!.toLowerCase())!;
          const teams = this.userGroups[user.id]
            .map(g => this.groups[g])
            .sort((a, b) => compareStrings(a.ref, b.ref));
          message = `${ref} is owned by a person, ${owner}, not a team`;
          if (teams.length > 0) {
            message += ` (${label(user)} is a member of ${joinList(
              teams.map(label),
            )})`;
          }
          if (to) {
            suggestion = `Transfer ${ref} to ${to}`;
          } else {
            const team = teams.find(g => this.aggregatedMembers[g.id] > 0);
            if (team) {
              suggestion = `Transfer ${ref} to ${team.ref}, the team of ${owner}`;
              teamRef = team.ref;
            } else {
              suggestion = `Transfer ${ref} to the group (team) responsible for it instead of ${owner}`;
            }
          }
          break;
        }
        default: {
          // empty-team-owner
          const group = this.groups[node.ownerGroup];
          teamRef = group.ref;
          message = `${ref} is owned by ${owner}, which has no members`;
          const p = this.parent[group.id];
          if (to) {
            suggestion = `Transfer ${ref} to ${to}, or add members to ${owner}`;
          } else if (p !== -1 && this.aggregatedMembers[p] > 0) {
            suggestion = `Add members to ${owner} or transfer ${ref} to ${this.groups[p].ref}, its parent group`;
          } else {
            suggestion = `Add members to ${owner} or transfer ${ref} to a team with members`;
          }
        }
      }
      this.add({
        id: `${status}:${ref}`,
        type: status as FindingType,
        severity:
          status === 'no-owner' || status === 'unknown-owner'
            ? 'error'
            : 'warning',
        entityRef: ref,
        teamRef,
        message,
        suggestion,
      });
    }
  }

  private splitFindings(
    analyses: ContainerAnalysis[],
    type: 'split-system' | 'split-domain',
  ): void {
    for (const a of analyses) {
      if (a.unrelated.length <= 1) continue;
      const c = a.container;
      const owner = c.ownerGroup >= 0 ? this.groups[c.ownerGroup] : undefined;
      const total = c.parts!.length;
      const alignedShare = total > 0 ? a.alignedCount / total : 1;
      const severity: FindingSeverity =
        a.unrelated.length >= 3 || !owner || alignedShare < 0.5
          ? 'warning'
          : 'info';
      const count = (g: Node) => a.partsPerUnrelated.get(g.id) ?? 0;
      const teams = [...a.unrelated]
        .sort(
          (x, y) =>
            Number(y === owner) - Number(x === owner) ||
            count(y) - count(x) ||
            compareStrings(x.ref, y.ref),
        )
        .map(g => `${label(g)} (${count(g)})`);
      const ownerText = owner ? ` (owned by ${label(owner)})` : '';
      const message = `${c.ref}${ownerText} has parts owned by ${
        a.unrelated.length
      } unrelated teams: ${joinList(teams, 8)}`;
      const moved = a.misaligned.map(
        p => `${p.ref} (${label(this.groups[p.ownerGroup])})`,
      );
      const them = a.misaligned.length === 1 ? 'it' : 'them';
      const their =
        a.misaligned.length === 1 ? 'its team owns' : 'their teams own';
      const noun = type === 'split-system' ? 'system' : 'domain';
      const partWord = a.misaligned.length === 1 ? `a ${noun}` : `${noun}s`;
      let suggestion: string;
      if (owner && moved.length > 0) {
        suggestion = `Transfer ${joinList(moved)} to ${
          owner.ref
        }, which owns ${label(c)}, or move ${them} to ${partWord} ${their}`;
      } else if (owner) {
        suggestion = `Move ${
          owner.ref
        } under one of the teams owning the parts of ${label(
          c,
        )}, or regroup the parts so that one team owns them`;
      } else {
        suggestion = `Give ${c.ref} one owning team (spec.owner) and move the parts other teams own to ${partWord} those teams own`;
      }
      this.add({
        id: `${type}:${c.ref}`,
        type,
        severity,
        entityRef: c.ref,
        teamRef: owner?.ref,
        relatedRefs: a.misaligned.map(p => p.ref),
        message,
        suggestion,
      });
    }
  }

  private couplingFindings(): void {
    for (const { from, to } of this.couplingEdges) {
      const fromTeam = this.groups[from.ownerGroup];
      const toTeam = this.groups[to.ownerGroup];
      const apis = this.candidateApis(to);
      const head = `Put an API between ${from.ref} (${label(fromTeam)}) and ${
        to.ref
      } (${label(toTeam)})`;
      let suggestion: string;
      if (apis.list.length > 0) {
        const consumed = refList(from.spec.consumesApis).map(v =>
          this.resolver.find(v, 'api', from.namespace),
        );
        const already = apis.list.find(api => consumed.includes(api));
        const names = joinList(
          apis.list.map(api => api.ref),
          3,
        );
        if (already) {
          suggestion = `${from.ref} already consumes ${already.ref} of ${label(
            toTeam,
          )}: use it and drop the direct dependency on ${to.ref}`;
        } else {
          suggestion = `${head}: ${label(toTeam)} already provides ${names}${
            apis.how
          }`;
        }
      } else {
        suggestion = `${head}: ask ${label(toTeam)} to expose ${
          to.ref
        } through an API (OpenAPI, AsyncAPI for events) and consume that instead of depending on it directly`;
      }
      this.add({
        id: `cross-team-dependency:${from.ref}->${to.ref}`,
        type: 'cross-team-dependency',
        severity: 'warning',
        entityRef: from.ref,
        teamRef: fromTeam.ref,
        relatedRefs: [to.ref, toTeam.ref],
        message: `${from.ref} (${label(fromTeam)}) depends directly on ${
          to.ref
        } (${label(toTeam)}) instead of going through an API`,
        suggestion,
      });
    }
  }

  /** APIs of the target's team that could replace a direct dependency on it. */
  private candidateApis(target: Node): { list: Node[]; how: string } {
    let result = this.apiCandidates.get(target);
    if (!result) {
      result = this.findCandidateApis(target);
      this.apiCandidates.set(target, result);
    }
    return result;
  }

  private findCandidateApis(target: Node): { list: Node[]; how: string } {
    const byRef = (a: Node, b: Node) => compareStrings(a.ref, b.ref);
    const team = target.ownerGroup;
    const own = (target.provides ?? [])
      .filter(a => a.ownerGroup === team)
      .sort(byRef);
    if (own.length > 0) return { list: own, how: '' };
    const fronts = [...(target.fronts ?? [])].sort(byRef);
    const viaFront: Node[] = [];
    for (const front of fronts) {
      for (const api of front.provides ?? []) {
        if (api.ownerGroup === team && !viaFront.includes(api))
          viaFront.push(api);
      }
    }
    if (viaFront.length > 0) {
      return {
        list: viaFront.sort(byRef),
        how: ` from ${joinList(
          fronts.map(f => f.ref),
          2,
        )}, which uses ${target.ref}`,
      };
    }
    const system = target.container;
    const inSystem = (system?.parts ?? [])
      .filter(p => p.kind === 'api' && p.ownerGroup === team)
      .sort(byRef);
    if (system && inSystem.length > 0) {
      return {
        list: inSystem,
        how: ` in system ${label(system)}: extend it to cover ${target.ref}`,
      };
    }
    return { list: [], how: '' };
  }

  /** Where input entities came from: their managed-by-location annotations, else their positions. */
  private describeInputs(inputs: number[]): string {
    const locations = inputs.map(i => {
      const raw = this.entities[i];
      const metadata =
        isRecord(raw) && isRecord(raw.metadata) ? raw.metadata : {};
      const annotations = isRecord(metadata.annotations)
        ? metadata.annotations
        : {};
      const location = annotations[MANAGED_BY_LOCATION];
      return typeof location === 'string' ? location : undefined;
    });
    if (locations.some(l => l === undefined)) {
      return `entities #${inputs.join(', #')} of the input`;
    }
    const distinct = [...new Set(locations)];
    return distinct.length === 1
      ? `all in ${distinct[0]}`
      : `in ${distinct.join(', ')}`;
  }

  private duplicateFindings(): void {
    for (const [key, inputs] of this.index.duplicates) {
      const node = this.nodes.get(key)!;
      const all = [node.input, ...inputs];
      let suggestion = `Keep one definition of ${node.ref} and remove or rename the others`;
      if (node.kind === 'user') {
        const memberOf: string[] = [];
        for (const i of all) {
          const raw = this.entities[i];
          const spec = isRecord(raw) && isRecord(raw.spec) ? raw.spec : {};
          for (
            let j = 0, values = refList(spec.memberOf);
            j < values.length;
            j++
          ) {
            const value = values[j];
            if (typeof value === 'string' && !memberOf.includes(value))
              memberOf.push(value);
          }
        }
        if (memberOf.length > 0) {
          suggestion = `Keep one definition of ${
            node.ref
          }; if every definition is meant, merge them into one with memberOf: [${memberOf.join(
            ', ',
          )}]`;
        }
      }
      this.add({
        id: `duplicate-entity:${node.ref}`,
        type: 'duplicate-entity',
        severity: 'warning',
        entityRef: node.ref,
        teamRef: this.teamRefOf(node),
        message: `${node.ref} is defined ${
          all.length
        } times (${this.describeInputs(
          all,
        )}); only the first definition is analysed`,
        suggestion,
      });
    }
  }

  /** Entities each group owns directly, sorted by ref. */
  private ownedByGroup(): Node[][] {
    const owned: Node[][] = new Array(this.groups.length);
    for (let i = 0; i < owned.length; i++) owned[i] = [];
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      if (node.ownerGroup >= 0) owned[node.ownerGroup].push(node);
    }
    for (const list of owned) {
      sortByRef(list);
    }
    return owned;
  }

  private teamFindings(owned: Node[][]): void {
    const threshold = this.options.teamLoadThreshold;
    for (const g of this.groups) {
      if (!this.isTeam(g)) continue;
      const all = owned[g.id];
      const p = this.parent[g.id];
      if (this.aggregatedMembers[g.id] === 0) {
        let suggestion: string;
        if (all.length === 0) {
          suggestion = `Add members to ${g.ref} or remove the group (it owns nothing)`;
        } else if (p !== -1) {
          suggestion = `Add members to ${g.ref} or move its entities to ${this.groups[p].ref}`;
        } else {
          suggestion = `Add members to ${g.ref} or move its ${all.length} entities to a team with members`;
        }
        this.add({
          id: `empty-team:${g.ref}`,
          type: 'empty-team',
          severity: 'warning',
          entityRef: g.ref,
          teamRef: g.ref,
          relatedRefs: all.length > 0 ? all.map(e => e.ref) : undefined,
          message:
            all.length > 0
              ? `${g.ref} has no members but owns ${all.length} ${
                  all.length === 1 ? 'entity' : 'entities'
                }: ${joinList(all.map(e => e.ref))}`
              : `${g.ref} has no members`,
          suggestion,
        });
        continue;
      }
      const members = this.memberCount[g.id];
      if (members === 0 || all.length / members <= threshold) continue;
      const load = all.length / members;
      // Name the system holding most of the team's entities: the natural unit to hand over.
      const perSystem = new Map<Node, number>();
      for (const node of all) {
        let system: Node | undefined;
        if (node.kind === 'system') system = node;
        else if (node.container?.kind === 'system') system = node.container;
        if (system) perSystem.set(system, (perSystem.get(system) ?? 0) + 1);
      }
      let biggest: [Node, number] | undefined;
      for (const entry of perSystem) {
        if (
          !biggest ||
          entry[1] > biggest[1] ||
          (entry[1] === biggest[1] &&
            compareStrings(entry[0].ref, biggest[0].ref) < 0)
        ) {
          biggest = entry;
        }
      }
      const needed = Math.ceil(all.length / threshold) - members;
      this.add({
        id: `overloaded-team:${g.ref}`,
        type: 'overloaded-team',
        severity: 'warning',
        entityRef: g.ref,
        teamRef: g.ref,
        message: `${g.ref} owns ${all.length} entities with ${members} ${
          members === 1 ? 'member' : 'members'
        } (${round(load, 1)} per member, threshold ${threshold})`,
        suggestion: biggest
          ? `Add ${needed} ${needed === 1 ? 'member' : 'members'} to ${
              g.ref
            }, or hand ${biggest[0].ref} (${
              biggest[1]
            } of its entities) to another team`
          : `Add ${needed} ${needed === 1 ? 'member' : 'members'} to ${
              g.ref
            }, or transfer some of its entities to other teams`,
      });
    }
  }

  // ---- report -----------------------------------------------------------

  private buildReport(
    systemAnalyses: ContainerAnalysis[],
    domainAnalyses: ContainerAnalysis[],
    ownedNodes: Node[][],
  ): OwnershipReport {
    const groups = this.groups;
    const n = groups.length;
    const findings = this.findings.sorted();

    // Per-group counts: an owned entity counts for its owner and for the owner of its container.
    const counts: ScoreCounts[] = new Array(n);
    for (let i = 0; i < n; i++) counts[i] = emptyScoreCounts();
    const org = emptyScoreCounts();
    const orphansByType: Record<OrphanType, number> = {
      'no-owner': 0,
      'unknown-owner': 0,
      'user-owner': 0,
      'empty-team-owner': 0,
    };
    let coveredCount = 0;
    for (let i = 0, list = this.index.list; i < list.length; i++) {
      const node = list[i];
      if (node.ownerStatus === undefined) continue;
      const valid = node.ownerStatus === 'valid' ? 1 : 0;
      org.owned++;
      org.validOwned += valid;
      if (node.ownerStatus !== 'valid') orphansByType[node.ownerStatus]++;
      const g1 = node.ownerGroup;
      if (g1 >= 0) {
        coveredCount++;
        counts[g1].owned++;
        counts[g1].validOwned += valid;
      }
      const g2 = node.container ? node.container.ownerGroup : -1;
      if (g2 >= 0 && g2 !== g1) {
        counts[g2].owned++;
        counts[g2].validOwned += valid;
      }
    }
    for (const a of [...systemAnalyses, ...domainAnalyses]) {
      org.parts += a.parts.length;
      org.alignedParts += a.alignedCount;
    }
    for (let i = 0; i < n; i++) {
      counts[i].parts = this.groupParts[i];
      counts[i].alignedParts = this.groupAlignedParts[i];
    }
    // By source group id, then target group id: ref order, without sorting the whole list.
    const pairs: TeamPair[] = [];
    this.pairs.forEach((targets, a) => {
      if (!targets) return;
      const ids = [...targets.keys()].sort((x, y) => x - y);
      for (const b of ids) {
        const pair = targets.get(b)!;
        counts[a].interfaceEdges += pair.interfaceEdges;
        counts[a].couplingEdges += pair.couplingEdges;
        org.interfaceEdges += pair.interfaceEdges;
        org.couplingEdges += pair.couplingEdges;
        pairs.push(pair);
      }
    });

    const owned: OwnedEntities[] = ownedNodes.map(list => {
      const o: OwnedEntities = {
        domain: [],
        system: [],
        component: [],
        api: [],
        resource: [],
      };
      for (const node of list)
        o[node.kind as keyof OwnedEntities].push(node.ref);
      return o;
    });
    const aggregated: ScoreCounts[] = counts.map(c => ({ ...c }));
    const aggregatedOwned = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const o = owned[i];
      aggregatedOwned[i] =
        o.domain.length +
        o.system.length +
        o.component.length +
        o.api.length +
        o.resource.length;
    }
    const ownedCount = Int32Array.from(aggregatedOwned);
    for (let i = this.order.length - 1; i >= 0; i--) {
      const v = this.order[i];
      const p = this.parent[v];
      if (p !== -1) {
        addScoreCounts(aggregated[p], aggregated[v]);
        aggregatedOwned[p] += aggregatedOwned[v];
      }
    }

    const findingIds: string[][] = new Array(n);
    for (let i = 0; i < n; i++) findingIds[i] = [];
    for (const f of findings) {
      if (!f.teamRef) continue;
      const g = this.nodes.get(f.teamRef.toLowerCase());
      if (g && g.kind === 'group') findingIds[g.id].push(f.id);
    }

    const teams: TeamReport[] = groups.map(g => {
      const i = g.id;
      const members = this.memberCount[i];
      const team: TeamReport = {
        ref: g.ref,
        name: g.name,
        type: typeof g.spec.type === 'string' ? g.spec.type : 'unknown',
        isTeam: this.isTeam(g),
        parentRef: this.parent[i] === -1 ? null : groups[this.parent[i]].ref,
        childRefs: this.children[i].map(c => groups[c].ref),
        depth: this.depth[i],
        memberCount: members,
        aggregatedMemberCount: this.aggregatedMembers[i],
        owned: owned[i],
        ownedCount: ownedCount[i],
        aggregatedOwnedCount: aggregatedOwned[i],
        loadPerMember: members > 0 ? round(ownedCount[i] / members) : null,
        score: alignmentScore(counts[i]),
        scoreBreakdown: roundBreakdown(scoreBreakdown(counts[i])),
        counts: counts[i],
        aggregatedScore: alignmentScore(aggregated[i]),
        aggregatedScoreBreakdown: roundBreakdown(scoreBreakdown(aggregated[i])),
        aggregatedCounts: aggregated[i],
        findingIds: findingIds[i],
      };
      if (g.title !== undefined) team.title = g.title;
      return team;
    });

    // One object shape per report, built in one go (spreads would copy, and vary the shape).
    const containerReport = (a: ContainerAnalysis): SystemReport => {
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
    };
    // Analyses follow the input order; reports are sorted by ref.
    const systems = sortByRef(systemAnalyses.map(containerReport));
    const domains: DomainReport[] = sortByRef(
      domainAnalyses.map(a => {
        const { domainRef: _, ...domain } = containerReport(a);
        return domain;
      }),
    );

    for (const pair of pairs) {
      sortSmall(
        pair.edges,
        (a, b) =>
          compareStrings(a.fromRef, b.fromRef) ||
          compareStrings(a.toRef, b.toRef) ||
          compareStrings(a.kind, b.kind),
      );
    }

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
    const orphanCount = org.owned - org.validOwned;
    const summary: OwnershipSummary = {
      entityCount: this.index.list.length,
      ignoredEntityCount: this.index.ignoredCount,
      ownedEntityCount: org.owned,
      coverage: org.owned > 0 ? round(coveredCount / org.owned) : 1,
      orphanCount,
      orphansByType,
      score: alignmentScore(org),
      scoreBreakdown: roundBreakdown(scoreBreakdown(org)),
      counts: org,
      groupCount: n,
      teamCount: groups.filter(g => this.isTeam(g)).length,
      userCount: this.index.users.length,
      systemCount: systems.length,
      domainCount: domains.length,
      findingCounts,
      findingCountsByType,
    };
    return {
      options: { ...this.options, teamTypes: [...this.options.teamTypes] },
      summary,
      teams,
      systems,
      domains,
      coupling: { pairs },
      findings,
    };
  }
}

function roundBreakdown(b: ReturnType<typeof scoreBreakdown>) {
  return {
    ownership: b.ownership === null ? null : round(b.ownership),
    cohesion: b.cohesion === null ? null : round(b.cohesion),
    coupling: b.coupling === null ? null : round(b.coupling),
  };
}

/**
 * Analyses how well ownership in a catalog follows the team structure
 * (Conway's law): ownership coverage and orphans, system and domain
 * cohesion, coupling between teams, team load, and an alignment score for
 * the organisation and every group (see {@link alignmentScore}).
 *
 * Pure and deterministic: the same entities give the same report, in any
 * environment. Never throws on bad entities; they become findings. Throws
 * only on invalid options.
 *
 * @param entities - plain catalog entities (Group, User, Domain, System,
 *   Component, API, Resource; other kinds are ignored). Only `spec` is read.
 * @public
 */
export function analyzeOwnership(
  entities: readonly unknown[],
  options: OwnershipAnalysisOptions = {},
): OwnershipReport {
  const list = Array.isArray(entities) ? entities : [];
  return new Analysis(list, normalizeOptions(options)).run();
}
