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
 * A term without data (no entities, no parts, no cross-team edges) is left
 * out: the other terms' weights are scaled up to add to 1, so a team is
 * neither punished nor rewarded for what it does not have. Without data in
 * any term the score is null ("no data"). The same formula scores the
 * organisation, every group, and every group's subtree; only the counts
 * differ.
 *
 * @public
 */
export function alignmentScore(counts: ScoreCounts): number | null {
  const b = scoreBreakdown(counts);
  const w = ALIGNMENT_SCORE_WEIGHTS;
  let sum = 0;
  let weight = 0;
  for (const key of ['ownership', 'cohesion', 'coupling'] as const) {
    const value = b[key];
    if (value === null) continue;
    sum += w[key] * value;
    weight += w[key];
  }
  if (weight === 0) return null;
  return Math.round((sum / weight) * 1000) / 10;
}
