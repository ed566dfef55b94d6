import { TeamPair, TeamReport } from '../../api/types';

export interface GraphNode {
  ref: string;
  label: string;
  score: number;
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
}

export interface GraphLayout {
  width: number;
  height: number;
  nodeRadius: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const NODE_RADIUS = 14;
const LABEL_GAP = 10;
/** Rough width of a character of the 12 px label font, to leave room for labels. */
const CHAR_WIDTH = 7;

/**
 * Places the teams on a circle and draws every team pair as up to two curved
 * edges (through APIs, and direct coupling) bending to opposite sides, so the
 * two kinds and the two directions of a pair never overlap. Groups that are
 * not teams appear only when an edge touches them.
 */
export function layoutTeamGraph(
  teams: TeamReport[],
  pairs: TeamPair[],
): GraphLayout {
  const involved = new Set(pairs.flatMap(p => [p.from, p.to]));
  const shown = teams
    .filter(t => t.isTeam || involved.has(t.ref))
    .sort((a, b) => (a.ref < b.ref ? -1 : 1));
  const count = Math.max(shown.length, 1);
  const longest = Math.max(0, ...shown.map(t => t.name.length));
  const margin = NODE_RADIUS + LABEL_GAP + longest * CHAR_WIDTH + 10;
  const radius = Math.max(
    120,
    (count * (NODE_RADIUS * 2 + 26)) / (2 * Math.PI),
  );
  const cx = radius + margin;
  const cy = radius + 40;

  const nodes: GraphNode[] = shown.map((t, i) => {
    const angle = (2 * Math.PI * i) / count - Math.PI / 2;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const out = NODE_RADIUS + LABEL_GAP;
    let anchor: GraphNode['anchor'] = 'middle';
    if (cos > 0.3) anchor = 'start';
    else if (cos < -0.3) anchor = 'end';
    return {
      ref: t.ref,
      label: t.name,
      score: t.score,
      x: cx + radius * cos,
      y: cy + radius * sin,
      labelX: cx + (radius + out) * cos,
      labelY: cy + (radius + out) * sin + 4,
      anchor,
    };
  });

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
    for (const [kind, n, side] of kinds) {
      if (n === 0) continue;
      edges.push({
        id: `${kind}:${pair.from}->${pair.to}`,
        kind,
        from: pair.from,
        to: pair.to,
        count: n,
        path: curve(a, b, side * (kinds[0][1] && kinds[1][1] ? 40 : 22)),
      });
    }
  }

  return {
    width: 2 * (radius + margin),
    height: 2 * (radius + 40),
    nodeRadius: NODE_RADIUS,
    nodes,
    edges,
  };
}

/** A quadratic curve from circle a to circle b, bent `bend` px to the left of a→b. */
function curve(
  a: { x: number; y: number },
  b: { x: number; y: number },
  bend: number,
): string {
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
  return `M ${r(start.x)} ${r(start.y)} Q ${r(mx)} ${r(my)} ${r(end.x)} ${r(
    end.y,
  )}`;
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
