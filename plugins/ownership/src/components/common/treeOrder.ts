import { TeamReport } from '../../api/types';

/** Teams depth-first from the roots, children sorted by ref. */
export function treeOrder(teams: TeamReport[]): TeamReport[] {
  const byRef = new Map(teams.map(t => [t.ref, t]));
  const out: TeamReport[] = [];
  const seen = new Set<string>();
  const visit = (team: TeamReport) => {
    if (seen.has(team.ref)) return;
    seen.add(team.ref);
    out.push(team);
    for (const child of [...team.childRefs].sort()) {
      const c = byRef.get(child);
      if (c) visit(c);
    }
  };
  for (const t of teams) if (!t.parentRef || !byRef.has(t.parentRef)) visit(t);
  for (const t of teams) visit(t);
  return out;
}
