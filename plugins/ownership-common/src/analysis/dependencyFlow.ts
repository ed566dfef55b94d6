import { compareStrings, Node } from '../model';
import {
  DependencyCycle,
  DependencyCycleEdge,
  DependencyFlowReport,
  DependencyLevel,
} from '../types';
import { AnalysisContext } from './context';
import { OwnershipModel } from './buildModel';
import { Coupling, DEPENDENCY_FIELDS } from './coupling';
import {
  buildDependencyGraphs,
  DependencyGraph,
  LAYER_ANNOTATION,
  layerOf,
} from './dependencyGraphs';
import { buildGraph, outlierThreshold, shortestCycles } from './graph';
import { label } from './text';

const PLURAL: Record<DependencyLevel, string> = {
  component: 'components',
  system: 'systems',
  domain: 'domains',
};

/**
 * How a dependency cycle sits among the `size` entities of its level that all
 * depend on each other (its strongly connected set), in the words the
 * findings and the portal use.
 *
 * @public
 */
export function describeTangle(level: DependencyLevel, size: number): string {
  return `the shortest cycle among ${size} ${PLURAL[level]} that all depend on each other`;
}

/** Facts about one level's graph shared by the checks. */
interface LevelFacts {
  graph: DependencyGraph;
  fanIn: Int32Array;
  fanOut: Int32Array;
  /** Position in `layerOrder` per vertex; -1 when not checked. */
  layer: Int32Array;
  layerNames: (string | undefined)[];
}

/**
 * The dependency-flow stage: dependencies should flow one way. Reports
 * cycles among components, systems and domains (one shortest cycle per
 * tangle, with the edge to invert or remove), dependencies that point up
 * the configured layers, and hubs with unusual fan-in or fan-out.
 * O(V + E) per level, plus sorting the degrees for the hub threshold.
 */
export function analyzeDependencyFlow(
  { ctx }: OwnershipModel,
  coupling: Coupling,
): DependencyFlowReport {
  const graphs = buildDependencyGraphs(ctx, coupling.dependencies);
  const layerIndex = new Map(
    ctx.options.layerOrder.map((name, i) => [name.toLowerCase(), i]),
  );
  const cycles: DependencyCycle[] = [];
  for (const graph of graphs) {
    const facts = levelFacts(ctx, graph, layerIndex);
    cycles.push(...cycleFindings(ctx, facts));
    if (graph.level !== 'domain') {
      layerFindings(ctx, facts);
      hubFindings(ctx, facts);
    }
  }
  return { cycles };
}

function levelFacts(
  ctx: AnalysisContext,
  graph: DependencyGraph,
  layerIndex: Map<string, number>,
): LevelFacts {
  const n = graph.vertices.length;
  const fanIn = new Int32Array(n);
  const fanOut = new Int32Array(n);
  for (let e = 0; e < graph.edgeCount; e++) {
    fanOut[graph.from[e]]++;
    fanIn[graph.to[e]]++;
  }
  const layer = new Int32Array(n).fill(-1);
  const layerNames: (string | undefined)[] = new Array(n);
  if (layerIndex.size > 0 && graph.level !== 'domain') {
    for (let v = 0; v < n; v++) {
      // Only entities with dependencies need a layer: saves reading every annotation.
      if (fanIn[v] === 0 && fanOut[v] === 0) continue;
      const name = layerOf(ctx, graph.vertices[v]);
      layerNames[v] = name;
      if (name !== undefined) layer[v] = layerIndex.get(name) ?? -1;
    }
  }
  return { graph, fanIn, fanOut, layer, layerNames };
}

/** Whether edge e points up: from a lower layer (larger index) to a higher one. */
function pointsUp(facts: LevelFacts, e: number): boolean {
  const a = facts.layer[facts.graph.from[e]];
  const b = facts.layer[facts.graph.to[e]];
  return a >= 0 && b >= 0 && a > b;
}

/** The two ends of edge e. */
function ends(graph: DependencyGraph, e: number): { from: Node; to: Node } {
  return {
    from: graph.vertices[graph.from[e]],
    to: graph.vertices[graph.to[e]],
  };
}

function layerName(facts: LevelFacts, node: Node): string {
  return facts.layerNames[node.vertex] ?? 'no layer';
}

const SINGULAR: Record<DependencyLevel, string> = {
  component: 'component',
  system: 'system',
  domain: 'domain',
};

/** "3 systems need" / "1 system needs". */
function needs(n: number, level: DependencyLevel): string {
  return n === 1 ? `1 ${SINGULAR[level]} needs` : `${n} ${PLURAL[level]} need`;
}

function crossesTeams(graph: DependencyGraph, e: number): boolean {
  const { from, to } = ends(graph, e);
  return (
    from.ownerGroup >= 0 &&
    to.ownerGroup >= 0 &&
    from.ownerGroup !== to.ownerGroup
  );
}

/**
 * The edge to break, and why: one that points up the layers; else the one
 * between different teams when the rest of the cycle stays within teams;
 * else the one most against the majority direction (from what many need to
 * what few need: dependencies usually point towards widely used entities);
 * else the edge that closes the cycle.
 */
function edgeToBreak(
  ctx: AnalysisContext,
  facts: LevelFacts,
  cycle: number[],
): { at: number; reason: string } {
  const graph = facts.graph;
  const edges = cycle.map(e => ends(graph, e));
  const up = cycle.findIndex(e => pointsUp(facts, e));
  if (up >= 0) {
    const e = edges[up];
    return {
      at: up,
      reason: `it points up the layers, from ${layerName(
        facts,
        e.from,
      )} to ${layerName(facts, e.to)}`,
    };
  }
  const crossing = cycle.filter(e => crossesTeams(graph, e));
  if (crossing.length > 0 && crossing.length < cycle.length) {
    const at = cycle.indexOf(crossing[0]);
    const e = edges[at];
    const teams = `${label(ctx.groups[e.from.ownerGroup])} to ${label(
      ctx.groups[e.to.ownerGroup],
    )}`;
    return {
      at,
      reason:
        crossing.length === 1
          ? `it is the cycle's only dependency between teams (${teams})`
          : `it crosses from ${teams}, and the teams can settle it between them`,
    };
  }
  let best = edges.length - 1;
  let bestDifference = 0;
  edges.forEach((e, i) => {
    const d = facts.fanIn[e.from.vertex] - facts.fanIn[e.to.vertex];
    if (d > bestDifference) {
      best = i;
      bestDifference = d;
    }
  });
  const e = edges[best];
  if (bestDifference > 0) {
    const dependents = (node: Node) => facts.fanIn[node.vertex];
    return {
      at: best,
      reason: `${needs(dependents(e.from), facts.graph.level)} ${label(
        e.from,
      )} and only ${needs(dependents(e.to), facts.graph.level)} ${label(
        e.to,
      )}: dependencies should point towards what more entities use`,
    };
  }
  return { at: best, reason: `it closes the cycle` };
}

/** How to break an edge, in the words of the catalog field that declares it. */
function howToBreak(graph: DependencyGraph, edge: number): string {
  const { level } = graph;
  const e = { ...ends(graph, edge), api: graph.api[edge] };
  const count = graph.count[edge];
  if (level !== 'component') {
    const via = ends(graph.components!, graph.via[edge]);
    const more = count > 1 ? ` and ${count - 1} more` : '';
    const move =
      level === 'system'
        ? `move ${label(via.from)} into ${label(e.to)}`
        : `move ${label(via.from)} to a system of ${label(e.to)}`;
    return `remove or invert the dependency of ${label(via.from)} on ${label(
      via.to,
    )}${more}, or ${move}`;
  }
  const deps = graph.dependencies;
  const declared = graph.declared[edge];
  const d = {
    from: deps.from[declared],
    to: deps.to[declared],
    field: DEPENDENCY_FIELDS[deps.field[declared]],
  };
  if (e.api) {
    return `have ${label(e.from)} stop consuming ${label(e.api)} (spec.${
      d.field
    } of ${d.from.ref}), e.g. let ${label(e.to)} publish events that ${label(
      e.from,
    )} subscribes to`;
  }
  if (d.field === 'dependencyOf') {
    return `remove ${d.from.ref} from spec.dependencyOf of ${
      d.to.ref
    }, or invert it (${label(
      e.to,
    )} calls back through an API or event that ${label(e.from)} provides)`;
  }
  return `remove ${d.to.ref} from spec.dependsOn of ${
    d.from.ref
  }, or invert it (${label(
    e.to,
  )} calls back through an API or event that ${label(e.from)} provides)`;
}

function cycleEdge(graph: DependencyGraph, e: number): DependencyCycleEdge {
  const { from, to } = ends(graph, e);
  const edge: DependencyCycleEdge = {
    fromRef: from.ref,
    toRef: to.ref,
    field: DEPENDENCY_FIELDS[graph.dependencies.field[graph.declared[e]]],
  };
  const api = graph.api[e];
  if (api) edge.apiRef = api.ref;
  if (graph.via[e] >= 0) {
    const via = ends(graph.components!, graph.via[e]);
    edge.throughFromRef = via.from.ref;
    edge.throughToRef = via.to.ref;
    edge.count = graph.count[e];
  }
  return edge;
}

function cycleFindings(
  ctx: AnalysisContext,
  facts: LevelFacts,
): DependencyCycle[] {
  const { graph } = facts;
  if (graph.edgeCount === 0) return [];
  const byRef = (a: number, b: number) =>
    compareStrings(graph.vertices[a].ref, graph.vertices[b].ref);
  const csr = buildGraph(graph.vertices.length, graph.from, graph.to);
  // Tarjan finds tangles in an order that depends on the input: sort by start.
  const found = shortestCycles(csr, (a, b) => byRef(a, b) < 0, byRef).sort(
    (x, y) => byRef(x.vertices[0], y.vertices[0]),
  );
  const kinds = PLURAL[graph.level];
  return found.map(c => {
    const nodes = c.vertices.map(v => graph.vertices[v]);
    const refs = nodes.map(n => n.ref);
    const id = `dependency-cycle:${graph.level}:${refs.join('>')}`;
    const { at, reason } = edgeToBreak(ctx, facts, c.edges);
    const broken = ends(graph, c.edges[at]);
    const path = [...nodes, nodes[0]].map(label).join(' → ');
    const tangle =
      c.componentSize > nodes.length
        ? ` It is ${describeTangle(graph.level, c.componentSize)}.`
        : '';
    ctx.add({
      id,
      type: 'dependency-cycle',
      severity: 'warning',
      entityRef: broken.from.ref,
      teamRef: ctx.teamRefOf(broken.from),
      relatedRefs: refs,
      message: `Dependency cycle among ${nodes.length} ${kinds}: ${path}.${tangle}`,
      suggestion: `Break the cycle at ${label(broken.from)} → ${label(
        broken.to,
      )}, because ${reason}: ${howToBreak(graph, c.edges[at])}`,
    });
    return {
      findingId: id,
      level: graph.level,
      refs,
      edges: c.edges.map(e => cycleEdge(graph, e)),
      breakAt: at,
      tangleSize: c.componentSize,
    };
  });
}

function layerFindings(ctx: AnalysisContext, facts: LevelFacts): void {
  const order = ctx.options.layerOrder.join(' > ');
  for (let edge = 0; edge < facts.graph.edgeCount; edge++) {
    if (!pointsUp(facts, edge)) continue;
    const e = ends(facts.graph, edge);
    const low = layerName(facts, e.from);
    const high = layerName(facts, e.to);
    const how =
      facts.graph.level === 'component'
        ? `if ${label(
            e.from,
          )} really is a ${high}, change its spec.type or ${LAYER_ANNOTATION} annotation`
        : `if ${label(
            e.from,
          )} really belongs to ${high}, change its ${LAYER_ANNOTATION} annotation`;
    ctx.add({
      id: `layer-violation:${e.from.ref}->${e.to.ref}`,
      type: 'layer-violation',
      severity: 'warning',
      entityRef: e.from.ref,
      teamRef: ctx.teamRefOf(e.from),
      relatedRefs: [e.to.ref],
      message: `${label(e.from)} (${low}) depends on ${label(
        e.to,
      )} (${high}), a higher layer (layers from top: ${order})`,
      suggestion: `Move what ${label(e.from)} needs from ${label(
        e.to,
      )} down into a ${low} (or lower) both can use, or invert the dependency; ${how}`,
    });
  }
}

function hubFindings(ctx: AnalysisContext, facts: LevelFacts): void {
  const { graph, fanIn, fanOut } = facts;
  const minimum = ctx.options.hubMinDegree;
  const inLimit = outlierThreshold(fanIn, minimum);
  const outLimit = outlierThreshold(fanOut, minimum);
  const kinds = PLURAL[graph.level];
  for (let v = 0; v < graph.vertices.length; v++) {
    const node = graph.vertices[v];
    if (fanIn[v] > inLimit) {
      ctx.add({
        id: `dependency-hub:${node.ref}:in`,
        type: 'dependency-hub',
        severity: 'info',
        entityRef: node.ref,
        teamRef: ctx.teamRefOf(node),
        message: `${fanIn[v]} ${kinds} depend on ${label(
          node,
        )} (unusual above ${inLimit})`,
        suggestion: `Give ${label(
          node,
        )} a stable, versioned API (spec.providesApis) for its ${
          fanIn[v]
        } dependents, check its owner can carry them, and split it if they use unrelated parts of it`,
      });
    }
    if (fanOut[v] > outLimit) {
      ctx.add({
        id: `dependency-hub:${node.ref}:out`,
        type: 'dependency-hub',
        severity: 'info',
        entityRef: node.ref,
        teamRef: ctx.teamRefOf(node),
        message: `${label(node)} depends on ${
          fanOut[v]
        } ${kinds} (unusual above ${outLimit})`,
        suggestion: `Check whether ${label(
          node,
        )} does too much: split it along the groups of what it uses, or depend on a few APIs instead of ${
          fanOut[v]
        } ${kinds}`,
      });
    }
  }
}
