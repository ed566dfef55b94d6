/**
 * A directed graph over vertices 0..size-1 in compressed form (CSR): the
 * edges leaving vertex v are `edges[offsets[v]..offsets[v+1])`, each an index
 * into the caller's edge list. Flat typed arrays keep a 100,000-vertex graph
 * cheap to build and walk.
 */
export interface Graph {
  size: number;
  offsets: Int32Array;
  /** Target vertex of each slot. */
  targets: Int32Array;
  /** Caller's edge index of each slot. */
  edges: Int32Array;
}

/** Builds a graph from parallel lists of edge sources and targets (edge i: from[i] → to[i]). */
export function buildGraph(
  size: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
): Graph {
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < from.length; i++) offsets[from[i] + 1]++;
  for (let v = 0; v < size; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, size);
  const targets = new Int32Array(from.length);
  const edges = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) {
    const slot = fill[from[i]]++;
    targets[slot] = to[i];
    edges[slot] = i;
  }
  return { size, offsets, targets, edges };
}

/**
 * Orders the edges of the given vertices (all when `vertices` is omitted) by
 * target with `compare`, so that walks visit neighbours in an order
 * independent of the input order; ties keep the edge order. Sorts the slots
 * in place: by insertion for a vertex of up to 32 edges (most have a few, and
 * a list of pairs per vertex cost more than the sorting at 100,000
 * vertices), above that through a list of (target, edge) pairs and
 * Array.prototype.sort, as insertion sort takes time quadratic in the edges
 * of a hub. 32 is the usual cut-off between the two (V8's TimSort sorts runs
 * of about that length by insertion), not a measured one.
 */
export function sortTargets(
  graph: Graph,
  compare: (a: number, b: number) => number,
  vertices?: ArrayLike<number>,
): void {
  const { size, offsets, targets, edges } = graph;
  const count = vertices ? vertices.length : size;
  for (let k = 0; k < count; k++) {
    const v = vertices ? vertices[k] : k;
    const start = offsets[v];
    const end = offsets[v + 1];
    if (end - start < 2) continue;
    if (end - start > 32) {
      const slots: Array<[number, number]> = [];
      for (let s = start; s < end; s++) slots.push([targets[s], edges[s]]);
      slots.sort((a, b) => compare(a[0], b[0]) || a[1] - b[1]);
      for (let s = start; s < end; s++) {
        targets[s] = slots[s - start][0];
        edges[s] = slots[s - start][1];
      }
      continue;
    }
    for (let s = start + 1; s < end; s++) {
      const t = targets[s];
      const e = edges[s];
      let j = s - 1;
      while (j >= start) {
        const c = compare(targets[j], t);
        if (c < 0 || (c === 0 && edges[j] < e)) break;
        targets[j + 1] = targets[j];
        edges[j + 1] = edges[j];
        j--;
      }
      targets[j + 1] = t;
      edges[j + 1] = e;
    }
  }
}

/**
 * Strongly connected components (Tarjan), iterative so that long dependency
 * chains cannot overflow the call stack. Returns each vertex's component id;
 * vertices on no cycle get a component of their own. O(V + E).
 */
export function stronglyConnected(graph: Graph): {
  component: Int32Array;
  sizes: number[];
} {
  const { size, offsets, targets } = graph;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const component = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size);
  const callStack = new Int32Array(size);
  const nextSlot = new Int32Array(size);
  const sizes: number[] = [];
  let stackTop = 0;
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callStack[depth++] = root;
    index[root] = low[root] = counter++;
    nextSlot[root] = offsets[root];
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth > 0) {
      const v = callStack[depth - 1];
      if (nextSlot[v] < offsets[v + 1]) {
        const w = targets[nextSlot[v]++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          nextSlot[w] = offsets[w];
          stack[stackTop++] = w;
          onStack[w] = 1;
          callStack[depth++] = w;
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = callStack[depth - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] === index[v]) {
        const id = sizes.length;
        let count = 0;
        let w: number;
        do {
          w = stack[--stackTop];
          onStack[w] = 0;
          component[w] = id;
          count++;
        } while (w !== v);
        sizes.push(count);
      }
    }
  }
  return { component, sizes };
}

/** One cycle: its vertices in order (the first is the start) and the edges between them (edge i leaves vertex i). */
export interface GraphCycle {
  vertices: number[];
  edges: number[];
  /** Vertices of the strongly connected component the cycle lies in. */
  componentSize: number;
}

/**
 * One shortest cycle per strongly connected component of two or more
 * vertices, through the component's first vertex by `isBefore` (e.g. the
 * smallest ref), so that each tangle is reported once and always the same
 * way. A breadth-first search inside each component finds it; the searches
 * together visit every vertex and edge at most once: O(V + E).
 *
 * `compareTargets`, when given, orders the edges the searches follow: it
 * sorts, in place, the edges of the vertices on a cycle (see
 * {@link sortTargets}), so the caller's `graph` is modified. Membership of
 * components does not depend on it.
 *
 * Listing every elementary cycle instead could take exponential time (a
 * dense component of 20 services has millions); one cycle per component
 * names the tangle and an edge whose removal makes progress on it.
 */
export function shortestCycles(
  graph: Graph,
  isBefore: (a: number, b: number) => boolean,
  compareTargets?: (a: number, b: number) => number,
): GraphCycle[] {
  const { component, sizes } = stronglyConnected(graph);
  if (compareTargets) {
    // Only the searches walk edges in order, and they stay inside components on a cycle.
    const onCycles: number[] = [];
    for (let v = 0; v < graph.size; v++) {
      if (sizes[component[v]] > 1) onCycles.push(v);
    }
    sortTargets(graph, compareTargets, onCycles);
  }
  // The start of each component: its vertex of lowest rank.
  const start = new Int32Array(sizes.length).fill(-1);
  for (let v = 0; v < graph.size; v++) {
    const c = component[v];
    if (sizes[c] < 2) continue;
    if (start[c] === -1 || isBefore(v, start[c])) start[c] = v;
  }
  const parentSlot = new Int32Array(graph.size).fill(-1);
  const queue = new Int32Array(graph.size);
  const cycles: GraphCycle[] = [];
  const { offsets, targets } = graph;
  for (let c = 0; c < sizes.length; c++) {
    const s = start[c];
    if (s === -1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    let closing = -1;
    // parentSlot[s] stays -1; visited vertices get the slot they were reached by.
    const visited = new Set<number>([s]);
    while (head < tail && closing === -1) {
      const v = queue[head++];
      for (let slot = offsets[v]; slot < offsets[v + 1]; slot++) {
        const w = targets[slot];
        if (component[w] !== c) continue;
        if (w === s) {
          closing = slot;
          break;
        }
        if (visited.has(w)) continue;
        visited.add(w);
        parentSlot[w] = slot;
        queue[tail++] = w;
      }
    }
    // Walk back from the closing edge to the start.
    const slots: number[] = [closing];
    let v = sourceOf(graph, closing);
    while (v !== s) {
      const slot = parentSlot[v];
      slots.push(slot);
      v = sourceOf(graph, slot);
    }
    slots.reverse();
    cycles.push({
      vertices: slots.map(slot => sourceOf(graph, slot)),
      edges: slots.map(slot => graph.edges[slot]),
      componentSize: sizes[c],
    });
  }
  return cycles;
}

/** The vertex an edge slot leaves (binary search over offsets). */
function sourceOf(graph: Graph, slot: number): number {
  let lo = 0;
  let hi = graph.size - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (graph.offsets[mid] <= slot) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The value above which a degree is unusual: Q3 + 3 × IQR of the degrees
 * (Tukey's "far out" fence), and never below `minimum`, so that a small or
 * uniform catalog does not call an ordinary entity a hub.
 */
export function outlierThreshold(degrees: Int32Array, minimum: number): number {
  if (degrees.length === 0) return minimum;
  const sorted = Int32Array.from(degrees).sort();
  const quantile = (q: number) => sorted[Math.floor(q * (sorted.length - 1))];
  const q1 = quantile(0.25);
  const q3 = quantile(0.75);
  return Math.max(minimum, q3 + 3 * (q3 - q1));
}
