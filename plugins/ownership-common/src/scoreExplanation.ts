import {
  ALIGNMENT_SCORE_WEIGHTS,
  alignmentScore,
  scoreBreakdown,
} from './score';
import { OwnershipReport, ScoreBreakdown, ScoreCounts } from './types';

/** @public */
export type ScoreTermKey = keyof ScoreBreakdown;

/** What one term of the alignment score is made of and what moves it. @public */
export interface ScoreTermExplanation {
  key: ScoreTermKey;
  /** The term's name, the same wherever the term is shown. */
  label: string;
  /** Its weight in the score (0..1). */
  weight: number;
  numerator: number;
  denominator: number;
  /** numerator / denominator; null without data. */
  value: number | null;
  /** Points it adds to the score: 100 × effective weight × value; 0 without data. */
  points: number;
  /** Points it could add at most: 100 × effective weight (0 without data). */
  maxPoints: number;
  /** What the fraction counts, with the counts: "56 of 59 owned entities ...". */
  fraction: string;
  /** Set when the term has no data: why, and that it is left out of the score. */
  noData?: string;
  /** What raises (or lowers) it. */
  moves: string;
}

/** The alignment score with its formula filled in. @public */
export interface ScoreExplanation {
  /** null when no term has data. */
  score: number | null;
  /** `100 × (0.40 × 94.9 % + 0.35 × 78.2 % + 0.25 × 50.0 %) = 77.8`. */
  formula: string;
  terms: ScoreTermExplanation[];
}

/** Whose score it is: the counts differ, and so does the wording. @public */
export type ScoreScope = 'organisation' | 'group' | 'subtree';

/** The names of the three terms, the same on every page. @public */
export const SCORE_TERM_LABELS: Readonly<Record<ScoreTermKey, string>> =
  Object.freeze({
    ownership: 'Owned by a team with members',
    cohesion: 'System cohesion',
    coupling: 'Dependencies through APIs',
  });

function pct(value: number): string {
  return `${(Math.round(value * 1000) / 10).toFixed(1)} %`;
}

function one(value: number): number {
  return Math.round(value * 10) / 10;
}

const SCOPE_TEXT: Record<
  ScoreScope,
  { owned: string; parts: string; edges: string }
> = {
  organisation: {
    owned: 'owned entities (domains, systems, components, APIs, resources)',
    parts: 'parts of systems and domains',
    edges: 'dependencies between teams',
  },
  group: {
    owned:
      'entities this group owns, or that sit in a system or domain it owns',
    parts:
      'system and domain parts this group owns, or that sit in a system or domain it owns',
    edges: "dependencies of this group's entities on other teams' entities",
  },
  subtree: {
    owned:
      'entities this group and the groups under it own (or whose system or domain they own)',
    parts: 'system and domain parts of this group and the groups under it',
    edges:
      "dependencies of this group's and its sub-groups' entities on other teams' entities",
  },
};

/**
 * Explains an alignment score ({@link alignmentScore}) from its counts: the
 * formula with the values filled in, and per term the fraction behind it,
 * the points it adds, "no data" where it has none (it is then left out and
 * the other terms' weights scaled up, so nothing is punished or rewarded for
 * what it does not have) and what moves it.
 *
 * @public
 */
export function explainScore(
  counts: ScoreCounts,
  scope: ScoreScope = 'organisation',
): ScoreExplanation {
  const b = scoreBreakdown(counts);
  const w = ALIGNMENT_SCORE_WEIGHTS;
  const text = SCOPE_TEXT[scope];
  // Terms without data are left out; the others share their weight.
  let withData = 0;
  for (const key of ['ownership', 'cohesion', 'coupling'] as const) {
    if (b[key] !== null) withData += w[key];
  }
  const edges = counts.interfaceEdges + counts.couplingEdges;

  const term = (
    key: ScoreTermKey,
    numerator: number,
    denominator: number,
    fraction: string,
    noData: string,
    moves: string,
  ): ScoreTermExplanation => {
    const value = b[key];
    return {
      key,
      label: SCORE_TERM_LABELS[key],
      weight: w[key],
      numerator,
      denominator,
      value,
      points: value === null ? 0 : one((100 * w[key] * value) / withData),
      maxPoints: value === null ? 0 : one((100 * w[key]) / withData),
      fraction,
      ...(value === null
        ? {
            noData: `No data: ${noData}, so the term is left out of the score.`,
          }
        : {}),
      moves,
    };
  };

  const terms = [
    term(
      'ownership',
      counts.validOwned,
      counts.owned,
      `${counts.validOwned} of ${counts.owned} ${text.owned} have an owner that is an existing group with members`,
      `no ${text.owned}`,
      'Rises when entities without an owner, owned by a person, by a group that does not exist or by a group without members are transferred to a team with members (or the empty team gets members).',
    ),
    term(
      'cohesion',
      counts.alignedParts,
      counts.parts,
      `${counts.alignedParts} of ${counts.parts} ${text.parts} are owned by the system's (or domain's) owner or a team under it`,
      `no ${text.parts}`,
      "Rises when a part owned by another team is transferred to the system's owner (or a team under it), or moved into a system its team owns.",
    ),
    term(
      'coupling',
      counts.interfaceEdges,
      edges,
      `${counts.interfaceEdges} of ${edges} ${text.edges} go through an API (the other ${counts.couplingEdges} depend directly on another team's component or resource)`,
      `no ${text.edges}`,
      "Rises when a direct dependency on another team's component or resource is replaced by consuming an API that team provides.",
    ),
  ];

  const score = alignmentScore(counts);
  const used = terms.filter(t => t.value !== null);
  const parts = used.map(t => `${t.weight.toFixed(2)} × ${pct(t.value!)}`);
  const left = terms
    .filter(t => t.value === null)
    .map(t => `${t.label}: no data`);
  let formula: string;
  if (score === null) {
    formula = `no data in any term (${left.join(', ')})`;
  } else {
    const sum = `${parts.join(' + ')}`;
    formula =
      left.length === 0
        ? `100 × (${sum}) = ${score.toFixed(1)}`
        : `100 × (${sum}) / ${withData.toFixed(2)} = ${score.toFixed(
            1,
          )}; left out: ${left.join(', ')}`;
  }
  return { score, formula, terms };
}

/** A system or domain part that counts against a group's cohesion. @public */
export interface MisalignedPart {
  partRef: string;
  /** The part's owner; null when it has none. */
  partOwnerRef: string | null;
  containerRef: string;
  containerOwnerRef: string | null;
}

/** What lowers a group's own score, entity by entity. @public */
export interface TeamScoreEvidence {
  /** Parts the group owns, or of its systems and domains, that are not aligned. */
  misalignedParts: MisalignedPart[];
  /** The group's direct dependencies on other teams' components and resources. */
  couplingEdges: Array<{ fromRef: string; toRef: string; toTeamRef: string }>;
}

/**
 * The entities behind a group's cohesion and coupling terms (its own score,
 * not its subtree's): which parts are not aligned and which dependencies
 * skip an API.
 *
 * @public
 */
export function teamScoreEvidence(
  report: Pick<OwnershipReport, 'systems' | 'domains' | 'coupling'>,
  teamRef: string,
): TeamScoreEvidence {
  const key = teamRef.toLowerCase();
  const same = (ref: string | null) =>
    ref !== null && ref.toLowerCase() === key;
  const misalignedParts: MisalignedPart[] = [];
  for (const container of [...report.systems, ...report.domains]) {
    for (const part of container.parts) {
      if (part.aligned) continue;
      if (!same(part.ownerRef) && !same(container.ownerRef)) continue;
      misalignedParts.push({
        partRef: part.ref,
        partOwnerRef: part.ownerRef,
        containerRef: container.ref,
        containerOwnerRef: container.ownerRef,
      });
    }
  }
  const couplingEdges = report.coupling.pairs
    .filter(p => same(p.from))
    .flatMap(p =>
      p.edges
        .filter(e => e.kind === 'coupling')
        .map(e => ({ fromRef: e.fromRef, toRef: e.toRef, toTeamRef: p.to })),
    );
  return { misalignedParts, couplingEdges };
}
