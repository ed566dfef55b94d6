/**
 * The reference the catalog benchmark compares the ownership analysis with:
 * what a developer would write in an afternoon. One pass indexes the
 * entities, a second checks each one (owner, references, cross-team
 * dependencies, systems split between teams, team load). Plain objects, a
 * string key per reference, no validation beyond what the checks need.
 */

type Entity = Record<string, any>;

export interface StraightforwardResult {
  entities: number;
  findings: number;
}

function refOf(e: Entity): string {
  const ns = e.metadata?.namespace ?? 'default';
  return `${String(e.kind).toLowerCase()}:${ns}/${
    e.metadata?.name
  }`.toLowerCase();
}

function toRef(ref: unknown, defaultKind: string): string | undefined {
  if (typeof ref !== 'string' || ref === '') return undefined;
  let kind = defaultKind;
  let rest = ref;
  const colon = ref.indexOf(':');
  if (colon >= 0) {
    kind = ref.slice(0, colon);
    rest = ref.slice(colon + 1);
  }
  if (!rest.includes('/')) rest = `default/${rest}`;
  return `${kind}:${rest}`.toLowerCase();
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Runs the straightforward checks; returns how many findings they make. */
export function straightforwardAnalysis(
  entities: Entity[],
  teamLoadThreshold = 8,
): StraightforwardResult {
  const byRef = new Map<string, Entity>();
  const members = new Map<string, number>();
  let findings = 0;
  for (const e of entities) {
    if (!e || typeof e !== 'object' || !e.kind || !e.metadata?.name) {
      findings++;
      continue;
    }
    const ref = refOf(e);
    if (byRef.has(ref)) findings++;
    byRef.set(ref, e);
    if (String(e.kind).toLowerCase() === 'user') {
      for (const g of list(e.spec?.memberOf)) {
        const group = toRef(g, 'group');
        if (group) members.set(group, (members.get(group) ?? 0) + 1);
      }
    }
  }
  const ownerOf = (e: Entity) => toRef(e.spec?.owner, 'group');
  const systemOwners = new Map<string, Set<string>>();
  const owned = new Map<string, number>();
  for (const e of byRef.values()) {
    const kind = String(e.kind).toLowerCase();
    if (kind === 'user' || kind === 'group' || kind === 'location') {
      for (const g of list(e.spec?.memberOf)) {
        const group = toRef(g, 'group');
        if (group && !byRef.has(group)) findings++;
      }
      const parent = toRef(e.spec?.parent, 'group');
      if (parent && !byRef.has(parent)) findings++;
      continue;
    }
    const owner = ownerOf(e);
    if (!owner) findings++;
    else if (!byRef.has(owner)) findings++;
    else if (owner.startsWith('user:')) findings++;
    else {
      if (!members.get(owner)) findings++;
      owned.set(owner, (owned.get(owner) ?? 0) + 1);
    }
    const system = toRef(e.spec?.system, 'system');
    if (system) {
      if (!byRef.has(system)) findings++;
      else if (owner) {
        const owners = systemOwners.get(system) ?? new Set<string>();
        owners.add(owner);
        systemOwners.set(system, owners);
      }
    }
    for (const [field, kindOfTarget] of [
      ['dependsOn', 'component'],
      ['consumesApis', 'api'],
      ['providesApis', 'api'],
    ] as const) {
      for (const r of list(e.spec?.[field])) {
        const target = toRef(r, kindOfTarget);
        const other = target ? byRef.get(target) : undefined;
        if (!other) findings++;
        else if (
          field !== 'providesApis' &&
          owner &&
          ownerOf(other) !== owner
        ) {
          findings++;
        }
      }
    }
  }
  for (const owners of systemOwners.values()) if (owners.size > 1) findings++;
  for (const [team, count] of owned) {
    const n = members.get(team) ?? 0;
    if (n > 0 && count / n > teamLoadThreshold) findings++;
  }
  return { entities: byRef.size, findings };
}
