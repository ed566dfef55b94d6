import { compareStrings, KnownKind, Node, refList, sortSmall } from '../model';
import { CouplingEdge, TeamPair } from '../types';
import { AnalysisContext, ONLY } from './context';
import { OwnershipModel } from './buildModel';
import { joinList, label } from './text';

/** Dependencies between teams, and each group's share of them. */
export interface Coupling {
  /** By source group, then target group (ref order); edges sorted. */
  pairs: TeamPair[];
  /** Per source group: cross-team edges through an API. */
  interfaceEdges: Int32Array;
  /** Per source group: direct cross-team dependencies on components and resources. */
  couplingEdges: Int32Array;
  /** Every resolved dependency statement (same team or not), in input order. */
  dependencies: Dependencies;
}

/** Where a dependency is written: `dependsOn` and `consumesApis` on `from`, `dependencyOf` (the inverse of dependsOn) on `to`. */
export type DependencyField = 'dependsOn' | 'dependencyOf' | 'consumesApis';

/** Fields by their code in {@link Dependencies}; the order ranks the reasons behind a graph edge. */
export const DEPENDENCY_FIELDS: readonly DependencyField[] = [
  'dependsOn',
  'dependencyOf',
  'consumesApis',
];

/**
 * The resolved dependencies as the catalog declares them, statement i:
 * `from[i]` needs `to[i]`, written in the field coded `field[i]` (see
 * {@link DEPENDENCY_FIELDS}). Parallel lists rather than an object per
 * statement: a 100,000-entity catalog declares over 100,000 of them.
 */
export interface Dependencies {
  from: Node[];
  to: Node[];
  field: number[];
}

/** Each field's code: its position in {@link DEPENDENCY_FIELDS}, derived so the two cannot differ. */
const FIELD_CODE = Object.fromEntries(
  DEPENDENCY_FIELDS.map((field, code) => [field, code]),
) as Record<DependencyField, number>;

const COMPONENT_OR_RESOURCE: readonly KnownKind[] = ['component', 'resource'];

interface ApiCandidates {
  list: Node[];
  /** How the APIs relate to the target, appended to the suggestion. */
  how: string;
}

/** State of one coupling analysis. */
class CouplingAnalysis {
  /** Cross-team edges in input order, with their source and target group ids. */
  readonly #edgeFrom: number[] = [];
  readonly #edgeTo: number[] = [];
  readonly #edges: CouplingEdge[] = [];
  /** Direct cross-team dependencies, in input order. */
  readonly direct: Array<{ from: Node; to: Node }> = [];
  /** Every resolved dependency statement. */
  readonly dependencies: Dependencies = { from: [], to: [], field: [] };
  /** Memo of candidateApis: many direct dependencies share a target. */
  readonly #apiCandidates = new Map<Node, ApiCandidates>();

  constructor(private readonly ctx: AnalysisContext) {}

  resolveRelations(): void {
    const ctx = this.ctx;
    for (let i = 0, list = ctx.index.list; i < list.length; i++) {
      const node = list[i];
      if (node.kind === 'component') {
        for (
          let j = 0, values = refList(node.spec.providesApis);
          j < values.length;
          j++
        ) {
          const value = values[j];
          const api = ctx.resolveRelation(
            node,
            'providesApis',
            value,
            'api',
            ONLY.api,
          );
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
          const api = ctx.resolveRelation(
            node,
            'consumesApis',
            value,
            'api',
            ONLY.api,
          );
          if (api) this.dependency(node, api, 'consumesApis');
        }
        this.resolveDependencies(node);
        for (
          let j = 0, values = refList(node.spec.subcomponentOf);
          j < values.length;
          j++
        ) {
          const value = values[j];
          ctx.resolveRelation(
            node,
            'subcomponentOf',
            value,
            'component',
            ONLY.component,
          );
        }
      } else if (node.kind === 'resource') {
        this.resolveDependencies(node);
      }
    }
  }

  /** `spec.dependsOn` (node needs the target) and `spec.dependencyOf` (the target needs node). */
  private resolveDependencies(node: Node): void {
    for (
      let j = 0, values = refList(node.spec.dependsOn);
      j < values.length;
      j++
    ) {
      const target = this.ctx.resolveRelation(
        node,
        'dependsOn',
        values[j],
        'component',
      );
      if (target) this.dependency(node, target, 'dependsOn');
    }
    for (
      let j = 0, values = refList(node.spec.dependencyOf);
      j < values.length;
      j++
    ) {
      const dependent = this.ctx.resolveRelation(
        node,
        'dependencyOf',
        values[j],
        'component',
        COMPONENT_OR_RESOURCE,
      );
      if (!dependent) continue;
      if (this.declaresDependsOn(dependent, node)) {
        // Stated both ways: counted once (from dependsOn), still a statement for the graphs.
        this.statement(dependent, node, 'dependencyOf');
      } else {
        this.dependency(dependent, node, 'dependencyOf');
      }
    }
  }

  /** Whether `from` lists `to` in its spec.dependsOn (resolver answers are cached). */
  private declaresDependsOn(from: Node, to: Node): boolean {
    const values = refList(from.spec.dependsOn);
    for (let j = 0; j < values.length; j++) {
      if (this.ctx.resolver.find(values[j], 'component', from.namespace) === to)
        return true;
    }
    return false;
  }

  /** Records that `from` needs `to`, and counts it when the two belong to different teams. */
  private dependency(from: Node, to: Node, field: DependencyField): void {
    this.statement(from, to, field);
    if (to.kind === 'api') {
      this.edge(from, to, 'interface');
    } else if (to.kind === 'component' || to.kind === 'resource') {
      this.edge(from, to, 'coupling');
      // A component of the resource's team that uses it and provides APIs fronts it.
      if (
        to.kind === 'resource' &&
        from.kind === 'component' &&
        from.ownerGroup >= 0 &&
        from.ownerGroup === to.ownerGroup &&
        refList(from.spec.providesApis).length > 0
      ) {
        if (to.fronts) to.fronts.push(from);
        else to.fronts = [from];
      }
    }
  }

  private statement(from: Node, to: Node, field: DependencyField): void {
    const d = this.dependencies;
    d.from.push(from);
    d.to.push(to);
    d.field.push(FIELD_CODE[field]);
  }

  private edge(from: Node, to: Node, kind: CouplingEdge['kind']): void {
    const a = from.ownerGroup;
    const b = to.ownerGroup;
    if (a < 0 || b < 0 || a === b) return;
    this.#edgeFrom.push(a);
    this.#edgeTo.push(b);
    this.#edges.push({ kind, fromRef: from.ref, toRef: to.ref });
    if (kind === 'coupling') this.direct.push({ from, to });
  }

  /** One finding per direct cross-team dependency, naming an API to use instead when there is one. */
  couplingFindings(): void {
    const { ctx } = this;
    for (const { from, to } of this.direct) {
      const fromTeam = ctx.groups[from.ownerGroup];
      const toTeam = ctx.groups[to.ownerGroup];
      const apis = this.candidateApis(to);
      const head = `Put an API between ${from.ref} (${label(fromTeam)}) and ${
        to.ref
      } (${label(toTeam)})`;
      let suggestion: string;
      if (apis.list.length > 0) {
        const consumed = refList(from.spec.consumesApis).map(v =>
          ctx.resolver.find(v, 'api', from.namespace),
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
      ctx.add({
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
  private candidateApis(target: Node): ApiCandidates {
    let result = this.#apiCandidates.get(target);
    if (!result) {
      result = findCandidateApis(target);
      this.#apiCandidates.set(target, result);
    }
    return result;
  }

  /** The pairs as one list, and the edge counts per source group. */
  result(): Coupling {
    const n = this.ctx.groups.length;
    const groups = this.ctx.groups;
    const interfaceEdges = new Int32Array(n);
    const couplingEdges = new Int32Array(n);
    // By source group id, then target group id (ref order): a counting sort
    // by target, then a stable one by source, instead of a map per group.
    const from = this.#edgeFrom;
    const to = this.#edgeTo;
    const byTarget = countingOrder(n, to);
    const order = countingOrder(n, from, byTarget);
    const pairs: TeamPair[] = [];
    let pair: TeamPair | undefined;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const a = from[i];
      const b = to[i];
      const edge = this.#edges[i];
      if (!pair || from[order[k - 1]] !== a || to[order[k - 1]] !== b) {
        pair = {
          from: groups[a].ref,
          to: groups[b].ref,
          interfaceEdges: 0,
          couplingEdges: 0,
          edges: [edge],
        };
        pairs.push(pair);
      } else {
        pair.edges.push(edge);
      }
      if (edge.kind === 'interface') {
        pair.interfaceEdges++;
        interfaceEdges[a]++;
      } else {
        pair.couplingEdges++;
        couplingEdges[a]++;
      }
    }
    for (const p of pairs) {
      sortSmall(
        p.edges,
        (x, y) =>
          compareStrings(x.fromRef, y.fromRef) ||
          compareStrings(x.toRef, y.toRef) ||
          compareStrings(x.kind, y.kind),
      );
    }
    return {
      pairs,
      interfaceEdges,
      couplingEdges,
      dependencies: this.dependencies,
    };
  }
}

/**
 * Positions 0..keys.length-1 ordered by key (0..size-1), stably: in the
 * order of `input` (default: ascending) among equal keys.
 */
function countingOrder(
  size: number,
  keys: readonly number[],
  input?: Int32Array,
): Int32Array {
  const start = new Int32Array(size + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const order = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) {
    const i = input ? input[j] : j;
    order[start[keys[i]]++] = i;
  }
  return order;
}

/**
 * The coupling stage: resolves APIs provided and consumed and dependencies,
 * counts cross-team edges (through an API, or direct), and reports each
 * direct cross-team dependency with the API that could replace it.
 */
export function analyzeCoupling({ ctx }: OwnershipModel): Coupling {
  const analysis = new CouplingAnalysis(ctx);
  analysis.resolveRelations();
  analysis.couplingFindings();
  return analysis.result();
}

/**
 * APIs of the target's team, in order of preference: those the target
 * provides; those of components of its team that front it (use it and
 * provide APIs); the team's APIs in the target's system.
 */
function findCandidateApis(target: Node): ApiCandidates {
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
