import { analyzeOwnership } from './analyzeOwnership';
import { normalizeRef } from './entityRef';
import {
  compareStrings,
  isRecord,
  KNOWN_KINDS,
  OWNED_KINDS,
  refList,
} from './model';
import {
  FindingSeverity,
  FindingType,
  OwnershipAnalysisOptions,
  OwnershipReport,
  OwnershipSummary,
} from './types';

/**
 * A proposed change to ownership or to the group hierarchy.
 *
 * - `transfer`: set the owner of a domain, system, component, API or resource
 *   to an existing group (or user);
 * - `reparent`: move a group under another group (`null` makes it a root);
 * - `merge`: move the members, owned entities and child groups of one group
 *   into another, then remove it;
 * - `moveToSystem`: put a component, API or resource in another system;
 * - `addDependency`: add `toRef` (a component, resource or API) to
 *   `spec.dependsOn` of `fromRef` (a component or resource);
 * - `removeDependency`: remove every statement that `fromRef` needs `toRef`
 *   (its `spec.dependsOn` and `spec.consumesApis` entries, and `spec.dependencyOf`
 *   entries of `toRef` naming `fromRef`).
 *
 * Refs without kind default to `component` (transfer, move, dependencies),
 * `group` (owners and groups), `system` (the new system).
 *
 * @public
 */
export type ProposedChange =
  | { type: 'transfer'; entityRef: string; toOwnerRef: string }
  | { type: 'reparent'; groupRef: string; newParentRef: string | null }
  | { type: 'merge'; fromGroupRef: string; intoGroupRef: string }
  | { type: 'moveToSystem'; entityRef: string; toSystemRef: string }
  | { type: 'addDependency'; fromRef: string; toRef: string }
  | { type: 'removeDependency'; fromRef: string; toRef: string };

/**
 * Thrown for a change that cannot be applied (unknown ref, cycle, ...). Its
 * `name` is `InputError` so that Backstage's error middleware answers 400.
 *
 * @public
 */
export class InvalidChangeError extends Error {
  constructor(message: string, readonly ref?: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Copy-on-write view of the entity list: only changed entities are copied. */
class Workspace {
  readonly result: unknown[];
  private readonly copied = new Set<number>();
  private readonly removed = new Set<number>();
  /** Normalised ref → first definition. */
  readonly index = new Map<string, Entry>();

  constructor(entities: readonly unknown[]) {
    this.result = entities.slice();
    entities.forEach((raw, position) => {
      const entry = entryOf(raw, position);
      if (entry && !this.index.has(entry.key)) this.index.set(entry.key, entry);
    });
  }

  spec(entry: Entry): Record<string, unknown> {
    const spec = (this.result[entry.position] as Record<string, unknown>).spec;
    return isRecord(spec) ? spec : {};
  }

  /** The entity's spec, on a copy of the entity made the first time it changes. */
  edit(entry: Entry): Record<string, unknown> {
    const { position } = entry;
    if (!this.copied.has(position)) {
      const raw = this.result[position] as Record<string, unknown>;
      this.result[position] = {
        ...raw,
        metadata: { ...(raw.metadata as Record<string, unknown>) },
        spec: isRecord(raw.spec) ? { ...raw.spec } : {},
      };
      this.copied.add(position);
    }
    return (this.result[position] as { spec: Record<string, unknown> }).spec;
  }

  find(ref: string, defaultKind: string): Entry | undefined {
    const key = normalizeRef(ref, { defaultKind });
    return key === undefined ? undefined : this.index.get(key);
  }

  of(kind: string): Entry[] {
    const out: Entry[] = [];
    for (const entry of this.index.values())
      if (entry.kind === kind) out.push(entry);
    return out;
  }

  /** Removes an entity and any later definition of the same ref. */
  remove(entry: Entry): void {
    this.index.delete(entry.key);
    this.result.forEach((raw, position) => {
      if (entryOf(raw, position)?.key === entry.key) this.removed.add(position);
    });
  }

  entities(): unknown[] {
    return this.result.filter((_, position) => !this.removed.has(position));
  }

  /** Parent of every group: spec.parent, else the group listing it in spec.children. */
  parents(): Map<string, Entry> {
    const parents = new Map<string, Entry>();
    const groups = this.of('group');
    for (const g of groups) {
      const key = normalizeRef(this.spec(g).parent, {
        defaultKind: 'group',
        defaultNamespace: g.namespace,
      });
      const parent = key ? this.index.get(key) : undefined;
      if (parent?.kind === 'group') parents.set(g.key, parent);
    }
    for (const g of groups) {
      for (const child of refList(this.spec(g).children)) {
        const key = normalizeRef(child, {
          defaultKind: 'group',
          defaultNamespace: g.namespace,
        });
        if (key && this.index.get(key)?.kind === 'group' && !parents.has(key))
          parents.set(key, g);
      }
    }
    return parents;
  }
}

interface Entry {
  position: number;
  key: string;
  kind: string;
  namespace: string;
  ref: string;
}

function entryOf(raw: unknown, position: number): Entry | undefined {
  if (!isRecord(raw) || typeof raw.kind !== 'string' || !isRecord(raw.metadata))
    return undefined;
  const kind = raw.kind.toLowerCase();
  const { name, namespace: ns } = raw.metadata;
  const namespace = typeof ns === 'string' ? ns : 'default';
  if (!KNOWN_KINDS.has(kind) || typeof name !== 'string' || !name)
    return undefined;
  const ref = `${kind}:${namespace}/${name}`;
  return { position, key: ref.toLowerCase(), kind, namespace, ref };
}

function refersTo(
  value: unknown,
  key: string,
  defaultKind: string,
  namespace: string,
): boolean {
  return (
    normalizeRef(value, { defaultKind, defaultNamespace: namespace }) === key
  );
}

function requireGroup(ws: Workspace, ref: string, role: string): Entry {
  const entry = ws.find(ref, 'group');
  if (!entry || entry.kind !== 'group') {
    throw new InvalidChangeError(`Unknown group '${ref}' (${role})`, ref);
  }
  return entry;
}

function isAncestorOrSelf(
  parents: Map<string, Entry>,
  ancestor: Entry,
  group: Entry,
): boolean {
  const seen = new Set<string>();
  for (
    let g: Entry | undefined = group;
    g && !seen.has(g.key);
    g = parents.get(g.key)
  ) {
    if (g.key === ancestor.key) return true;
    seen.add(g.key);
  }
  return false;
}

/**
 * Moves groups under `parent` (or makes them roots): sets spec.parent, takes
 * them out of every other group's spec.children and, when the parent lists
 * its children, adds them there.
 */
function setParents(
  ws: Workspace,
  groups: Entry[],
  parent: Entry | null,
): void {
  if (groups.length === 0) return;
  const keys = new Set(groups.map(g => g.key));
  for (const g of ws.of('group')) {
    if (parent && g.key === parent.key) continue;
    const children = refList(ws.spec(g).children);
    const kept = children.filter(c => {
      const key = normalizeRef(c, {
        defaultKind: 'group',
        defaultNamespace: g.namespace,
      });
      return key === undefined || !keys.has(key);
    });
    if (kept.length !== children.length) ws.edit(g).children = kept;
  }
  for (const g of groups) {
    const spec = ws.edit(g);
    if (parent) spec.parent = parent.ref;
    else delete spec.parent;
  }
  if (parent && Array.isArray(ws.spec(parent).children)) {
    const children = refList(ws.spec(parent).children);
    const listed = new Set(
      children.map(c =>
        normalizeRef(c, {
          defaultKind: 'group',
          defaultNamespace: parent.namespace,
        }),
      ),
    );
    const added = groups.filter(g => !listed.has(g.key)).map(g => g.ref);
    if (added.length > 0) ws.edit(parent).children = [...children, ...added];
  }
}

function transfer(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'transfer' }>,
): void {
  const entry = ws.find(change.entityRef, 'component');
  if (!entry) {
    throw new InvalidChangeError(
      `Unknown entity '${change.entityRef}' (transfer)`,
      change.entityRef,
    );
  }
  if (!OWNED_KINDS.has(entry.kind)) {
    throw new InvalidChangeError(
      `'${entry.ref}' has no owner to transfer (it is a ${entry.kind})`,
      change.entityRef,
    );
  }
  const owner = ws.find(change.toOwnerRef, 'group');
  if (!owner || (owner.kind !== 'group' && owner.kind !== 'user')) {
    throw new InvalidChangeError(
      `Unknown owner '${change.toOwnerRef}' (transfer of ${entry.ref})`,
      change.toOwnerRef,
    );
  }
  ws.edit(entry).owner = owner.ref;
}

function reparent(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'reparent' }>,
): void {
  const group = requireGroup(ws, change.groupRef, 'reparent');
  if (change.newParentRef === null || change.newParentRef === undefined) {
    setParents(ws, [group], null);
    return;
  }
  const parent = requireGroup(
    ws,
    change.newParentRef,
    `new parent of ${group.ref}`,
  );
  if (isAncestorOrSelf(ws.parents(), group, parent)) {
    throw new InvalidChangeError(
      `Moving '${group.ref}' under '${parent.ref}' would create a cycle`,
      change.newParentRef,
    );
  }
  setParents(ws, [group], parent);
}

function merge(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'merge' }>,
): void {
  const from = requireGroup(ws, change.fromGroupRef, 'merge source');
  const into = requireGroup(ws, change.intoGroupRef, 'merge target');
  if (from.key === into.key) {
    throw new InvalidChangeError(
      `Cannot merge '${from.ref}' into itself`,
      change.fromGroupRef,
    );
  }
  const parents = ws.parents();
  // A target inside the merged group first takes the merged group's place.
  if (isAncestorOrSelf(parents, from, into)) {
    setParents(ws, [into], parents.get(from.key) ?? null);
  }
  const children = ws
    .of('group')
    .filter(g => g.key !== into.key && parents.get(g.key)?.key === from.key);
  setParents(ws, children, into);
  setParents(ws, [from], null);

  for (const user of ws.of('user')) {
    const memberOf = refList(ws.spec(user).memberOf);
    if (!memberOf.some(v => refersTo(v, from.key, 'group', user.namespace)))
      continue;
    const alreadyIn = memberOf.some(v =>
      refersTo(v, into.key, 'group', user.namespace),
    );
    const kept = memberOf.filter(
      v => !refersTo(v, from.key, 'group', user.namespace),
    );
    ws.edit(user).memberOf = alreadyIn ? kept : [...kept, into.ref];
  }
  const fromMembers = refList(ws.spec(from).members);
  if (fromMembers.length > 0) {
    const intoMembers = refList(ws.spec(into).members);
    const known = new Set(
      intoMembers.map(m =>
        normalizeRef(m, {
          defaultKind: 'user',
          defaultNamespace: into.namespace,
        }),
      ),
    );
    const added: string[] = [];
    for (const m of fromMembers) {
      const key = normalizeRef(m, {
        defaultKind: 'user',
        defaultNamespace: from.namespace,
      });
      const user = key ? ws.index.get(key) : undefined;
      if (key && !known.has(key)) {
        known.add(key);
        added.push(user ? user.ref : key);
      }
    }
    ws.edit(into).members = [...intoMembers, ...added];
  }

  for (const entry of ws.index.values()) {
    if (!OWNED_KINDS.has(entry.kind)) continue;
    if (refersTo(ws.spec(entry).owner, from.key, 'group', entry.namespace)) {
      ws.edit(entry).owner = into.ref;
    }
  }
  ws.remove(from);
}

function requireEntity(
  ws: Workspace,
  ref: string,
  kinds: readonly string[],
  role: string,
): Entry {
  const entry = ws.find(ref, kinds[0]);
  if (!entry || !kinds.includes(entry.kind)) {
    throw new InvalidChangeError(
      `Unknown ${kinds.join(' or ')} '${ref}' (${role})`,
      ref,
    );
  }
  return entry;
}

function moveToSystem(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'moveToSystem' }>,
): void {
  const entry = requireEntity(
    ws,
    change.entityRef,
    ['component', 'api', 'resource'],
    'move to system',
  );
  const target = requireEntity(
    ws,
    change.toSystemRef,
    ['system'],
    `new system of ${entry.ref}`,
  );
  ws.edit(entry).system = target.ref;
}

function addDependency(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'addDependency' }>,
): void {
  const from = requireEntity(
    ws,
    change.fromRef,
    ['component', 'resource'],
    'dependency source',
  );
  const to = requireEntity(
    ws,
    change.toRef,
    ['component', 'resource', 'api'],
    `dependency of ${from.ref}`,
  );
  const dependsOn = refList(ws.spec(from).dependsOn);
  if (dependsOn.some(v => refersTo(v, to.key, 'component', from.namespace)))
    return;
  ws.edit(from).dependsOn = [...dependsOn, to.ref];
}

function removeDependency(
  ws: Workspace,
  change: Extract<ProposedChange, { type: 'removeDependency' }>,
): void {
  const from = requireEntity(
    ws,
    change.fromRef,
    ['component', 'resource'],
    'dependency source',
  );
  const to = requireEntity(
    ws,
    change.toRef,
    ['component', 'resource', 'api'],
    `dependency of ${from.ref}`,
  );
  let removed = 0;
  for (const [field, defaultKind] of [
    ['dependsOn', 'component'],
    ['consumesApis', 'api'],
  ] as const) {
    const values = refList(ws.spec(from)[field]);
    const kept = values.filter(
      v => !refersTo(v, to.key, defaultKind, from.namespace),
    );
    if (kept.length !== values.length) {
      ws.edit(from)[field] = kept;
      removed += values.length - kept.length;
    }
  }
  const inverse = refList(ws.spec(to).dependencyOf);
  const keptInverse = inverse.filter(
    v => !refersTo(v, from.key, 'component', to.namespace),
  );
  if (keptInverse.length !== inverse.length) {
    ws.edit(to).dependencyOf = keptInverse;
    removed += inverse.length - keptInverse.length;
  }
  if (removed === 0) {
    throw new InvalidChangeError(
      `'${from.ref}' does not depend on '${to.ref}' (remove dependency)`,
      change.toRef,
    );
  }
}

/**
 * Applies proposed changes in order and returns the new entity list. Pure:
 * the input array and its entities are never changed; changed entities are
 * copies. Throws {@link InvalidChangeError} naming the ref for a change that
 * refers to an unknown entity or group, or that would create a cycle.
 *
 * @public
 */
export function applyProposedChanges<T = unknown>(
  entities: readonly T[],
  changes: readonly ProposedChange[],
): T[] {
  const ws = new Workspace(Array.isArray(entities) ? entities : []);
  for (const change of changes) {
    switch (change?.type) {
      case 'transfer':
        transfer(ws, change);
        break;
      case 'reparent':
        reparent(ws, change);
        break;
      case 'merge':
        merge(ws, change);
        break;
      case 'moveToSystem':
        moveToSystem(ws, change);
        break;
      case 'addDependency':
        addDependency(ws, change);
        break;
      case 'removeDependency':
        removeDependency(ws, change);
        break;
      default:
        throw new InvalidChangeError(
          `Unknown change type '${String(
            (change as { type?: unknown })?.type,
          )}'`,
        );
    }
  }
  return ws.entities() as T[];
}

/** @public */
export interface TeamScoreChange {
  ref: string;
  /** null when the group does not exist on that side (merged away). */
  scoreBefore: number | null;
  scoreAfter: number | null;
  aggregatedScoreBefore: number | null;
  aggregatedScoreAfter: number | null;
}

/** @public */
export interface WhatIfDelta {
  /** Change of the organisation's score; null when either side has no score. */
  score: number | null;
  coverage: number;
  orphanCount: number;
  findingCounts: Record<FindingSeverity, number>;
  /** Findings that the changes make go away. */
  resolvedFindingIds: string[];
  /** Findings that the changes introduce. */
  newFindingIds: string[];
  /** Groups whose own or aggregated score changed, sorted by ref. */
  teams: TeamScoreChange[];
  /** How the dependency flow changes: cycles, layer violations and hubs that appear or go. */
  dependencyFlow: {
    resolvedFindingIds: string[];
    newFindingIds: string[];
  };
}

/** @public */
export interface WhatIfResult {
  before: OwnershipSummary;
  after: OwnershipReport;
  delta: WhatIfDelta;
}

/** Finding types about the direction of dependencies. */
const FLOW_TYPES: ReadonlySet<FindingType> = new Set<FindingType>([
  'dependency-cycle',
  'layer-violation',
  'dependency-hub',
]);

const diff = (after: number, before: number, digits = 1) =>
  Math.round((after - before) * 10 ** digits) / 10 ** digits;

/**
 * Analyses the entities before and after the proposed changes.
 *
 * @public
 */
export function whatIf(
  entities: readonly unknown[],
  changes: readonly ProposedChange[],
  options: OwnershipAnalysisOptions = {},
): WhatIfResult {
  const changed = applyProposedChanges(entities, changes);
  const before = analyzeOwnership(entities, options);
  const after = analyzeOwnership(changed, options);

  const beforeIds = new Set(before.findings.map(f => f.id));
  const afterIds = new Set(after.findings.map(f => f.id));
  const beforeTeams = new Map(before.teams.map(t => [t.ref, t]));
  const afterTeams = new Map(after.teams.map(t => [t.ref, t]));
  const teams: TeamScoreChange[] = [];
  for (const ref of new Set([...beforeTeams.keys(), ...afterTeams.keys()])) {
    const b = beforeTeams.get(ref);
    const a = afterTeams.get(ref);
    if (
      b &&
      a &&
      b.score === a.score &&
      b.aggregatedScore === a.aggregatedScore
    )
      continue;
    teams.push({
      ref,
      scoreBefore: b?.score ?? null,
      scoreAfter: a?.score ?? null,
      aggregatedScoreBefore: b?.aggregatedScore ?? null,
      aggregatedScoreAfter: a?.aggregatedScore ?? null,
    });
  }
  teams.sort((x, y) => compareStrings(x.ref, y.ref));
  const s0 = before.summary;
  const s1 = after.summary;
  return {
    before: s0,
    after,
    delta: {
      score:
        s1.score === null || s0.score === null
          ? null
          : diff(s1.score, s0.score),
      coverage: diff(s1.coverage, s0.coverage, 4),
      orphanCount: s1.orphanCount - s0.orphanCount,
      findingCounts: {
        error: s1.findingCounts.error - s0.findingCounts.error,
        warning: s1.findingCounts.warning - s0.findingCounts.warning,
        info: s1.findingCounts.info - s0.findingCounts.info,
      },
      resolvedFindingIds: before.findings
        .filter(f => !afterIds.has(f.id))
        .map(f => f.id),
      newFindingIds: after.findings
        .filter(f => !beforeIds.has(f.id))
        .map(f => f.id),
      teams,
      dependencyFlow: {
        resolvedFindingIds: before.findings
          .filter(f => FLOW_TYPES.has(f.type) && !afterIds.has(f.id))
          .map(f => f.id),
        newFindingIds: after.findings
          .filter(f => FLOW_TYPES.has(f.type) && !beforeIds.has(f.id))
          .map(f => f.id),
      },
    },
  };
}
