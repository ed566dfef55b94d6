import {
  describeValue,
  EntityIndex,
  FindingCollector,
  KnownKind,
  Node,
  resolve,
  Resolver,
} from '../model';
import { Finding, OwnershipAnalysisOptions } from '../types';
import { KIND_TITLES } from './text';

const KINDS_TO_GUESS: readonly string[] = [
  'component',
  'resource',
  'api',
  'system',
  'domain',
  'group',
  'user',
];

/** Kinds a reference may have, one list per field type, shared so that no call allocates its own. */
export const ONLY: Readonly<Record<KnownKind, readonly KnownKind[]>> = {
  group: ['group'],
  user: ['user'],
  domain: ['domain'],
  system: ['system'],
  component: ['component'],
  api: ['api'],
  resource: ['resource'],
};

/**
 * What every stage shares: the indexed entities, the options, the findings
 * collected so far, and reference resolution that reports what it cannot
 * resolve.
 */
export class AnalysisContext {
  readonly findings = new FindingCollector();
  readonly index: EntityIndex;
  readonly nodes: Map<string, Node>;
  /** Groups sorted by ref; a group's id is its position here. */
  readonly groups: Node[];
  readonly resolver: Resolver;
  /** Finding id → the entity it names that does not exist, for grouping findings by root cause. */
  readonly missingTargets = new Map<string, { ref: string; field: string }>();
  readonly #teamTypes: Set<string>;

  constructor(
    /** The raw input, read again only to describe duplicate definitions. */
    readonly entities: readonly unknown[],
    readonly options: Required<OwnershipAnalysisOptions>,
    indexFor: (findings: FindingCollector) => EntityIndex,
  ) {
    this.index = indexFor(this.findings);
    this.nodes = this.index.nodes;
    this.groups = this.index.groups;
    this.resolver = new Resolver(this.nodes);
    this.#teamTypes = new Set(options.teamTypes.map(t => t.toLowerCase()));
  }

  /** Whether the group's `spec.type` is one of the team types. */
  isTeam(g: Node): boolean {
    const type = g.spec.type;
    return typeof type === 'string' && this.#teamTypes.has(type.toLowerCase());
  }

  /** The group a finding about `node` goes to: the group itself, or its owning group. */
  teamRefOf(node: Node): string | undefined {
    if (node.kind === 'group') return node.ref;
    return node.ownerGroup >= 0 ? this.groups[node.ownerGroup].ref : undefined;
  }

  add(finding: Finding): void {
    // Absent, not undefined: reports compare and serialise cleanly.
    if (finding.teamRef === undefined) delete finding.teamRef;
    if (finding.relatedRefs === undefined) delete finding.relatedRefs;
    this.findings.add(finding);
  }

  /** A likely intended entity for a missing ref: same name, another kind or the default namespace. */
  didYouMean(kind: string, name: string, namespace: string): Node | undefined {
    const lowerName = name.toLowerCase();
    const namespaces = [namespace.toLowerCase()];
    if (namespaces[0] !== 'default') namespaces.push('default');
    for (const ns of namespaces) {
      const sameKind = this.nodes.get(`${kind}:${ns}/${lowerName}`);
      if (sameKind && ns !== namespace.toLowerCase()) return sameKind;
      for (const other of KINDS_TO_GUESS) {
        if (other === kind) continue;
        const node = this.nodes.get(`${other}:${ns}/${lowerName}`);
        if (node) return node;
      }
    }
    return undefined;
  }

  /**
   * Resolves one reference in `spec.<field>` of `from`, reporting invalid and
   * dangling references. `kinds` limits the kinds the target may have.
   */
  resolveRelation(
    from: Node,
    field: string,
    value: unknown,
    defaultKind: string,
    kinds?: readonly KnownKind[],
  ): Node | undefined {
    const found = this.resolver.find(value, defaultKind, from.namespace);
    if (found && (!kinds || kinds.includes(found.kind))) return found;
    const r = resolve(this.nodes, value, defaultKind, from.namespace);
    const teamRef = this.teamRefOf(from);
    if (r.status === 'invalid') {
      const shown = describeValue(value);
      this.add({
        id: `invalid-reference:${from.ref}:${field}:${shown}`,
        type: 'invalid-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} has an invalid entity reference ${shown}`,
        suggestion: `Write the reference as [<kind>:][<namespace>/]<name>, e.g. ${defaultKind}:${from.namespace}/<name>`,
      });
      return undefined;
    }
    if (r.status === 'missing') {
      const guess = this.didYouMean(r.kind, r.name, from.namespace);
      const id = `dangling-reference:${from.ref}:${field}:${r.ref}`;
      this.missingTargets.set(id, { ref: r.ref, field });
      this.add({
        id,
        type: 'dangling-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} refers to ${r.ref}, which does not exist`,
        suggestion: guess
          ? `Change spec.${field} of ${from.ref} to ${guess.ref} (did you mean it?) or add ${r.ref} to the catalog`
          : `Add ${r.ref} to the catalog or remove it from spec.${field} of ${from.ref}`,
      });
      return undefined;
    }
    if (kinds && !kinds.includes(r.node.kind)) {
      const expected = kinds.map(k => KIND_TITLES[k]).join(' or ');
      this.add({
        id: `dangling-reference:${from.ref}:${field}:${r.node.ref}`,
        type: 'dangling-reference',
        severity: 'error',
        entityRef: from.ref,
        teamRef,
        message: `spec.${field} of ${from.ref} refers to ${
          r.node.ref
        }, which is a ${KIND_TITLES[r.node.kind]}, not a ${expected}`,
        suggestion: `Point spec.${field} of ${from.ref} at a ${expected}`,
      });
      return undefined;
    }
    return r.node;
  }
}
