import {
  describeValue,
  indexEntities,
  isRecord,
  Node,
  OWNED_KINDS,
  refList,
  resolve,
} from '../model';
import { OwnershipAnalysisOptions } from '../types';
import { AnalysisContext, ONLY } from './context';
import {
  buildHierarchy,
  buildMembership,
  Hierarchy,
  Membership,
} from './hierarchy';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/**
 * The catalog as the later stages read it: entities indexed by ref, the
 * group tree, members per group, each entity's owner and container.
 */
export interface OwnershipModel {
  ctx: AnalysisContext;
  hierarchy: Hierarchy;
  membership: Membership;
}

/**
 * The first stage: indexes the entities, builds the group tree and
 * membership, resolves owners and containers (systems, domains), and reports
 * what it cannot resolve and duplicate definitions. Linear in entities and
 * references.
 */
export function buildModel(
  entities: readonly unknown[],
  options: Required<OwnershipAnalysisOptions>,
): OwnershipModel {
  const ctx = new AnalysisContext(entities, options, findings =>
    indexEntities(entities, findings),
  );
  const hierarchy = buildHierarchy(ctx);
  const membership = buildMembership(ctx, hierarchy);
  const model = { ctx, hierarchy, membership };
  resolveOwners(model);
  // After the owners: findings about a part's references go to its team.
  resolveContainers(ctx);
  duplicateFindings(ctx);
  return model;
}

/**
 * Sets every owned entity's owner and status: valid (a group with members,
 * directly or below it), or one of the orphan types.
 */
function resolveOwners({ ctx, membership }: OwnershipModel): void {
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (!OWNED_KINDS.has(node.kind)) continue;
    const value = node.spec.owner;
    if (value === undefined || value === null || value === '') {
      node.ownerStatus = 'no-owner';
      continue;
    }
    const owner = ctx.resolver.find(value, 'group', node.namespace);
    if (owner === undefined) {
      node.ownerStatus = 'unknown-owner';
      node.ownerRef = describeValue(value);
    } else if (owner === null) {
      node.ownerStatus = 'unknown-owner';
      const r = resolve(ctx.nodes, value, 'group', node.namespace);
      node.ownerRef = r.status === 'missing' ? r.ref : describeValue(value);
    } else {
      node.ownerRef = owner.ref;
      if (owner.kind === 'group') {
        node.ownerGroup = owner.id;
        node.ownerStatus =
          membership.aggregatedMembers[owner.id] > 0
            ? 'valid'
            : 'empty-team-owner';
      } else if (owner.kind === 'user') {
        node.ownerStatus = 'user-owner';
      } else {
        node.ownerStatus = 'unknown-owner';
      }
    }
  }
}

const isSet = (value: unknown) =>
  value !== undefined && value !== null && value !== '';

/** Puts components, APIs and resources in their system and systems in their domain. */
function resolveContainers(ctx: AnalysisContext): void {
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (node.kind === 'system' || node.kind === 'domain') node.parts = [];
  }
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    const { kind, spec } = node;
    let container: Node | undefined;
    if (kind === 'component' || kind === 'api' || kind === 'resource') {
      if (isSet(spec.system)) {
        container = ctx.resolveRelation(
          node,
          'system',
          spec.system,
          'system',
          ONLY.system,
        );
      }
    } else if (kind === 'system') {
      if (isSet(spec.domain)) {
        container = ctx.resolveRelation(
          node,
          'domain',
          spec.domain,
          'domain',
          ONLY.domain,
        );
      }
    } else if (kind === 'domain' && isSet(spec.subdomainOf)) {
      // Checked, not used: cohesion is measured per domain.
      ctx.resolveRelation(
        node,
        'subdomainOf',
        spec.subdomainOf,
        'domain',
        ONLY.domain,
      );
    }
    if (container) {
      node.container = container;
      container.parts!.push(node);
    }
  }
}

/** Where input entities came from: their managed-by-location annotations, else their positions. */
function describeInputs(ctx: AnalysisContext, inputs: number[]): string {
  const locations = inputs.map(i => {
    const raw = ctx.entities[i];
    const metadata =
      isRecord(raw) && isRecord(raw.metadata) ? raw.metadata : {};
    const annotations = isRecord(metadata.annotations)
      ? metadata.annotations
      : {};
    const location = annotations[MANAGED_BY_LOCATION];
    return typeof location === 'string' ? location : undefined;
  });
  if (locations.some(l => l === undefined)) {
    return `entities #${inputs.join(', #')} of the input`;
  }
  const distinct = [...new Set(locations)];
  return distinct.length === 1
    ? `all in ${distinct[0]}`
    : `in ${distinct.join(', ')}`;
}

/** One finding per ref defined more than once (the first definition is analysed). */
function duplicateFindings(ctx: AnalysisContext): void {
  for (const [key, inputs] of ctx.index.duplicates) {
    const node = ctx.nodes.get(key)!;
    const all = [node.input, ...inputs];
    let suggestion = `Keep one definition of ${node.ref} and remove or rename the others`;
    if (node.kind === 'user') {
      const memberOf: string[] = [];
      for (const i of all) {
        const raw = ctx.entities[i];
        const spec = isRecord(raw) && isRecord(raw.spec) ? raw.spec : {};
        for (
          let j = 0, values = refList(spec.memberOf);
          j < values.length;
          j++
        ) {
          const value = values[j];
          if (typeof value === 'string' && !memberOf.includes(value))
            memberOf.push(value);
        }
      }
      if (memberOf.length > 0) {
        suggestion = `Keep one definition of ${
          node.ref
        }; if every definition is meant, merge them into one with memberOf: [${memberOf.join(
          ', ',
        )}]`;
      }
    }
    ctx.add({
      id: `duplicate-entity:${node.ref}`,
      type: 'duplicate-entity',
      severity: 'warning',
      entityRef: node.ref,
      teamRef: ctx.teamRefOf(node),
      message: `${node.ref} is defined ${all.length} times (${describeInputs(
        ctx,
        all,
      )}); only the first definition is analysed`,
      suggestion,
    });
  }
}
