import { TeamPair, TeamReport } from '../../api/types';
import { treeOrder } from '../common/treeOrder';

export interface GraphNode {
  ref: string;
  /** The team's display name (title, else profile display name, else name). */
  label: string;
  /** null when the team's score has no data. */
  score: number | null;
  x: number;
  y: number;
  /** Where the label goes, outside the circle. */
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface GraphEdge {
  id: string;
  kind: 'interface' | 'coupling';
  from: string;
  to: string;
  count: number;
  /** SVG path from the edge of one node to the edge of the other. */
  path: string;
  /** Middle of the curve, where the count is written. */
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodeRadius: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const NODE_RADIUS = 16;
const LABEL_GAP = 10;
/** Rough width of a character of the 14 px label font, to leave room for labels. */
const CHAR_WIDTH = 8;
/** Room per node along the circle, so that neighbours' labels do not touch. */
const NODE_SPACING = 110;

/** Where a node of a circle layout sits, and its label outside the circle. */
export interface CirclePosition {
  x: number;
  y: number;
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle' | 'end';
}

/**
 * Places labelled nodes on a circle, in the given order, leaving room for
 * the longest label outside it. Shared by the team dependency graph and the
 * git-history coordination graph.
 */
export function placeOnCircle(labels: string[]): {
  width: number;
  height: number;
  nodeRadius: number;
  positions: CirclePosition[];
} {
  const count = Math.max(labels.length, 1);
  const longest = Math.max(0, ...labels.map(l => l.length));
  const margin = NODE_RADIUS + LABEL_GAP + longest * CHAR_WIDTH + 10;
  const radius = Math.max(240, (count * NODE_SPACING) / (2 * Math.PI));
  const cx = radius + margin;
  const cy = radius + 40;
  const positions = labels.map((_, i): CirclePosition => {
    const angle = (2 * Math.PI * i) / count - Math.PI / 2;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const out = NODE_RADIUS + LABEL_GAP;
    let anchor: CirclePosition['anchor'] = 'middle';
    if (cos > 0.3) anchor = 'start';
    else if (cos < -0.3) anchor = 'end';
    return {
      x: cx + radius * cos,
      y: cy + radius * sin,
      labelX: cx + (radius + out) * cos,
      labelY: cy + (radius + out) * sin + 4,
      anchor,
    };
  });
  return {
    width: 2 * (radius + margin),
    height: 2 * (radius + 40),
    nodeRadius: NODE_RADIUS,
    positions,
  };
}

/**
 * Places the teams on a circle and draws every team pair as up to two curved
 * edges (through APIs, and direct coupling) bending to opposite sides, so the
 * two kinds and the two directions of a pair never overlap. Groups that are
 * not teams appear only when an edge touches them. Teams follow the group
 * tree, so a department's teams sit next to each other.
 */
export function layoutTeamGraph(
  teams: TeamReport[],
  pairs: TeamPair[],
): GraphLayout {
  const involved = new Set(pairs.flatMap(p => [p.from, p.to]));
  const shown = treeOrder(teams).filter(t => t.isTeam || involved.has(t.ref));
  const label = (t: TeamReport) => t.title ?? t.name;
  const circle = placeOnCircle(shown.map(label));
  const nodes: GraphNode[] = shown.map((t, i) => ({
    ref: t.ref,
    label: label(t),
    score: t.score,
    ...circle.positions[i],
  }));

  const at = new Map(nodes.map(n => [n.ref, n]));
  const edges: GraphEdge[] = [];
  for (const pair of pairs) {
    const a = at.get(pair.from);
    const b = at.get(pair.to);
    if (!a || !b || a === b) continue;
    const kinds: Array<['interface' | 'coupling', number, number]> = [
      ['interface', pair.interfaceEdges, 1],
      ['coupling', pair.couplingEdges, -1],
    ];
    const others = nodes.filter(n => n !== a && n !== b);
    for (const [kind, n, side] of kinds) {
      if (n === 0) continue;
      const c = clearCurve(
        a,
        b,
        side * (kinds[0][1] && kinds[1][1] ? 48 : 26),
        others,
      );
      edges.push({
        id: `${kind}:${pair.from}->${pair.to}`,
        kind,
        from: pair.from,
        to: pair.to,
        count: n,
        ...c,
      });
    }
  }

  return {
    width: circle.width,
    height: circle.height,
    nodeRadius: circle.nodeRadius,
    nodes,
    edges,
  };
}

type Point = { x: number; y: number };

/** Bends tried, as multiples of the edge's own, before one that crosses a node is kept. */
const BENDS = [1, 2, 3, -1, -2];
/** Where along the curve the count may go, nearest the middle first. */
const LABEL_AT = [0.5, 0.4, 0.6, 0.3, 0.7];
/** Radius of the count's badge. */
const BADGE_RADIUS = 10;

/**
 * {@link curve} bent so that it passes clear of the `others` nodes, with its
 * count where no node covers it. On a circle an edge between two teams can
 * run under a third team's node, and a count drawn there was hidden and made
 * the third team look involved. Tries wider bends, then the other side; keeps
 * the plain curve when none is clear.
 */
export function clearCurve(a: Point, b: Point, bend: number, others: Point[]) {
  const clearOf = (p: Point, margin: number) =>
    others.every(o => Math.hypot(o.x - p.x, o.y - p.y) > NODE_RADIUS + margin);
  for (const factor of BENDS) {
    const c = curve(a, b, bend * factor);
    const points = Array.from({ length: 17 }, (_, i) =>
      c.pointAt(0.1 + i * 0.05),
    );
    if (!points.every(p => clearOf(p, 2))) continue;
    const t = LABEL_AT.find(at => clearOf(c.pointAt(at), BADGE_RADIUS + 2));
    if (t === undefined) continue;
    const label = c.pointAt(t);
    return { path: c.path, labelX: label.x, labelY: label.y };
  }
  const { path, labelX, labelY } = curve(a, b, bend);
  return { path, labelX, labelY };
}

/**
 * A quadratic curve from circle a to circle b, bent `bend` px to the left of
 * a→b, its middle point, and any point of it (t from 0 to 1).
 */
export function curve(
  a: Point,
  b: Point,
  bend: number,
): {
  path: string;
  labelX: number;
  labelY: number;
  pointAt: (t: number) => Point;
} {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const nx = -dy / length;
  const ny = dx / length;
  const mx = (a.x + b.x) / 2 + nx * bend;
  const my = (a.y + b.y) / 2 + ny * bend;
  const start = towards(a, { x: mx, y: my }, NODE_RADIUS);
  const end = towards(b, { x: mx, y: my }, NODE_RADIUS + 4);
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    path: `M ${r(start.x)} ${r(start.y)} Q ${r(mx)} ${r(my)} ${r(end.x)} ${r(
      end.y,
    )}`,
    // The point of the curve at t = 0.5.
    labelX: r(0.25 * start.x + 0.5 * mx + 0.25 * end.x),
    labelY: r(0.25 * start.y + 0.5 * my + 0.25 * end.y),
    pointAt: t => ({
      x: r((1 - t) ** 2 * start.x + 2 * (1 - t) * t * mx + t ** 2 * end.x),
      y: r((1 - t) ** 2 * start.y + 2 * (1 - t) * t * my + t ** 2 * end.y),
    }),
  };
}

function towards(
  from: { x: number; y: number },
  to: { x: number; y: number },
  distance: number,
) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  return {
    x: from.x + (dx / length) * distance,
    y: from.y + (dy / length) * distance,
  };
}
