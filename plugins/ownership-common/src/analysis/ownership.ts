import { compareStrings, Node, resolve, sortByRef } from '../model';
import { FindingType, OrphanType } from '../types';
import { OwnershipModel } from './buildModel';
import { joinList, KIND_TITLES, label, round } from './text';

/** The team an orphaned or misplaced entity should go to, and why. */
interface Transfer {
  group: Node;
  reason: string;
}

/**
 * The ownership stage: reports every entity without a valid owner (with the
 * team it should go to), empty teams and overloaded teams. Answers the
 * entities each group owns directly, by group id, sorted by ref.
 */
export function checkOwnership(model: OwnershipModel): Node[][] {
  orphanFindings(model);
  const owned = ownedByGroup(model);
  teamFindings(model, owned);
  return owned;
}

function transferTarget(
  model: OwnershipModel,
  node: Node,
): Transfer | undefined {
  const c = node.container;
  if (
    c &&
    c.ownerGroup >= 0 &&
    c.ownerStatus === 'valid' &&
    c.ownerGroup !== node.ownerGroup
  ) {
    return {
      group: model.ctx.groups[c.ownerGroup],
      reason: `which owns its ${c.kind} ${label(c)}`,
    };
  }
  return undefined;
}

function orphanFindings(model: OwnershipModel): void {
  const { ctx, hierarchy, membership } = model;
  const { groups } = ctx;
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    const status = node.ownerStatus;
    if (status === undefined || status === 'valid') continue;
    const target = transferTarget(model, node);
    const ref = node.ref;
    const owner = node.ownerRef;
    let message: string;
    let suggestion: string;
    let teamRef = target?.group.ref;
    const to = target ? `${target.group.ref}, ${target.reason}` : undefined;
    switch (status as OrphanType) {
      case 'no-owner':
        message = `${ref} has no owner (spec.owner is not set)`;
        suggestion = to
          ? `Set spec.owner of ${ref} to ${to}`
          : `Set spec.owner of ${ref} to the group (team) responsible for it`;
        break;
      case 'unknown-owner': {
        const r = resolve(ctx.nodes, node.spec.owner, 'group', node.namespace);
        if (r.status === 'invalid') {
          message = `${ref} has an invalid owner reference ${owner}`;
          suggestion = to
            ? `Set spec.owner of ${ref} to a group, e.g. ${to}`
            : `Set spec.owner of ${ref} to a group reference such as group:${node.namespace}/<team>`;
        } else if (r.status === 'found') {
          message = `${ref} is owned by ${owner}, which is a ${
            KIND_TITLES[r.node.kind]
          }, not a group`;
          suggestion = to
            ? `Transfer ${ref} to ${to}`
            : `Set spec.owner of ${ref} to the group (team) responsible for it`;
        } else {
          message = `${ref} is owned by ${owner}, which does not exist`;
          ctx.missingTargets.set(`${status}:${ref}`, {
            ref: r.ref,
            field: 'owner',
          });
          const guess = ctx.didYouMean(r.kind, r.name, node.namespace);
          const create =
            r.kind === 'group'
              ? `Create ${owner}`
              : `Add ${owner} to the catalog`;
          if (guess && (guess.kind === 'group' || guess.kind === 'user')) {
            suggestion = `Change spec.owner of ${ref} to ${
              guess.ref
            } (did you mean it?), or ${create.toLowerCase()}`;
          } else {
            suggestion = to
              ? `${create} or transfer ${ref} to ${to}`
              : `${create} or transfer ${ref} to an existing team`;
          }
        }
        break;
      }
      case 'user-owner': {
        const user = ctx.nodes.get(owner!.toLowerCase())!;
        const teams = membership.userGroups[user.id]
          .map(g => groups[g])
          .sort((a, b) => compareStrings(a.ref, b.ref));
        message = `${ref} is owned by a person, ${owner}, not a team`;
        if (teams.length > 0) {
          message += ` (${label(user)} is a member of ${joinList(
            teams.map(label),
          )})`;
        }
        if (to) {
          suggestion = `Transfer ${ref} to ${to}`;
        } else {
          const team = teams.find(g => membership.aggregatedMembers[g.id] > 0);
          if (team) {
            suggestion = `Transfer ${ref} to ${team.ref}, the team of ${owner}`;
            teamRef = team.ref;
          } else {
            suggestion = `Transfer ${ref} to the group (team) responsible for it instead of ${owner}`;
          }
        }
        break;
      }
      default: {
        // empty-team-owner
        const group = groups[node.ownerGroup];
        teamRef = group.ref;
        message = `${ref} is owned by ${owner}, which has no members`;
        const p = hierarchy.parent[group.id];
        if (to) {
          suggestion = `Transfer ${ref} to ${to}, or add members to ${owner}`;
        } else if (p !== -1 && membership.aggregatedMembers[p] > 0) {
          suggestion = `Add members to ${owner} or transfer ${ref} to ${groups[p].ref}, its parent group`;
        } else {
          suggestion = `Add members to ${owner} or transfer ${ref} to a team with members`;
        }
      }
    }
    ctx.add({
      id: `${status}:${ref}`,
      type: status as FindingType,
      severity:
        status === 'no-owner' || status === 'unknown-owner'
          ? 'error'
          : 'warning',
      entityRef: ref,
      teamRef,
      message,
      suggestion,
    });
  }
}

/** Entities each group owns directly, sorted by ref. */
function ownedByGroup({ ctx }: OwnershipModel): Node[][] {
  const owned: Node[][] = new Array(ctx.groups.length);
  for (let i = 0; i < owned.length; i++) owned[i] = [];
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (node.ownerGroup >= 0) owned[node.ownerGroup].push(node);
  }
  for (const list of owned) {
    sortByRef(list);
  }
  return owned;
}

/** Teams without members, and teams owning more per member than the threshold. */
function teamFindings(
  { ctx, hierarchy, membership }: OwnershipModel,
  owned: Node[][],
): void {
  const threshold = ctx.options.teamLoadThreshold;
  const { groups } = ctx;
  for (const g of groups) {
    if (!ctx.isTeam(g)) continue;
    const all = owned[g.id];
    const p = hierarchy.parent[g.id];
    if (membership.aggregatedMembers[g.id] === 0) {
      let suggestion: string;
      if (all.length === 0) {
        suggestion = `Add members to ${g.ref} or remove the group (it owns nothing)`;
      } else {
        const them =
          all.length === 1 ? 'its entity' : `its ${all.length} entities`;
        suggestion = `Add members to ${g.ref} or move ${them} to ${
          p !== -1 ? groups[p].ref : 'a team with members'
        }`;
      }
      ctx.add({
        id: `empty-team:${g.ref}`,
        type: 'empty-team',
        severity: 'warning',
        entityRef: g.ref,
        teamRef: g.ref,
        relatedRefs: all.length > 0 ? all.map(e => e.ref) : undefined,
        message:
          all.length > 0
            ? `${g.ref} has no members but owns ${all.length} ${
                all.length === 1 ? 'entity' : 'entities'
              }: ${joinList(all.map(e => e.ref))}`
            : `${g.ref} has no members`,
        suggestion,
      });
      continue;
    }
    const members = membership.memberCount[g.id];
    if (members === 0 || all.length / members <= threshold) continue;
    const load = all.length / members;
    const biggest = biggestSystem(all);
    const needed = Math.ceil(all.length / threshold) - members;
    const add = `Add ${needed} ${needed === 1 ? 'member' : 'members'} to ${
      g.ref
    }`;
    ctx.add({
      id: `overloaded-team:${g.ref}`,
      type: 'overloaded-team',
      severity: 'warning',
      entityRef: g.ref,
      teamRef: g.ref,
      message: `${g.ref} owns ${all.length} entities with ${members} ${
        members === 1 ? 'member' : 'members'
      } (${round(load, 1)} per member, threshold ${threshold})`,
      suggestion: biggest
        ? `${add}, or hand ${biggest[0].ref} (${biggest[1]} of its entities) to another team`
        : `${add}, or transfer some of its entities to other teams`,
    });
  }
}

/** The system holding most of a team's entities (the natural unit to hand over), with that count. */
function biggestSystem(owned: Node[]): [Node, number] | undefined {
  const perSystem = new Map<Node, number>();
  for (const node of owned) {
    let system: Node | undefined;
    if (node.kind === 'system') system = node;
    else if (node.container?.kind === 'system') system = node.container;
    if (system) perSystem.set(system, (perSystem.get(system) ?? 0) + 1);
  }
  let biggest: [Node, number] | undefined;
  for (const entry of perSystem) {
    if (
      !biggest ||
      entry[1] > biggest[1] ||
      (entry[1] === biggest[1] &&
        compareStrings(entry[0].ref, biggest[0].ref) < 0)
    ) {
      biggest = entry;
    }
  }
  return biggest;
}
