import { compareStrings } from '../model';
import {
  buildGraph,
  Graph,
  GraphCycle,
  shortestCycles,
  sortTargets,
  stronglyConnected,
} from './graph';

/** Each vertex's slots as [target, edge] pairs, in slot order. */
function slotsOf(graph: Graph): Array<Array<[number, number]>> {
  return Array.from({ length: graph.size }, (_, v) => {
    const slots: Array<[number, number]> = [];
    for (let s = graph.offsets[v]; s < graph.offsets[v + 1]; s++)
      slots.push([graph.targets[s], graph.edges[s]]);
    return slots;
  });
}

/** Compares vertices by a name each (names may repeat: ties on purpose). */
const byName = (names: string[]) => (a: number, b: number) =>
  compareStrings(names[a], names[b]);

/** A strict order: by name, then by vertex number. */
const nameThenIndex = (names: string[]) => (a: number, b: number) =>
  names[a] < names[b] || (names[a] === names[b] && a < b);

const ascending = (a: number, b: number) => a - b;

/** Cycles as plain data, by start vertex (shortestCycles lists them in the order it finds them). */
const byStart = (cycles: GraphCycle[]) =>
  cycles.map(c => ({ ...c })).sort((x, y) => x.vertices[0] - y.vertices[0]);

describe('buildGraph', () => {
  it("lists each vertex's edges in input order, with their edge index", () => {
    const graph = buildGraph(4, [2, 0, 2, 3, 0], [1, 3, 0, 3, 3]);
    expect(Array.from(graph.offsets)).toEqual([0, 2, 2, 4, 5]);
    expect(slotsOf(graph)).toEqual([
      [
        [3, 1],
        [3, 4],
      ],
      [],
      [
        [1, 0],
        [0, 2],
      ],
      [[3, 3]],
    ]);
  });

  it('builds an empty graph', () => {
    const graph = buildGraph(0, [], []);
    expect(graph.size).toBe(0);
    expect(Array.from(graph.offsets)).toEqual([0]);
    expect(graph.targets).toHaveLength(0);
  });
});

describe('sortTargets', () => {
  it('orders a small vertex (insertion sort) by target, ties by edge index', () => {
    // Vertex 0: edges 0..5 to 2, 1, 2, 3, 1, 2.
    const graph = buildGraph(4, [0, 0, 0, 0, 0, 0], [2, 1, 2, 3, 1, 2]);
    sortTargets(graph, ascending);
    expect(slotsOf(graph)[0]).toEqual([
      [1, 1],
      [1, 4],
      [2, 0],
      [2, 2],
      [2, 5],
      [3, 3],
    ]);
    // Ties go by edge index, not by the slots' current order: a reversed sort,
    // then one where every target ties, gives back the input order.
    sortTargets(graph, (a, b) => b - a);
    expect(slotsOf(graph)[0]).toEqual([
      [3, 3],
      [2, 0],
      [2, 2],
      [2, 5],
      [1, 1],
      [1, 4],
    ]);
    sortTargets(graph, () => 0);
    expect(slotsOf(graph)[0].map(([, edge]) => edge)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });

  it('orders a vertex of more than 32 edges (Array sort) the same way', () => {
    // 40 edges from vertex 1 to targets 39, 38, ... with every fifth one a repeat of 7.
    const targets = Array.from({ length: 40 }, (_, i) =>
      i % 5 === 0 ? 7 : 39 - i,
    );
    const graph = buildGraph(
      40,
      targets.map(() => 1),
      targets,
    );
    sortTargets(graph, ascending);
    const expected = targets
      .map((t, e): [number, number] => [t, e])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(slotsOf(graph)[1]).toEqual(expected);
    // Tied targets (every fifth edge, and edge 32: 39 - 32 = 7) in edge order.
    expect(
      slotsOf(graph)[1]
        .filter(([t]) => t === 7)
        .map(([, e]) => e),
    ).toEqual([0, 5, 10, 15, 20, 25, 30, 32, 35]);
    sortTargets(graph, (a, b) => b - a);
    sortTargets(graph, () => 0);
    expect(slotsOf(graph)[1].map(([, e]) => e)).toEqual(
      Array.from({ length: 40 }, (_, e) => e),
    );
  });

  it('gives the same order at 32 and 33 edges (the two branches agree)', () => {
    for (const degree of [31, 32, 33, 34]) {
      const names = Array.from({ length: degree }, (_, i) =>
        String((i * 7) % 5),
      );
      const targets = Array.from({ length: degree }, (_, i) => degree - 1 - i);
      const graph = buildGraph(
        degree,
        targets.map(() => 0),
        targets,
      );
      const compare = byName(names);
      sortTargets(graph, compare);
      expect(slotsOf(graph)[0]).toEqual(
        targets
          .map((t, e): [number, number] => [t, e])
          .sort((x, y) => compare(x[0], y[0]) || x[1] - y[1]),
      );
    }
  });

  it('sorts only the vertices it is given', () => {
    const from = [0, 0, 1, 1, 2, 2, 3, 3];
    const to = [3, 1, 3, 2, 1, 0, 2, 1];
    const graph = buildGraph(4, from, to);
    const before = slotsOf(graph);
    sortTargets(graph, ascending, [2, 0]);
    const after = slotsOf(graph);
    expect(after[0]).toEqual([
      [1, 1],
      [3, 0],
    ]);
    expect(after[1]).toEqual(before[1]);
    expect(after[2]).toEqual([
      [0, 5],
      [1, 4],
    ]);
    expect(after[3]).toEqual(before[3]);
    sortTargets(graph, ascending, []);
    expect(slotsOf(graph)).toEqual(after);
  });

  it('leaves vertices with fewer than two edges and an empty graph alone', () => {
    const graph = buildGraph(3, [1], [0]);
    sortTargets(graph, ascending);
    expect(slotsOf(graph)).toEqual([[], [[0, 0]], []]);
    const empty = buildGraph(0, [], []);
    expect(() => sortTargets(empty, ascending)).not.toThrow();
  });
});

describe('shortestCycles', () => {
  const names = ['a', 'c', 'b', 'd', 'e'];
  // 0 ⇄ 1 and 0 ⇄ 2 (one tangle of three); 4 → 3 and 4 → 2 are on no cycle.
  const from = [0, 0, 1, 2, 4, 4];
  const to = [1, 2, 0, 0, 3, 2];

  it('follows edges in input order without compareTargets', () => {
    const graph = buildGraph(5, from, to);
    const before = slotsOf(graph);
    expect(shortestCycles(graph, nameThenIndex(names))).toEqual([
      { vertices: [0, 1], edges: [0, 2], componentSize: 3 },
    ]);
    expect(slotsOf(graph)).toEqual(before);
  });

  it('follows edges in target order with compareTargets, sorting the edges of vertices on a cycle in place', () => {
    const graph = buildGraph(5, from, to);
    // Vertex 0 reaches 2 ("b") before 1 ("c"), so the cycle closes through 2.
    expect(shortestCycles(graph, nameThenIndex(names), byName(names))).toEqual([
      { vertices: [0, 2], edges: [1, 3], componentSize: 3 },
    ]);
    const after = slotsOf(graph);
    expect(after[0]).toEqual([
      [2, 1],
      [1, 0],
    ]);
    // Vertex 4 is on no cycle: its edges keep the input order (4 → "d" before 4 → "b").
    expect(after[4]).toEqual([
      [3, 4],
      [2, 5],
    ]);
  });

  it('starts each cycle at the first vertex of its tangle by isBefore', () => {
    const graph = buildGraph(5, from, to);
    // Vertex 1 first: 1 → 0 → 1.
    const oneFirst = (a: number, b: number) => (a === 1 ? b !== 1 : false);
    expect(shortestCycles(graph, oneFirst)).toEqual([
      { vertices: [1, 0], edges: [2, 0], componentSize: 3 },
    ]);
  });

  it('finds one shortest cycle per tangle, not the first one found', () => {
    // 0 → 1 → 2 → 3 → 0 and the shortcut 0 → 3 (edge 4) listed last.
    const graph = buildGraph(4, [0, 1, 2, 3, 0], [1, 2, 3, 0, 3]);
    expect(shortestCycles(graph, (a, b) => a < b)).toEqual([
      { vertices: [0, 3], edges: [4, 3], componentSize: 4 },
    ]);
  });

  it('reports separate tangles separately', () => {
    // 0 ⇄ 1, and 2 → 3 → 4 → 2, joined by the one-way edge 1 → 2.
    const graph = buildGraph(5, [0, 1, 1, 2, 3, 4], [1, 0, 2, 3, 4, 2]);
    expect(byStart(shortestCycles(graph, (a, b) => a < b))).toEqual([
      { vertices: [0, 1], edges: [0, 1], componentSize: 2 },
      { vertices: [2, 3, 4], edges: [3, 4, 5], componentSize: 3 },
    ]);
  });

  it('reports a cycle of two vertices', () => {
    const graph = buildGraph(2, [1, 0], [0, 1]);
    expect(shortestCycles(graph, (a, b) => a < b)).toEqual([
      { vertices: [0, 1], edges: [1, 0], componentSize: 2 },
    ]);
  });

  it('leaves out a self-edge alone (a tangle of one vertex)', () => {
    const graph = buildGraph(2, [0, 0, 1], [0, 1, 1]);
    expect(shortestCycles(graph, (a, b) => a < b)).toEqual([]);
    expect(Array.from(stronglyConnected(graph).sizes)).toEqual([1, 1]);
  });

  it('reports a self-edge of the start of a larger tangle as its cycle of length 1', () => {
    // This is the shortest cycle through the start; the dependency graphs never have self-edges.
    const graph = buildGraph(2, [0, 0, 1], [1, 0, 0]);
    expect(shortestCycles(graph, (a, b) => a < b)).toEqual([
      { vertices: [0], edges: [1], componentSize: 2 },
    ]);
    // A self-edge elsewhere in the tangle is not on the shortest cycle.
    const other = buildGraph(2, [0, 1, 1], [1, 1, 0]);
    expect(shortestCycles(other, (a, b) => a < b)).toEqual([
      { vertices: [0, 1], edges: [0, 2], componentSize: 2 },
    ]);
  });

  it('takes the first of duplicate edges (input order, or edge index when sorted)', () => {
    const twice = { from: [0, 1, 0, 1], to: [1, 0, 1, 0] };
    expect(
      shortestCycles(buildGraph(2, twice.from, twice.to), (a, b) => a < b),
    ).toEqual([{ vertices: [0, 1], edges: [0, 1], componentSize: 2 }]);
    // 0 → 2, then 0 → 1 twice: sorted, the first 0 → 1 (edge 1) leads.
    const wide = { from: [0, 0, 0, 1, 2], to: [2, 1, 1, 0, 0] };
    expect(
      shortestCycles(buildGraph(3, wide.from, wide.to), (a, b) => a < b),
    ).toEqual([{ vertices: [0, 2], edges: [0, 4], componentSize: 3 }]);
    expect(
      shortestCycles(
        buildGraph(3, wide.from, wide.to),
        (a, b) => a < b,
        ascending,
      ),
    ).toEqual([{ vertices: [0, 1], edges: [1, 3], componentSize: 3 }]);
  });

  it('finds nothing in an empty graph or one without cycles', () => {
    expect(shortestCycles(buildGraph(0, [], []), (a, b) => a < b)).toEqual([]);
    expect(
      shortestCycles(
        buildGraph(3, [0, 1, 0], [1, 2, 2]),
        (a, b) => a < b,
        ascending,
      ),
    ).toEqual([]);
  });
});

/**
 * The same searches written the plain way: reachability by depth-first
 * search from every vertex, tangles as mutually reachable vertices, and a
 * breadth-first search with lists of objects.
 */
function referenceCycles(
  size: number,
  from: number[],
  to: number[],
  isBefore: (a: number, b: number) => boolean,
  compare?: (a: number, b: number) => number,
): GraphCycle[] {
  const out: Array<Array<{ to: number; edge: number }>> = Array.from(
    { length: size },
    () => [],
  );
  from.forEach((v, edge) => out[v].push({ to: to[edge], edge }));
  if (compare) {
    for (const list of out)
      list.sort((x, y) => compare(x.to, y.to) || x.edge - y.edge);
  }
  const reach = out.map((_, root) => {
    const seen = new Set([root]);
    const stack = [root];
    while (stack.length > 0) {
      for (const { to: w } of out[stack.pop()!]) {
        if (!seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
    return seen;
  });
  const tangleOf = (v: number) =>
    out.map((_, w) => w).filter(w => reach[v].has(w) && reach[w].has(v));
  const cycles: GraphCycle[] = [];
  for (let s = 0; s < size; s++) {
    const tangle = tangleOf(s);
    if (tangle.length < 2 || tangle.some(w => isBefore(w, s))) continue;
    const inTangle = new Set(tangle);
    const parent = new Map<number, { from: number; edge: number }>();
    const queue = [s];
    let closing: { from: number; edge: number } | undefined;
    while (queue.length > 0 && !closing) {
      const v = queue.shift()!;
      for (const { to: w, edge } of out[v]) {
        if (!inTangle.has(w)) continue;
        if (w === s) {
          closing = { from: v, edge };
          break;
        }
        if (parent.has(w)) continue;
        parent.set(w, { from: v, edge });
        queue.push(w);
      }
    }
    const vertices: number[] = [];
    const edges: number[] = [];
    for (let step = closing; step; step = parent.get(step.from)) {
      vertices.unshift(step.from);
      edges.unshift(step.edge);
      if (step.from === s) break;
    }
    cycles.push({ vertices, edges, componentSize: tangle.length });
  }
  return cycles;
}

describe('graph searches against a plain reference', () => {
  it('agree on a few hundred random graphs (self-edges, duplicates, ties, high degrees)', () => {
    let seed = 20261205;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      // The high bits: the low bits of this generator repeat quickly.
      return (seed >>> 16) % n;
    };
    let withCycles = 0;
    let wideVertices = 0;
    for (let round = 0; round < 400; round++) {
      const size = 1 + random(24);
      // Every tenth graph is dense enough for vertices of more than 32 edges.
      const edgeCount = random(round % 10 === 0 ? 300 : 50);
      const from: number[] = [];
      const to: number[] = [];
      for (let i = 0; i < edgeCount; i++) {
        from.push(random(size));
        to.push(random(size));
      }
      const names = Array.from({ length: size }, () => String(random(8)));
      const compare = byName(names);
      const isBefore = nameThenIndex(names);
      const context = JSON.stringify({ round, size, from, to, names });

      const unsorted = buildGraph(size, from, to);
      const expectedUnsorted = referenceCycles(size, from, to, isBefore);
      expect([context, byStart(shortestCycles(unsorted, isBefore))]).toEqual([
        context,
        expectedUnsorted,
      ]);

      const sorted = buildGraph(size, from, to);
      const expectedSorted = referenceCycles(size, from, to, isBefore, compare);
      expect([
        context,
        byStart(shortestCycles(sorted, isBefore, compare)),
      ]).toEqual([context, expectedSorted]);

      // The same as sorting every vertex first.
      const presorted = buildGraph(size, from, to);
      sortTargets(presorted, compare);
      expect([context, byStart(shortestCycles(presorted, isBefore))]).toEqual([
        context,
        expectedSorted,
      ]);
      const reference = slotsOf(presorted);
      const expectedSlots = reference.map((_, v) =>
        from
          .map((u, e): [number, number, number] => [u, to[e], e])
          .filter(([u]) => u === v)
          .map(([, t, e]): [number, number] => [t, e])
          .sort((x, y) => compare(x[0], y[0]) || x[1] - y[1]),
      );
      expect([context, reference]).toEqual([context, expectedSlots]);
      wideVertices += reference.filter(slots => slots.length > 32).length;

      // In place, only the vertices on a cycle were sorted.
      const { component, sizes } = stronglyConnected(sorted);
      const input = slotsOf(unsorted);
      expect([context, slotsOf(sorted)]).toEqual([
        context,
        input.map((slots, v) =>
          sizes[component[v]] > 1 ? reference[v] : slots,
        ),
      ]);
      if (expectedSorted.length > 0) withCycles++;
    }
    // The random graphs did exercise what they are meant to.
    expect(withCycles).toBeGreaterThan(200);
    expect(wideVertices).toBeGreaterThan(10);
  });
});
