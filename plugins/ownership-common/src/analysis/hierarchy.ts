import { compareStrings, refList } from '../model';
import { AnalysisContext, ONLY } from './context';
import { joinList } from './text';

/**
 * The group tree, by group id. `tin`/`tout` are the entry and exit times of
 * a depth-first walk, so "a sits under b" is two comparisons.
 */
export interface Hierarchy {
  /** Parent group id, -1 for a root. */
  parent: Int32Array;
  /** Child group ids, sorted by ref. */
  children: number[][];
  tin: Int32Array;
  tout: Int32Array;
  depth: Int32Array;
  /** Groups in depth-first pre-order; reversed it visits children before parents. */
  order: number[];
}

/** Who belongs to which group. */
export interface Membership {
  /** Direct members per group. */
  memberCount: Int32Array;
  /** Members of the group or any group under it, each user counted once. */
  aggregatedMembers: Int32Array;
  /** Group ids per user id, sorted, without repeats. */
  userGroups: number[][];
}

/** Whether group a is group b or sits under it. */
export function isUnder(h: Hierarchy, a: number, b: number): boolean {
  return h.tin[b] <= h.tin[a] && h.tout[a] <= h.tout[b];
}

/**
 * The group tree from `spec.parent`, with `spec.children` filling in parents
 * that `spec.parent` left open. Reports conflicts and parent cycles (cut at
 * their smallest ref). Iterative: deep trees do not exhaust the stack.
 */
export function buildHierarchy(ctx: AnalysisContext): Hierarchy {
  const groups = ctx.groups;
  const n = groups.length;
  const parent = new Int32Array(n).fill(-1);
  for (const g of groups) {
    const value = g.spec.parent;
    if (value === undefined || value === null || value === '') continue;
    const p = ctx.resolveRelation(g, 'parent', value, 'group', ONLY.group);
    if (p) parent[g.id] = p.id;
  }
  // spec.children only fills in parents that spec.parent left open.
  for (const g of groups) {
    for (let j = 0, values = refList(g.spec.children); j < values.length; j++) {
      const value = values[j];
      const child = ctx.resolveRelation(
        g,
        'children',
        value,
        'group',
        ONLY.group,
      );
      if (!child) continue;
      const current = parent[child.id];
      if (current === -1) {
        parent[child.id] = g.id;
      } else if (current !== g.id) {
        ctx.add({
          id: `group-hierarchy-conflict:${child.ref}:${g.ref}`,
          type: 'group-hierarchy-conflict',
          severity: 'warning',
          entityRef: child.ref,
          teamRef: child.ref,
          relatedRefs: [g.ref, groups[current].ref],
          message: `${child.ref} has parent ${groups[current].ref} but is also listed in spec.children of ${g.ref}`,
          suggestion: `Remove ${child.ref} from spec.children of ${g.ref}, or set its spec.parent to ${g.ref}`,
        });
      }
    }
  }
  breakCycles(ctx, parent);

  const children: number[][] = new Array(n);
  for (let i = 0; i < n; i++) children[i] = [];
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    if (parent[i] === -1) roots.push(i);
    else children[parent[i]].push(i);
  }
  // Group ids follow ref order: roots and children come out sorted.

  const tin = new Int32Array(n);
  const tout = new Int32Array(n);
  const depth = new Int32Array(n);
  const order: number[] = [];
  const stack: number[] = [];
  const next: number[] = [];
  let timer = 0;
  for (const root of roots) {
    tin[root] = timer++;
    order.push(root);
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const v = stack[top];
      if (next[top] < children[v].length) {
        const c = children[v][next[top]++];
        tin[c] = timer++;
        depth[c] = depth[v] + 1;
        order.push(c);
        stack.push(c);
        next.push(0);
      } else {
        tout[v] = timer++;
        stack.pop();
        next.pop();
      }
    }
  }
  return { parent, children, tin, tout, depth, order };
}

/** Finds parent cycles, reports each once and cuts it at its smallest ref. */
function breakCycles(ctx: AnalysisContext, parent: Int32Array): void {
  const groups = ctx.groups;
  const state = new Uint8Array(groups.length);
  const path: number[] = [];
  for (let start = 0; start < groups.length; start++) {
    if (state[start] !== 0) continue;
    path.length = 0;
    let v = start;
    while (v !== -1 && state[v] === 0) {
      state[v] = 1;
      path.push(v);
      v = parent[v];
    }
    if (v !== -1 && state[v] === 1) {
      const cycle = path.slice(path.indexOf(v));
      let cut = cycle[0];
      for (const c of cycle) {
        if (compareStrings(groups[c].ref, groups[cut].ref) < 0) cut = c;
      }
      const chain: string[] = [groups[cut].ref];
      for (let w = parent[cut]; w !== cut; w = parent[w])
        chain.push(groups[w].ref);
      chain.push(groups[cut].ref);
      ctx.add({
        id: `group-cycle:${groups[cut].ref}`,
        type: 'group-cycle',
        severity: 'error',
        entityRef: groups[cut].ref,
        teamRef: groups[cut].ref,
        relatedRefs: [...cycle.map(c => groups[c].ref)].sort(compareStrings),
        message: `Groups form a parent cycle: ${joinList(chain, 12).replace(
          /, | and /g,
          ' → ',
        )}`,
        suggestion: `Set spec.parent of ${groups[cut].ref} to a group outside the cycle (the analysis treats it as a root until then)`,
      });
      parent[cut] = -1;
    }
    for (const p of path) state[p] = 2;
  }
}

/**
 * Members per group from users' `spec.memberOf` and groups' `spec.members`
 * (a user named by both counts once), directly and rolled up the tree: a
 * user in two groups under one department counts once for it.
 */
export function buildMembership(
  ctx: AnalysisContext,
  hierarchy: Hierarchy,
): Membership {
  const { users } = ctx.index;
  const n = ctx.groups.length;
  const { parent, order } = hierarchy;
  const userGroups: number[][] = new Array(users.length);
  for (let i = 0; i < users.length; i++) userGroups[i] = [];
  for (const u of users) {
    for (let j = 0, values = refList(u.spec.memberOf); j < values.length; j++) {
      const value = values[j];
      const g = ctx.resolveRelation(u, 'memberOf', value, 'group', ONLY.group);
      if (g) userGroups[u.id].push(g.id);
    }
  }
  for (const g of ctx.groups) {
    for (let j = 0, values = refList(g.spec.members); j < values.length; j++) {
      const value = values[j];
      const u = ctx.resolveRelation(g, 'members', value, 'user', ONLY.user);
      if (u) userGroups[u.id].push(g.id);
    }
  }
  const memberCount = new Int32Array(n);
  const single = new Int32Array(n);
  const multi = new Int32Array(n);
  const stamp = new Int32Array(n).fill(-1);
  for (let u = 0; u < userGroups.length; u++) {
    let list = userGroups[u];
    if (list.length > 1) {
      list.sort((a, b) => a - b);
      list = list.filter((g, i) => i === 0 || g !== list[i - 1]);
      userGroups[u] = list;
    }
    for (const g of list) memberCount[g]++;
    if (list.length === 1) {
      single[list[0]]++;
    } else {
      // Count the user once per ancestor, even when two of their groups share it.
      for (const g of list) {
        for (let v = g; v !== -1 && stamp[v] !== u; v = parent[v]) {
          stamp[v] = u;
          multi[v]++;
        }
      }
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i];
    const p = parent[v];
    if (p !== -1) single[p] += single[v];
  }
  const aggregatedMembers = new Int32Array(n);
  for (let i = 0; i < n; i++) aggregatedMembers[i] = single[i] + multi[i];
  return { memberCount, aggregatedMembers, userGroups };
}
