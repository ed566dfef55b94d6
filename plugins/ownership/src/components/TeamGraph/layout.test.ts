import { exampleReport } from '../../__testUtils__/fixtures';
import { clearCurve, layoutTeamGraph } from './layout';

describe('layoutTeamGraph', () => {
  const report = exampleReport();
  const layout = layoutTeamGraph(report.teams, report.coupling.pairs);

  it('places every team once, inside the picture', () => {
    const teams = report.teams.filter(t => t.isTeam).map(t => t.ref);
    expect(layout.nodes.map(n => n.ref).sort()).toEqual(
      expect.arrayContaining(teams),
    );
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThan(0);
      expect(n.x).toBeLessThan(layout.width);
      expect(n.y).toBeGreaterThan(0);
      expect(n.y).toBeLessThan(layout.height);
    }
  });

  it('draws one edge per kind and team pair, counting the relations', () => {
    const pair = report.coupling.pairs.find(
      p =>
        p.from === 'group:default/team-checkout' &&
        p.to === 'group:default/team-warehouse',
    )!;
    const edges = layout.edges.filter(
      e => e.from === pair.from && e.to === pair.to,
    );
    expect(edges.map(e => [e.kind, e.count]).sort()).toEqual(
      [
        ['coupling', pair.couplingEdges],
        ['interface', pair.interfaceEdges],
      ]
        .filter(([, n]) => n)
        .sort(),
    );
    for (const e of layout.edges)
      expect(e.path).toMatch(/^M [\d.-]+ [\d.-]+ Q /);
  });

  it('bends the two kinds of one pair to opposite sides', () => {
    const both = report.coupling.pairs.find(
      p => p.interfaceEdges > 0 && p.couplingEdges > 0,
    );
    if (!both) return;
    const [a, b] = layout.edges.filter(
      e => e.from === both.from && e.to === both.to,
    );
    expect(a.path).not.toBe(b.path);
  });

  it("writes every count where no other team's node covers it", () => {
    const at = new Map(layout.nodes.map(n => [n.ref, n]));
    for (const e of layout.edges) {
      for (const n of layout.nodes) {
        if (n.ref === e.from || n.ref === e.to) continue;
        const distance = Math.hypot(n.x - e.labelX, n.y - e.labelY);
        expect({
          edge: e.id,
          node: n.ref,
          clear: distance > layout.nodeRadius + 10,
        }).toEqual({
          edge: e.id,
          node: n.ref,
          clear: true,
        });
      }
      expect(at.has(e.from) && at.has(e.to)).toBe(true);
    }
  });

  it('bends an edge around a node in its way, and keeps a clear one as it is', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 200, y: 0 };
    const plain = clearCurve(a, b, 26, []);
    // A node on the plain curve's middle.
    const inTheWay = { x: plain.labelX, y: plain.labelY };
    const bent = clearCurve(a, b, 26, [inTheWay]);
    expect(bent.path).not.toBe(plain.path);
    expect(
      Math.hypot(bent.labelX - inTheWay.x, bent.labelY - inTheWay.y),
    ).toBeGreaterThan(layout.nodeRadius + 10);
    expect(clearCurve(a, b, 26, [{ x: 100, y: 300 }]).path).toBe(plain.path);
  });
});
