import { compareStrings, isRecord, Node } from '../model';
import { DependencyLevel } from '../types';
import { AnalysisContext } from './context';
import { DependencyEdge } from './coupling';

/** An annotation that puts a component or system in a layer (see `layerOrder`). */
export const LAYER_ANNOTATION = 'conway.dev/layer';

/** One edge of a dependency graph: `from` needs `to`. */
export interface LevelEdge {
  from: Node;
  to: Node;
  /** The declared dependency behind it (the first, when several make it). */
  declared: DependencyEdge;
  /** The API it goes through, when the declared dependency is on an API. */
  api?: Node;
  /** For a system or domain edge: the component edge that makes it (the first). */
  via?: LevelEdge;
  /** Component dependencies behind it. */
  count: number;
}

/** The dependency graph of one level: components (with resources), systems or domains. */
export interface DependencyGraph {
  level: DependencyLevel;
  /** In input order; a vertex's position is its node's `vertex`. */
  vertices: Node[];
  /** One per (from, to) pair, by source in input order. */
  edges: LevelEdge[];
}

/**
 * Collects the edges of one level, then merges repeated pairs in one pass
 * over the edges bucketed by source, with a marker per target: no map and no
 * list per vertex, which at 100,000 entities cost more than the rest of the
 * stage.
 */
class GraphBuilder {
  readonly vertices: Node[] = [];
  readonly #from: number[] = [];
  readonly #to: number[] = [];
  readonly #declared: DependencyEdge[] = [];
  readonly #api: Array<Node | undefined> = [];
  readonly #via: Array<LevelEdge | undefined> = [];
  readonly #count: number[] = [];

  constructor(readonly level: DependencyLevel) {}

  vertex(node: Node): void {
    node.vertex = this.vertices.length;
    this.vertices.push(node);
  }

  /** Adds an edge (repeats are merged by {@link GraphBuilder.graph}). Self-edges are left out. */
  edge(
    from: Node,
    to: Node,
    declared: DependencyEdge,
    api: Node | undefined,
    via: LevelEdge | undefined,
    count = 1,
  ): void {
    if (from === to || from.vertex < 0 || to.vertex < 0) return;
    this.#from.push(from.vertex);
    this.#to.push(to.vertex);
    this.#declared.push(declared);
    this.#api.push(api);
    this.#via.push(via);
    this.#count.push(count);
  }

  /** One edge per (from, to) pair, counting its reasons and naming the first by field and refs. */
  graph(): DependencyGraph {
    const n = this.vertices.length;
    const from = this.#from;
    const m = from.length;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) offsets[from[i] + 1]++;
    for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    const fill = offsets.slice(0, n);
    const order = new Int32Array(m);
    for (let i = 0; i < m; i++) order[fill[from[i]]++] = i;
    // stamp[t] === v: the pair (v, t) has an edge, at edgeAt[t].
    const stamp = new Int32Array(n).fill(-1);
    const edgeAt = new Int32Array(n);
    const edges: LevelEdge[] = [];
    for (let v = 0; v < n; v++) {
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const i = order[k];
        const t = this.#to[i];
        const declared = this.#declared[i];
        const api = this.#api[i];
        const via = this.#via[i];
        if (stamp[t] === v) {
          const existing = edges[edgeAt[t]];
          existing.count += this.#count[i];
          if (compareReasons(declared, api, via, existing) < 0) {
            existing.declared = declared;
            existing.api = api;
            existing.via = via;
          }
          continue;
        }
        stamp[t] = v;
        edgeAt[t] = edges.length;
        const edge: LevelEdge = {
          from: this.vertices[v],
          to: this.vertices[t],
          declared,
          count: this.#count[i],
        };
        if (api) edge.api = api;
        if (via) edge.via = via;
        edges.push(edge);
      }
    }
    return { level: this.level, vertices: this.vertices, edges };
  }
}

const FIELD_RANK = { dependsOn: 0, dependencyOf: 1, consumesApis: 2 };

/** Orders the reasons behind an edge: by field, then the refs of the statement, the API, the provider. */
function compareReasons(
  declared: DependencyEdge,
  api: Node | undefined,
  via: LevelEdge | undefined,
  existing: LevelEdge,
): number {
  const old = existing.declared;
  return (
    FIELD_RANK[declared.field] - FIELD_RANK[old.field] ||
    compareStrings(declared.from.ref, old.from.ref) ||
    compareStrings(declared.to.ref, old.to.ref) ||
    compareStrings(api?.ref ?? '', existing.api?.ref ?? '') ||
    compareStrings(via?.to.ref ?? '', existing.via?.to.ref ?? '')
  );
}

/**
 * The dependency graphs of components (with resources), systems and
 * domains. A dependency on an API becomes an edge to every component that
 * provides it; a system depends on another when one of its parts depends on
 * a part of the other, and a domain likewise through its systems. Linear in
 * entities and dependencies.
 */
export function buildDependencyGraphs(
  ctx: AnalysisContext,
  dependencies: readonly DependencyEdge[],
): DependencyGraph[] {
  const components = new GraphBuilder('component');
  const systems = new GraphBuilder('system');
  const domains = new GraphBuilder('domain');
  // Components providing each API, by the API's `vertex` (APIs are in no graph).
  const providers: Node[][] = [];
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (node.kind === 'component' || node.kind === 'resource') {
      components.vertex(node);
    } else if (node.kind === 'system') {
      systems.vertex(node);
    } else if (node.kind === 'domain') {
      domains.vertex(node);
    } else if (node.kind === 'api') {
      node.vertex = providers.length;
      providers.push([]);
    }
  }
  for (let i = 0, list = components.vertices; i < list.length; i++) {
    const node = list[i];
    const provides = node.provides;
    if (provides) {
      for (let j = 0; j < provides.length; j++)
        providers[provides[j].vertex].push(node);
    }
  }
  for (let i = 0; i < dependencies.length; i++) {
    const declared = dependencies[i];
    const { from, to } = declared;
    if (to.kind === 'api') {
      const list = providers[to.vertex];
      for (let j = 0; j < list.length; j++) {
        components.edge(from, list[j], declared, to, undefined);
      }
    } else if (
      (to.kind === 'component' || to.kind === 'resource') &&
      (from.kind === 'component' || from.kind === 'resource')
    ) {
      components.edge(from, to, declared, undefined, undefined);
    }
  }
  const componentGraph = components.graph();
  for (const edge of componentGraph.edges) {
    const a = systemOf(edge.from);
    const b = systemOf(edge.to);
    if (!a || !b) continue;
    systems.edge(a, b, edge.declared, edge.api, edge);
  }
  const systemGraph = systems.graph();
  for (const edge of systemGraph.edges) {
    const a = edge.from.container;
    const b = edge.to.container;
    if (a?.kind !== 'domain' || b?.kind !== 'domain') continue;
    domains.edge(a, b, edge.declared, edge.api, edge.via, edge.count);
  }
  return [componentGraph, systemGraph, domains.graph()];
}


function systemOf(node: Node): Node | undefined {
  return node.container?.kind === 'system' ? node.container : undefined;
}

/**
 * The layer of an entity, lower-case: the `conway.dev/layer` annotation, else
 * (components only) `spec.type`; undefined without one.
 */
export function layerOf(ctx: AnalysisContext, node: Node): string | undefined {
  const raw = ctx.entities[node.input];
  const metadata = isRecord(raw) && isRecord(raw.metadata) ? raw.metadata : {};
  const annotations = isRecord(metadata.annotations)
    ? metadata.annotations
    : {};
  const annotated = Object.prototype.hasOwnProperty.call(
    annotations,
    LAYER_ANNOTATION,
  )
    ? annotations[LAYER_ANNOTATION]
    : undefined;
  if (typeof annotated === 'string' && annotated.trim())
    return annotated.trim().toLowerCase();
  if (node.kind === 'component' && typeof node.spec.type === 'string')
    return node.spec.type.toLowerCase();
  return undefined;
}
