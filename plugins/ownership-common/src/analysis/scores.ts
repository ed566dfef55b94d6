import { Node } from '../model';
import {
  addScoreCounts,
  alignmentScore,
  emptyScoreCounts,
  scoreBreakdown,
} from '../score';
import { OrphanType, ScoreBreakdown, ScoreCounts } from '../types';
import { OwnershipModel } from './buildModel';
import { Cohesion } from './cohesion';
import { Coupling } from './coupling';
import { round } from './text';

/** What the alignment score is computed from, per group and for the organisation. */
export interface Scores {
  /** Per group: its own counts. */
  counts: ScoreCounts[];
  /** Per group: its counts plus those of every group under it. */
  aggregated: ScoreCounts[];
  org: ScoreCounts;
  /** Entities each group owns directly. */
  ownedCount: Int32Array;
  /** Entities the group or a group under it owns. */
  aggregatedOwned: Int32Array;
  /** Owned entities whose owner is an existing group. */
  coveredCount: number;
  orphansByType: Record<OrphanType, number>;
}

/**
 * The scores stage: counts, for every group and the organisation, the terms
 * of the alignment score ({@link alignmentScore}), and rolls them up the
 * group tree. An owned entity counts for its owner and for the owner of its
 * container.
 */
export function countScores(
  { ctx, hierarchy }: OwnershipModel,
  owned: Node[][],
  cohesion: Cohesion,
  coupling: Coupling,
): Scores {
  const n = ctx.groups.length;
  const counts: ScoreCounts[] = new Array(n);
  for (let i = 0; i < n; i++) counts[i] = emptyScoreCounts();
  const org = emptyScoreCounts();
  const orphansByType: Record<OrphanType, number> = {
    'no-owner': 0,
    'unknown-owner': 0,
    'user-owner': 0,
    'empty-team-owner': 0,
  };
  let coveredCount = 0;
  for (let i = 0, list = ctx.index.list; i < list.length; i++) {
    const node = list[i];
    if (node.ownerStatus === undefined) continue;
    const valid = node.ownerStatus === 'valid' ? 1 : 0;
    org.owned++;
    org.validOwned += valid;
    if (node.ownerStatus !== 'valid') orphansByType[node.ownerStatus]++;
    const g1 = node.ownerGroup;
    if (g1 >= 0) {
      coveredCount++;
      counts[g1].owned++;
      counts[g1].validOwned += valid;
    }
    const g2 = node.container ? node.container.ownerGroup : -1;
    if (g2 >= 0 && g2 !== g1) {
      counts[g2].owned++;
      counts[g2].validOwned += valid;
    }
  }
  for (const a of [...cohesion.systems, ...cohesion.domains]) {
    org.parts += a.parts.length;
    org.alignedParts += a.alignedCount;
  }
  for (let i = 0; i < n; i++) {
    counts[i].parts = cohesion.groupParts[i];
    counts[i].alignedParts = cohesion.groupAlignedParts[i];
    counts[i].interfaceEdges = coupling.interfaceEdges[i];
    counts[i].couplingEdges = coupling.couplingEdges[i];
    org.interfaceEdges += coupling.interfaceEdges[i];
    org.couplingEdges += coupling.couplingEdges[i];
  }

  const ownedCount = new Int32Array(n);
  for (let i = 0; i < n; i++) ownedCount[i] = owned[i].length;
  const aggregated: ScoreCounts[] = counts.map(c => ({ ...c }));
  const aggregatedOwned = Int32Array.from(ownedCount);
  const { order, parent } = hierarchy;
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i];
    const p = parent[v];
    if (p !== -1) {
      addScoreCounts(aggregated[p], aggregated[v]);
      aggregatedOwned[p] += aggregatedOwned[v];
    }
  }
  return {
    counts,
    aggregated,
    org,
    ownedCount,
    aggregatedOwned,
    coveredCount,
    orphansByType,
  };
}

/** The score and its terms, rounded to four decimals, as reports show them. */
export function scored(counts: ScoreCounts): {
  score: number | null;
  scoreBreakdown: ScoreBreakdown;
} {
  const b = scoreBreakdown(counts);
  return {
    score: alignmentScore(counts),
    scoreBreakdown: {
      ownership: b.ownership === null ? null : round(b.ownership),
      cohesion: b.cohesion === null ? null : round(b.cohesion),
      coupling: b.coupling === null ? null : round(b.coupling),
    },
  };
}
