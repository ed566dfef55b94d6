import { compareStrings, isRecord, Node } from '../model';
import { DependencyLevel } from '../types';
import { AnalysisContext } from './context';
import { Dependencies } from './coupling';

/** An annotation that puts a component or system in a layer (see `layerOrder`). */
export const LAYER_ANNOTATION = 'conway.dev/layer';

/**
 * The dependency graph of one level: components (with resources), systems or
 * domains. Edge i: `vertices[from[i]]` needs `vertices[to[i]]`, one edge per
 * (from, to) pair, by source in input order. Parallel typed lists rather than
 * an object per edge: the component graph of a 100,000-entity catalog has
 * over 100,000 edges.
 */
export interface DependencyGraph {
  level: DependencyLevel;
  /** In input order; a vertex's position is its node's `vertex`. */
  vertices: Node[];
  edgeCount: number;
  from: Int32Array;
  to: Int32Array;
  /**
   * The declared dependency behind each edge, a statement of `dependencies`.
   * When several make the edge, the smallest reason is kept: by field (in
   * `DEPENDENCY_FIELDS` order), then the refs of the statement's source
   * and target, the API, the provider; not the first in input order.
   */
  declared: Int32Array;
  /** The API an edge goes through, when its declared dependency is on an API. */
  api: Array<Node | undefined>;
  /** For a system or domain edge: the edge of `components` that makes it, the one kept with `declared` (the smallest reason); -1 for components. */
  via: Int32Array;
  /** Component dependencies behind each edge. */
  count: Int32Array;
  dependencies: Dependencies;
  /** The component graph `via` points into (for systems and domains). */
  components: DependencyGraph | undefined;
}

/**
 * Collects the edges of one level, then merges repeated pairs in one pass
 * over the edges bucketed by source, with a marker per target: no map, no
 * list per vertex and no object per edge, which at 100,000 entities cost
 * more than the rest of the stage. The caller knows how many edges at most
 * it will add, so the lists are allocated once at that size.
 */
class GraphBuilder {
  readonly vertices: Node[] = [];
  #m = 0;
  readonly #from: Int32Array;
  readonly #to: Int32Array;
  readonly #declared: Int32Array;
  readonly #via: Int32Array;
  readonly #count: Int32Array;

  constructor(
    readonly level: DependencyLevel,
    readonly dependencies: Dependencies,
    /** Most edges {@link GraphBuilder.edge} will be called with. */
    capacity: number,
    readonly components?: DependencyGraph,
  ) {
    this.#from = new Int32Array(capacity);
    this.#to = new Int32Array(capacity);
    this.#declared = new Int32Array(capacity);
    this.#via = new Int32Array(capacity);
    this.#count = new Int32Array(capacity);
  }

  vertex(node: Node): void {
    node.vertex = this.vertices.length;
    this.vertices.push(node);
  }

  /**
   * Adds an edge (repeats are merged by {@link GraphBuilder.graph}). Self-edges are left out.
   * The API it goes through, if any, is the target of its declared statement.
   */
  edge(
    from: Node,
    to: Node,
    declared: number,
    via: number,
    count: number,
  ): void {
    if (from === to || from.vertex < 0 || to.vertex < 0) return;
    const i = this.#m++;
    this.#from[i] = from.vertex;
    this.#to[i] = to.vertex;
    this.#declared[i] = declared;
    this.#via[i] = via;
    this.#count[i] = count;
  }

  /** One edge per (from, to) pair, counting its reasons and naming the first by field and refs. */
  graph(): DependencyGraph {
    const n = this.vertices.length;
    const m = this.#m;
    const from = this.#from;
    const to = this.#to;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) offsets[from[i] + 1]++;
    for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    const fill = offsets.slice(0, n);
    const order = new Int32Array(m);
    for (let i = 0; i < m; i++) order[fill[from[i]]++] = i;
    // stamp[t] === v: the pair (v, t) has an edge, at edgeAt[t].
    const stamp = new Int32Array(n).fill(-1);
    const edgeAt = new Int32Array(n);
    const outFrom = new Int32Array(m);
    const outTo = new Int32Array(m);
    const outDeclared = new Int32Array(m);
    const outVia = new Int32Array(m);
    const outCount = new Int32Array(m);
    let edges = 0;
    for (let v = 0; v < n; v++) {
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const i = order[k];
        const t = to[i];
        if (stamp[t] === v) {
          const e = edgeAt[t];
          outCount[e] += this.#count[i];
          const declared = this.#declared[i];
          const via = this.#via[i];
          if (
            this.#compareReasons(declared, via, outDeclared[e], outVia[e]) < 0
          ) {
            outDeclared[e] = declared;
            outVia[e] = via;
          }
          continue;
        }
        stamp[t] = v;
        edgeAt[t] = edges;
        outFrom[edges] = v;
        outTo[edges] = t;
        outDeclared[edges] = this.#declared[i];
        outVia[edges] = this.#via[i];
        outCount[edges] = this.#count[i];
        edges++;
      }
    }
    const api: Array<Node | undefined> = new Array(edges);
    for (let e = 0; e < edges; e++) api[e] = this.#api(outDeclared[e]);
    return {
      level: this.level,
      vertices: this.vertices,
      edgeCount: edges,
      from: outFrom.subarray(0, edges),
      to: outTo.subarray(0, edges),
      declared: outDeclared.subarray(0, edges),
      api,
      via: outVia.subarray(0, edges),
      count: outCount.subarray(0, edges),
      dependencies: this.dependencies,
      components: this.components,
    };
  }

  /** The API a statement depends on, if it depends on one. */
  #api(declared: number): Node | undefined {
    const target = this.dependencies.to[declared];
    return target.kind === 'api' ? target : undefined;
  }

  /** Orders the reasons behind an edge: by field, then the refs of the statement, the API, the provider. */
  #compareReasons(
    declared: number,
    via: number,
    oldDeclared: number,
    oldVia: number,
  ): number {
    const d = this.dependencies;
    return (
      d.field[declared] - d.field[oldDeclared] ||
      compareStrings(d.from[declared].ref, d.from[oldDeclared].ref) ||
      compareStrings(d.to[declared].ref, d.to[oldDeclared].ref) ||
      compareStrings(
        this.#api(declared)?.ref ?? '',
        this.#api(oldDeclared)?.ref ?? '',
      ) ||
      compareStrings(this.#viaTarget(via), this.#viaTarget(oldVia))
    );
  }

  /** The ref of the provider a system or domain edge goes to through its component edge; '' without one. */
  #viaTarget(via: number): string {
    const c = this.components;
    return via < 0 || !c ? '' : c.vertices[c.to[via]].ref;
  }
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
  dependencies: Dependencies,
): DependencyGraph[] {
  const componentVertices: Node[] = [];
  const systemVertices: Node[] = [];
  const domainVertices: Node[] = [];
  // Components providing each API, by the API's `vertex` (APIs are in no graph).
  const providers: Node[][] = [];
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (node.kind === 'component' || node.kind === 'resource') {
      componentVertices.push(node);
    } else if (node.kind === 'system') {
      systemVertices.push(node);
    } else if (node.kind === 'domain') {
      domainVertices.push(node);
    } else if (node.kind === 'api') {
      node.vertex = providers.length;
      providers.push([]);
    }
  }
  for (let i = 0; i < componentVertices.length; i++) {
    const node = componentVertices[i];
    const provides = node.provides;
    if (provides) {
      for (let j = 0; j < provides.length; j++)
        providers[provides[j].vertex].push(node);
    }
  }
  const { from: fromList, to: toList } = dependencies;
  let capacity = 0;
  for (let i = 0; i < toList.length; i++) {
    const to = toList[i];
    capacity += to.kind === 'api' ? providers[to.vertex].length : 1;
  }
  const components = new GraphBuilder('component', dependencies, capacity);
  for (const node of componentVertices) components.vertex(node);
  for (let i = 0; i < fromList.length; i++) {
    const from = fromList[i];
    const to = toList[i];
    if (to.kind === 'api') {
      const list = providers[to.vertex];
      for (let j = 0; j < list.length; j++) {
        components.edge(from, list[j], i, -1, 1);
      }
    } else if (
      (to.kind === 'component' || to.kind === 'resource') &&
      (from.kind === 'component' || from.kind === 'resource')
    ) {
      components.edge(from, to, i, -1, 1);
    }
  }
  const componentGraph = components.graph();
  const systems = new GraphBuilder(
    'system',
    dependencies,
    componentGraph.edgeCount,
    componentGraph,
  );
  for (const node of systemVertices) systems.vertex(node);
  const domains = new GraphBuilder(
    'domain',
    dependencies,
    componentGraph.edgeCount,
    componentGraph,
  );
  for (const node of domainVertices) domains.vertex(node);
  {
    const { vertices, from, to, declared } = componentGraph;
    for (let e = 0; e < componentGraph.edgeCount; e++) {
      const a = systemOf(vertices[from[e]]);
      const b = systemOf(vertices[to[e]]);
      if (!a || !b) continue;
      systems.edge(a, b, declared[e], e, 1);
    }
  }
  const systemGraph = systems.graph();
  {
    const { vertices, from, to, declared, via, count } = systemGraph;
    for (let e = 0; e < systemGraph.edgeCount; e++) {
      const a = vertices[from[e]].container;
      const b = vertices[to[e]].container;
      if (a?.kind !== 'domain' || b?.kind !== 'domain') continue;
      domains.edge(a, b, declared[e], via[e], count[e]);
    }
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
