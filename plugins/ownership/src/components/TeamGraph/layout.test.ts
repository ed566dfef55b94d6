import { exampleReport } from '../../__testUtils__/fixtures';
import { layoutTeamGraph } from './layout';

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
});
