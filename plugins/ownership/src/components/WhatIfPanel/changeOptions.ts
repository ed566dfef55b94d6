import { OwnershipReport } from '../../api/types';

/** `component:default/x` → `component`. */
export function refKind(ref: string): string {
  const colon = ref.indexOf(':');
  return colon < 0 ? '' : ref.slice(0, colon).toLowerCase();
}

/**
 * Every entity the report mentions: what groups own, systems, domains and
 * their parts, and both ends of the dependencies between teams.
 */
export function reportRefs(report: OwnershipReport): string[] {
  const refs = new Set<string>();
  for (const t of report.teams) {
    for (const list of Object.values(t.owned) as string[][]) {
      list.forEach(r => refs.add(r));
    }
  }
  for (const s of [...report.systems, ...report.domains]) {
    refs.add(s.ref);
    s.parts.forEach(p => refs.add(p.ref));
  }
  for (const p of report.coupling.pairs) {
    for (const e of p.edges) {
      refs.add(e.fromRef);
      refs.add(e.toRef);
    }
  }
  return [...refs].sort();
}

/** The refs of the given kinds, in the given order. */
export function ofKinds(refs: string[], kinds: readonly string[]): string[] {
  return refs.filter(r => kinds.includes(refKind(r)));
}

/**
 * The dependencies the report knows, by lower-case ref of the depending
 * entity: those between teams, and the component dependencies behind
 * dependency cycles. The report does not list a team's dependencies on its
 * own entities outside cycles, so this is not every dependency.
 */
export function knownDependencies(
  report: OwnershipReport,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (from: string | undefined, to: string | undefined) => {
    if (!from || !to) return;
    const key = from.toLowerCase();
    const set = out.get(key) ?? new Set<string>();
    set.add(to);
    out.set(key, set);
  };
  for (const p of report.coupling.pairs) {
    for (const e of p.edges) add(e.fromRef, e.toRef);
  }
  for (const c of report.dependencies?.cycles ?? []) {
    for (const e of c.edges) {
      if (c.level === 'component') add(e.fromRef, e.apiRef ?? e.toRef);
      else add(e.throughFromRef, e.apiRef ?? e.throughToRef);
    }
  }
  return out;
}
