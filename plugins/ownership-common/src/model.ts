import { parseRef, stringifyRef } from './entityRef';
import { Finding, FindingSeverity, OrphanType } from './types';

/** Kinds the analysis understands; every other kind is ignored. */
export type KnownKind =
  | 'group'
  | 'user'
  | 'domain'
  | 'system'
  | 'component'
  | 'api'
  | 'resource';

export const KNOWN_KINDS: ReadonlySet<string> = new Set<KnownKind>([
  'group',
  'user',
  'domain',
  'system',
  'component',
  'api',
  'resource',
]);

/** Spellings of known kinds → lower case, to avoid lower-casing every entity's kind. */
const KIND_NAMES = new Map<string, string>([
  ['Group', 'group'],
  ['User', 'user'],
  ['Domain', 'domain'],
  ['System', 'system'],
  ['Component', 'component'],
  ['API', 'api'],
  ['Resource', 'resource'],
  ['Location', 'location'],
  ['Template', 'template'],
]);

/** Kinds that have a `spec.owner`. */
export const OWNED_KINDS: ReadonlySet<string> = new Set<KnownKind>([
  'domain',
  'system',
  'component',
  'api',
  'resource',
]);

export type OwnerStatus = 'valid' | OrphanType;

/** One analysed entity, with the facts the analysis derives for it. */
export interface Node {
  key: string;
  ref: string;
  kind: KnownKind;
  namespace: string;
  name: string;
  title: string | undefined;
  spec: Record<string, unknown>;
  /** Position in the input (the first definition, for duplicates). */
  input: number;
  /** Group id for groups, user id for users, -1 otherwise. */
  id: number;
  ownerStatus: OwnerStatus | undefined;
  /** The owner as a full ref (resolved or not); null when there is none. */
  ownerRef: string | null;
  /** Id of the owning group when the owner is an existing group, else -1. */
  ownerGroup: number;
  /** The system of a component/API/resource, the domain of a system. */
  container: Node | undefined;
  /** Parts of a system or domain. */
  parts: Node[] | undefined;
  /** APIs a component provides. */
  provides: Node[] | undefined;
  /** For a resource: components of its team that depend on it and provide APIs. */
  fronts: Node[] | undefined;
  /** Position in its dependency graph (components and resources, systems or domains); -1 outside. */
  vertex: number;
}

export interface EntityIndex {
  nodes: Map<string, Node>;
  /** Analysed entities in input order. */
  list: Node[];
  groups: Node[];
  users: Node[];
  ignoredCount: number;
  /** key → input positions of every definition after the first. */
  duplicates: Map<string, number[]>;
}

const SEVERITY_RANK: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** Collects findings, keeps the first with a given id, sorts deterministically. */
export class FindingCollector {
  private readonly byId = new Map<string, Finding>();

  add(finding: Finding): void {
    if (!this.byId.has(finding.id)) {
      this.byId.set(finding.id, finding);
    }
  }

  sorted(): Finding[] {
    return [...this.byId.values()].sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        compareStrings(a.type, b.type) ||
        compareStrings(a.id, b.id),
    );
  }
}

/**
 * Locale-independent comparison, so output order is the same everywhere.
 * One scan of the characters: after `a < b` fails, `a !== b` decides, and
 * for strings whose hashes V8 has computed (refs and keys used in maps) a
 * difference shows in the hashes without a second scan, where `a > b`
 * compared the characters again.
 */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a === b ? 0 : 1;
}

/**
 * The name people read: `metadata.title`, else `spec.profile.displayName`
 * (groups and users), else undefined (the name is shown then).
 */
export function displayTitle(
  title: unknown,
  spec: Record<string, unknown>,
): string | undefined {
  if (typeof title === 'string' && title.trim()) return title;
  const profile = spec.profile;
  if (isRecord(profile)) {
    const name = profile.displayName;
    if (typeof name === 'string' && name.trim()) return name;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values of a reference field as a list: arrays as is, a single value as one. */
const NO_VALUES: readonly unknown[] = Object.freeze([]);

export function refList(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return NO_VALUES;
  return Array.isArray(value) ? value : [value];
}

/** A short, printable rendering of a value for messages. */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? value
        : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalidEntity(
  findings: FindingCollector,
  input: number,
  kind: string,
  namespace: string,
  name: string | undefined,
  reason: string,
): void {
  const entityRef = `${kind}:${namespace}/${name ?? `#${input}`}`;
  findings.add({
    id: `invalid-entity:#${input}`,
    type: 'invalid-entity',
    severity: 'error',
    entityRef,
    message: `Entity #${input} in the input (${entityRef}) ${reason}; it is left out of the analysis`,
    suggestion:
      'Fix the entity definition: every entity needs a kind and metadata.name, and a name and namespace must not contain ":" or "/"',
  });
}

function validName(value: string): boolean {
  return (
    value.trim().length > 0 && !value.includes(':') && !value.includes('/')
  );
}

/**
 * Validates and indexes entities by normalised ref. Unknown kinds are
 * counted and skipped; invalid entities become `invalid-entity` findings;
 * the first definition of a ref wins (as in the catalog, where the first
 * location to claim a ref keeps it).
 */
export function indexEntities(
  entities: readonly unknown[],
  findings: FindingCollector,
): EntityIndex {
  const nodes = new Map<string, Node>();
  const list: Node[] = [];
  const groups: Node[] = [];
  const users: Node[] = [];
  const duplicates = new Map<string, number[]>();
  let ignoredCount = 0;
  let firstDefinitions: Map<string, Node> | undefined;

  for (let input = 0; input < entities.length; input++) {
    const raw = entities[input];
    if (!isRecord(raw)) {
      invalidEntity(
        findings,
        input,
        'unknown',
        'default',
        undefined,
        'is not an object',
      );
      continue;
    }
    if (typeof raw.kind !== 'string' || raw.kind.trim() === '') {
      const metadata = isRecord(raw.metadata) ? raw.metadata : {};
      invalidEntity(
        findings,
        input,
        'unknown',
        typeof metadata.namespace === 'string' ? metadata.namespace : 'default',
        typeof metadata.name === 'string' ? metadata.name : undefined,
        'has no kind',
      );
      continue;
    }
    const kind = KIND_NAMES.get(raw.kind) ?? raw.kind.toLowerCase();
    if (!KNOWN_KINDS.has(kind)) {
      ignoredCount++;
      continue;
    }
    if (!isRecord(raw.metadata)) {
      invalidEntity(
        findings,
        input,
        kind,
        'default',
        undefined,
        'has no metadata',
      );
      continue;
    }
    const { name, namespace: rawNamespace, title } = raw.metadata;
    const namespace =
      rawNamespace === undefined || rawNamespace === null
        ? 'default'
        : rawNamespace;
    if (typeof name !== 'string' || !validName(name)) {
      invalidEntity(
        findings,
        input,
        kind,
        typeof namespace === 'string' ? namespace : 'default',
        typeof name === 'string' && name ? name : undefined,
        typeof name === 'string' && name
          ? `has an invalid metadata.name ${describeValue(name)}`
          : 'has no metadata.name',
      );
      continue;
    }
    if (typeof namespace !== 'string' || !validName(namespace)) {
      invalidEntity(
        findings,
        input,
        kind,
        'default',
        name,
        `has an invalid metadata.namespace ${describeValue(namespace)}`,
      );
      continue;
    }
    // join builds a flat string; lower-casing a flat lower-case string returns it as is.
    const ref = [kind, ':', namespace, '/', name].join('');
    const key = ref.toLowerCase();
    const spec = isRecord(raw.spec) ? raw.spec : {};
    const node: Node = {
      key,
      ref,
      kind: kind as KnownKind,
      namespace,
      name,
      title: displayTitle(title, spec),
      spec,
      input,
      id: -1,
      ownerStatus: undefined,
      ownerRef: null,
      ownerGroup: -1,
      container: undefined,
      parts: undefined,
      provides: undefined,
      fronts: undefined,
      vertex: -1,
    };
    // One Map operation per entity: set, and notice a duplicate by the unchanged size.
    const size = nodes.size;
    nodes.set(key, node);
    if (nodes.size === size) {
      // Put the first definition back; index the first definitions once duplicates appear.
      firstDefinitions ??= new Map(list.map(n => [n.key, n]));
      nodes.set(key, firstDefinitions.get(key)!);
      const more = duplicates.get(key);
      if (more) more.push(input);
      else duplicates.set(key, [input]);
      continue;
    }
    firstDefinitions?.set(key, node);
    if (kind === 'group') {
      groups.push(node);
    } else if (kind === 'user') {
      node.id = users.length;
      users.push(node);
    }
    list.push(node);
  }
  // Group ids follow ref order, so lists of groups built by id come out sorted.
  groups.sort((a, b) => compareStrings(a.ref, b.ref));
  for (let i = 0; i < groups.length; i++) groups[i].id = i;
  return { nodes, list, groups, users, ignoredCount, duplicates };
}

/** The outcome of resolving one reference value. */
export type Resolution =
  | { status: 'invalid' }
  | { status: 'missing'; ref: string; key: string; kind: string; name: string }
  | { status: 'found'; node: Node };

export function resolve(
  nodes: Map<string, Node>,
  value: unknown,
  defaultKind: string | undefined,
  defaultNamespace: string,
): Resolution {
  const parsed = parseRef(value, { defaultKind, defaultNamespace });
  if (!parsed) {
    return { status: 'invalid' };
  }
  const ref = stringifyRef(parsed);
  const key = ref.toLowerCase();
  const node = nodes.get(key);
  if (node) {
    return { status: 'found', node };
  }
  return { status: 'missing', ref, key, kind: parsed.kind, name: parsed.name };
}

/**
 * Resolves reference values to entities. Catalogs repeat the same reference
 * strings (owners, systems, popular APIs) many times, so results are cached
 * per default kind and namespace: a hit allocates nothing, where building a
 * lookup key allocates two or three strings, and with hundreds of thousands
 * of references the garbage collector's share dominated.
 */
export class Resolver {
  /** Per default kind: cache for the default namespace, and caches for others. */
  private readonly caches = new Map<
    string,
    {
      inDefault: Map<string, Node | null | false>;
      byNamespace: Map<string, Map<string, Node | null | false>>;
    }
  >();

  constructor(private readonly nodes: Map<string, Node>) {}

  /** The entity; null when it does not exist; undefined for an invalid reference. */
  find(
    value: unknown,
    defaultKind: string,
    namespace: string,
  ): Node | null | undefined {
    if (typeof value !== 'string') {
      const r = resolve(this.nodes, value, defaultKind, namespace);
      if (r.status === 'found') return r.node;
      return r.status === 'missing' ? null : undefined;
    }
    let caches = this.caches.get(defaultKind);
    if (!caches) {
      caches = { inDefault: new Map(), byNamespace: new Map() };
      this.caches.set(defaultKind, caches);
    }
    let cache = caches.inDefault;
    if (namespace !== 'default') {
      let inNamespace = caches.byNamespace.get(namespace);
      if (!inNamespace) {
        inNamespace = new Map();
        caches.byNamespace.set(namespace, inNamespace);
      }
      cache = inNamespace;
    }
    let hit = cache.get(value);
    if (hit === undefined) {
      hit = this.lookup(value, defaultKind, namespace);
      cache.set(value, hit);
    }
    return hit === false ? undefined : hit;
  }

  /** parseRef's rules, building the key directly. */
  private lookup(
    value: string,
    defaultKind: string,
    namespace: string,
  ): Node | null | false {
    let colon = value.indexOf(':');
    const slash = value.indexOf('/');
    if (slash !== -1 && slash < colon) colon = -1;
    if (
      colon === 0 ||
      slash === colon + 1 ||
      value.length === Math.max(colon, slash) + 1
    ) {
      return false;
    }
    let key: string;
    if (colon === -1 && slash === -1) {
      key = `${defaultKind}:${namespace}/${value}`;
    } else if (slash === -1) {
      key = `${value.slice(0, colon)}:${namespace}/${value.slice(colon + 1)}`;
    } else if (colon === -1) {
      key = `${defaultKind}:${value}`;
    } else {
      key = value;
    }
    return this.nodes.get(key.toLowerCase()) ?? null;
  }
}

/**
 * Sorts in place: insertion sort for the many small lists (the built-in sort
 * allocates a work area per call), the built-in sort for longer ones. Stable.
 */
export function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 24) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= 0 && compare(list[j], item) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}

const byRefOrder = (a: { ref: string }, b: { ref: string }) =>
  compareStrings(a.ref, b.ref);

/** Sorts by ref in place. */
export function sortByRef<T extends { ref: string }>(list: T[]): T[] {
  return sortSmall(list, byRefOrder);
}
