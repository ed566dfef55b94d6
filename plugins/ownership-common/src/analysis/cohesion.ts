import { compareStrings, Node, sortByRef } from '../model';
import { FindingSeverity, PartReport } from '../types';
import { OwnershipModel } from './buildModel';
import { Hierarchy, isUnder } from './hierarchy';
import { joinList, label } from './text';

/** How the parts of one system or domain line up with its owner. */
export interface ContainerAnalysis {
  container: Node;
  /** Sorted by ref. */
  parts: PartReport[];
  alignedCount: number;
  owningTeams: Node[];
  /** Maximal groups (none under another) among part owners and the owner, sorted by ref. */
  unrelated: Node[];
  /** Parts per maximal group, keyed by group id (filled only when there are several). */
  partsPerUnrelated: ReadonlyMap<number, number>;
  /** Parts owned by existing groups that are not aligned. */
  misaligned: Node[];
}

/** The cohesion of every system and domain, and each group's share of it. */
export interface Cohesion {
  /** In input order. */
  systems: ContainerAnalysis[];
  domains: ContainerAnalysis[];
  /** Per group: parts it owns or whose container it owns. */
  groupParts: Int32Array;
  /** Per group: how many of those are aligned. */
  groupAlignedParts: Int32Array;
}

/**
 * The cohesion stage: a part of a system (or a system of a domain) is aligned
 * when its owner is the container's owner or a group under it. Reports
 * containers split across unrelated teams.
 */
export function analyzeCohesion(model: OwnershipModel): Cohesion {
  const { ctx } = model;
  const n = ctx.groups.length;
  const cohesion: Cohesion = {
    systems: [],
    domains: [],
    groupParts: new Int32Array(n),
    groupAlignedParts: new Int32Array(n),
  };
  const list = ctx.index.list;
  cohesion.systems = list
    .filter(node => node.kind === 'system')
    .map(s => analyzeContainer(model, cohesion, s));
  cohesion.domains = list
    .filter(node => node.kind === 'domain')
    .map(d => analyzeContainer(model, cohesion, d));
  splitFindings(model, cohesion.systems, 'split-system');
  splitFindings(model, cohesion.domains, 'split-domain');
  return cohesion;
}

/** The count per team of containers that are not split: empty, never written. */
const NO_COUNTS: ReadonlyMap<number, number> = new Map<number, number>();

function analyzeContainer(
  { ctx, hierarchy }: OwnershipModel,
  cohesion: Cohesion,
  container: Node,
): ContainerAnalysis {
  const { groupParts, groupAlignedParts } = cohesion;
  const gs = container.ownerGroup;
  const ownerKey = container.ownerRef?.toLowerCase();
  const parts: PartReport[] = [];
  const owning = new Set<number>();
  const misaligned: Node[] = [];
  let alignedCount = 0;
  for (let k = 0, items = container.parts ?? []; k < items.length; k++) {
    const part = items[k];
    const gp = part.ownerGroup;
    let aligned: boolean;
    if (gp >= 0 && gs >= 0) aligned = isUnder(hierarchy, gp, gs);
    else if (gp < 0 && gs < 0) {
      aligned =
        ownerKey !== undefined && part.ownerRef?.toLowerCase() === ownerKey;
    } else aligned = false;
    if (aligned) alignedCount++;
    // Both teams involved in a misplaced part answer for it: the container's and the part's owner.
    if (gs >= 0) {
      groupParts[gs]++;
      if (aligned) groupAlignedParts[gs]++;
    }
    if (gp >= 0 && gp !== gs) {
      groupParts[gp]++;
      if (aligned) groupAlignedParts[gp]++;
    }
    if (gp >= 0) {
      owning.add(gp);
      if (!aligned) misaligned.push(part);
    }
    parts.push({
      ref: part.ref,
      kind: part.kind,
      ownerRef: part.ownerRef,
      ownerIsGroup: gp >= 0,
      aligned,
    });
  }
  sortByRef(parts);

  // Groups that sit under another group of the set merge into it.
  const candidates = [...owning];
  if (gs >= 0 && !owning.has(gs)) candidates.push(gs);
  candidates.sort((a, b) => hierarchy.tin[a] - hierarchy.tin[b]);
  const maximal: number[] = [];
  for (const g of candidates) {
    const last = maximal[maximal.length - 1];
    if (last === undefined || !isUnder(hierarchy, g, last)) maximal.push(g);
  }
  // Only split containers need the count per team; the others (most of
  // thousands) share one empty map instead of allocating their own.
  let partsPerUnrelated: ReadonlyMap<number, number> = NO_COUNTS;
  if (maximal.length > 1) {
    const counts = new Map<number, number>();
    for (let k = 0, items = container.parts ?? []; k < items.length; k++) {
      const part = items[k];
      if (part.ownerGroup < 0) continue;
      const top = coveringGroup(hierarchy, maximal, part.ownerGroup);
      counts.set(top, (counts.get(top) ?? 0) + 1);
    }
    partsPerUnrelated = counts;
  }
  return {
    container,
    parts,
    alignedCount,
    owningTeams: sortByRef([...owning].map(g => ctx.groups[g])),
    unrelated: sortByRef(maximal.map(g => ctx.groups[g])),
    partsPerUnrelated,
    misaligned: sortByRef(misaligned),
  };
}

/** The group of `maximal` (sorted by tin, disjoint subtrees) that contains g. */
function coveringGroup(h: Hierarchy, maximal: number[], g: number): number {
  let lo = 0;
  let hi = maximal.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (h.tin[maximal[mid]] <= h.tin[g]) lo = mid;
    else hi = mid - 1;
  }
  return maximal[lo];
}

function splitFindings(
  { ctx }: OwnershipModel,
  analyses: ContainerAnalysis[],
  type: 'split-system' | 'split-domain',
): void {
  const { groups } = ctx;
  for (const a of analyses) {
    if (a.unrelated.length <= 1) continue;
    const c = a.container;
    const owner = c.ownerGroup >= 0 ? groups[c.ownerGroup] : undefined;
    const total = c.parts!.length;
    const alignedShare = total > 0 ? a.alignedCount / total : 1;
    const severity: FindingSeverity =
      a.unrelated.length >= 3 || !owner || alignedShare < 0.5
        ? 'warning'
        : 'info';
    const count = (g: Node) => a.partsPerUnrelated.get(g.id) ?? 0;
    const teams = [...a.unrelated]
      .sort(
        (x, y) =>
          Number(y === owner) - Number(x === owner) ||
          count(y) - count(x) ||
          compareStrings(x.ref, y.ref),
      )
      .map(
        g => `${label(g)} (${count(g)} ${count(g) === 1 ? 'part' : 'parts'})`,
      );
    const ownerText = owner ? ` (owned by ${label(owner)})` : '';
    // "Unrelated" alone read as "unrelated to the owner", though the owner's team is in the list.
    const apart =
      a.unrelated.length === 2
        ? 'neither under the other'
        : 'none under another';
    const message = `${c.ref}${ownerText} has parts owned by ${
      a.unrelated.length
    } teams, ${apart}: ${joinList(teams, 8)}`;
    const moved = a.misaligned.map(
      p => `${p.ref} (${label(groups[p.ownerGroup])})`,
    );
    const them = a.misaligned.length === 1 ? 'it' : 'them';
    const their =
      a.misaligned.length === 1 ? 'its team owns' : 'their teams own';
    const noun = type === 'split-system' ? 'system' : 'domain';
    const partWord = a.misaligned.length === 1 ? `a ${noun}` : `${noun}s`;
    let suggestion: string;
    if (owner && moved.length > 0) {
      suggestion = `Transfer ${joinList(moved)} to ${
        owner.ref
      }, which owns ${label(c)}, or move ${them} to ${partWord} ${their}`;
    } else if (owner) {
      suggestion = `Move ${
        owner.ref
      } under one of the teams owning the parts of ${label(
        c,
      )}, or regroup the parts so that one team owns them`;
    } else {
      suggestion = `Give ${c.ref} one owning team (spec.owner) and move the parts other teams own to ${partWord} those teams own`;
    }
    ctx.add({
      id: `${type}:${c.ref}`,
      type,
      severity,
      entityRef: c.ref,
      teamRef: owner?.ref,
      relatedRefs: a.misaligned.map(p => p.ref),
      message,
      suggestion,
    });
  }
}
