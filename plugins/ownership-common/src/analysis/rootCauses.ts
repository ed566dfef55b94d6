import { compareStrings } from '../model';
import { Finding, FindingSeverity, RootCause } from '../types';
import { AnalysisContext } from './context';

const SEVERITY_RANK: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** A cause needs at least this many findings to be worth grouping. */
const MIN_GROUP = 2;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Groups findings that share one root cause, so that a reader fixes the
 * cause once instead of reading dozens of lines:
 *
 * - `no-users`: the catalog has no User entities at all, so every member
 *   reference dangles and every team is empty (a missing users file or org
 *   provider, not dozens of separate mistakes);
 * - `missing-entity:<ref>`: one entity that does not exist, referred to by
 *   several entities (as owner, system, dependency, ...).
 *
 * Sets `rootCauseId` on the grouped findings (each belongs to one cause at
 * most: `no-users` first) and returns the causes, most findings first.
 */
export function findRootCauses(
  ctx: AnalysisContext,
  findings: Finding[],
): RootCause[] {
  const causes: RootCause[] = [];
  const grouped = new Set<string>();

  if (ctx.index.users.length === 0) {
    const members = findings.filter(
      f =>
        (f.type === 'dangling-reference' &&
          ctx.missingTargets.get(f.id)?.ref.toLowerCase().startsWith('user:')) ||
        f.type === 'empty-team' ||
        f.type === 'empty-team-owner',
    );
    if (members.length >= MIN_GROUP) {
      const listing = new Set(
        members
          .filter(f => f.type === 'dangling-reference')
          .map(f => f.entityRef),
      ).size;
      const empty = members.filter(f => f.type === 'empty-team').length;
      const owned = members.filter(f => f.type === 'empty-team-owner').length;
      const parts: string[] = [];
      if (listing > 0)
        parts.push(
          `${plural(
            listing,
            'entity lists',
            'entities list',
          )} members that do not exist`,
        );
      if (empty > 0)
        parts.push(`${plural(empty, 'team has', 'teams have')} no members`);
      if (owned > 0)
        parts.push(
          `${plural(
            owned,
            'entity is',
            'entities are',
          )} owned by groups without members`,
        );
      causes.push(
        cause(
          'no-users',
          members,
          `The catalog has no User entities: ${parts.join(', ')}`,
          'Add the User entities (the users file, or an org provider such as GitHub, LDAP or Microsoft Graph) to what is analysed; the findings below follow from their absence',
        ),
      );
      for (const f of members) grouped.add(f.id);
    }
  }

  const byTarget = new Map<string, { ref: string; list: Finding[] }>();
  for (const f of findings) {
    if (grouped.has(f.id)) continue;
    const missing = ctx.missingTargets.get(f.id);
    if (!missing) continue;
    const key = missing.ref.toLowerCase();
    const entry = byTarget.get(key);
    if (entry) entry.list.push(f);
    else byTarget.set(key, { ref: missing.ref, list: [f] });
  }
  for (const { ref, list } of byTarget.values()) {
    if (list.length < MIN_GROUP) continue;
    const fields = new Map<string, number>();
    for (const f of list) {
      const field = ctx.missingTargets.get(f.id)!.field;
      fields.set(field, (fields.get(field) ?? 0) + 1);
    }
    const how = [...fields]
      .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
      .map(([field, n]) => `spec.${field} of ${n}`)
      .join(', ');
    // A missing target's ref is always full: kind:namespace/name.
    const colon = ref.indexOf(':');
    const slash = ref.indexOf('/', colon);
    const kind = ref.slice(0, colon);
    const namespace = ref.slice(colon + 1, slash);
    const name = ref.slice(slash + 1);
    const guess = ctx.didYouMean(kind, name, namespace);
    causes.push(
      cause(
        `missing-entity:${ref}`,
        list,
        `${ref} does not exist, and ${list.length} references name it (${how})`,
        guess
          ? `Add ${ref} to the catalog, or change the ${list.length} references to ${guess.ref} (did you mean it?)`
          : `Add ${ref} to the catalog, or change the ${list.length} references to an entity that exists`,
      ),
    );
  }

  causes.sort((a, b) => b.count - a.count || compareStrings(a.id, b.id));
  const causeOf = new Map<string, string>();
  for (const c of causes) for (const id of c.findingIds) causeOf.set(id, c.id);
  for (const f of findings) {
    const id = causeOf.get(f.id);
    if (id !== undefined) f.rootCauseId = id;
  }
  return causes;
}

function cause(
  id: string,
  members: Finding[],
  message: string,
  suggestion: string,
): RootCause {
  let severity: FindingSeverity = 'info';
  for (const f of members) {
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[severity])
      severity = f.severity;
  }
  return {
    id,
    severity,
    message,
    suggestion,
    findingIds: members.map(f => f.id),
    count: members.length,
  };
}
