import { ScoreBreakdown, ScoreCounts } from './types';

/**
 * Weights of the three terms of the alignment score; they add up to 1.
 *
 * @public
 */
export const ALIGNMENT_SCORE_WEIGHTS = Object.freeze({
  ownership: 0.4,
  cohesion: 0.35,
  coupling: 0.25,
});

/** @public */
export function emptyScoreCounts(): ScoreCounts {
  return {
    validOwned: 0,
    owned: 0,
    alignedParts: 0,
    parts: 0,
    interfaceEdges: 0,
    couplingEdges: 0,
  };
}

/** Adds `b` into `a` (mutates `a`). */
export function addScoreCounts(a: ScoreCounts, b: ScoreCounts): void {
  a.validOwned += b.validOwned;
  a.owned += b.owned;
  a.alignedParts += b.alignedParts;
  a.parts += b.parts;
  a.interfaceEdges += b.interfaceEdges;
  a.couplingEdges += b.couplingEdges;
}

/** @public */
export function scoreBreakdown(counts: ScoreCounts): ScoreBreakdown {
  const edges = counts.interfaceEdges + counts.couplingEdges;
  return {
    ownership: counts.owned > 0 ? counts.validOwned / counts.owned : null,
    cohesion: counts.parts > 0 ? counts.alignedParts / counts.parts : null,
    coupling: edges > 0 ? counts.interfaceEdges / edges : null,
  };
}

/**
 * The alignment score, 0..100 with one decimal:
 *
 * `100 × (0.40 × ownership + 0.35 × cohesion + 0.25 × coupling)`
 *
 * - ownership = entities in scope with a valid owner (an existing group with
 *   members) / entities in scope;
 * - cohesion = system and domain parts owned by the container's owner or a
 *   group under it / all parts;
 * - coupling = cross-team edges through an API / all cross-team edges
 *   (API consumption plus direct dependencies).
 *
 * A term without data (no entities, no parts, no cross-team edges) counts as
 * 1 (neutral), so a team is not punished for what it does not have. The same
 * formula scores the organisation, every group, and every group's subtree;
 * only the counts differ.
 *
 * @public
 */
export function alignmentScore(counts: ScoreCounts): number {
  const b = scoreBreakdown(counts);
  const w = ALIGNMENT_SCORE_WEIGHTS;
  const value =
    w.ownership * (b.ownership ?? 1) +
    w.cohesion * (b.cohesion ?? 1) +
    w.coupling * (b.coupling ?? 1);
  return Math.round(value * 1000) / 10;
}
