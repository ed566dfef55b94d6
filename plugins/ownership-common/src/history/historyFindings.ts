import { Finding } from '../types';
import {
  CoordinationPair,
  ComponentHistoryReport,
  HistoryOptions,
} from './types';
import type { UnavailableHistory } from './analyzeHistory';
import { windowText } from './weeks';

/** `0.0834` → `8 %`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/**
 * What a finding says about a problem met while mining, by the problem's code
 * (the text before its first ': ', see `mineRepository`): how the history
 * stands, and what to do.
 */
const PROBLEMS = new Map<string, { state: string; suggestion: string }>([
  [
    'shallow-clone',
    {
      state: 'is incomplete',
      suggestion:
        'Mine a full clone (git fetch --unshallow) so that the figures cover the whole window.',
    },
  ],
  [
    'history-rewritten',
    {
      state: 'was rewritten',
      suggestion:
        'Nothing to fix: it was mined again in full, so the figures are complete. If its branch is force-pushed often, every run mines it in full.',
    },
  ],
  [
    'unparseable',
    {
      state: 'is incomplete',
      suggestion:
        'Look at those commits with git log --numstat; the rest of the history was analysed.',
    },
  ],
  [
    'no-commits',
    {
      state: 'is empty',
      suggestion: 'Nothing to mine until the repository has a commit.',
    },
  ],
]);
const OTHER_PROBLEM = {
  state: 'is incomplete',
  suggestion:
    'Check the repository: the figures cover only what could be read.',
};

/** The findings of a history report; `title` gives display names. */
export function historyFindings(input: {
  components: ComponentHistoryReport[];
  coordination: CoordinationPair[];
  unavailable: UnavailableHistory[];
  options: Required<HistoryOptions>;
  title: (ref: string) => string;
}): Finding[] {
  const { options, title } = input;
  const findings: Finding[] = [];
  const period = windowText(options.windowDays);
  for (const u of input.unavailable) {
    findings.push({
      id: `history-unavailable:${u.entityRef}`,
      type: 'history-unavailable',
      severity: 'warning',
      entityRef: u.entityRef,
      message: `The history of ${title(u.entityRef)} (${
        u.repository
      }) could not be read: ${u.reason}`,
      suggestion:
        'Fix backstage.io/source-location or give the portal read access to the repository; its ownership is judged on the declared owner alone until then.',
    });
  }
  for (const c of input.components) {
    const name = title(c.entityRef);
    for (const problem of c.problems) {
      const colon = problem.indexOf(': ');
      const code = colon >= 0 ? problem.slice(0, colon) : problem;
      const text = colon >= 0 ? problem.slice(colon + 2) : problem;
      const { state, suggestion } = PROBLEMS.get(code) ?? OTHER_PROBLEM;
      findings.push({
        id: `history-unavailable:${c.entityRef}:${code}`,
        type: 'history-unavailable',
        severity: 'info',
        entityRef: c.entityRef,
        message: `The history of ${name} ${state}: ${text}`,
        suggestion,
      });
    }
    if (c.unknownAuthors.some(a => a.commits > 0 || a.knowledgeShare > 0)) {
      const listed = c.unknownAuthors
        .slice(0, 5)
        .map(a => (a.key.startsWith('name:') ? `${a.name} (no email)` : a.key))
        .join(', ');
      const more =
        c.unknownAuthors.length > 5
          ? ` and ${c.unknownAuthors.length - 5} more`
          : '';
      findings.push({
        id: `unknown-authors:${c.entityRef}`,
        type: 'unknown-authors',
        severity: 'info',
        entityRef: c.entityRef,
        teamRef: c.declaredOwnerRef ?? undefined,
        message: `${c.unknownAuthors.length} ${
          c.unknownAuthors.length === 1 ? 'author' : 'authors'
        } of ${name} ${
          c.unknownAuthors.length === 1 ? 'is' : 'are'
        } not in the catalog (${percent(
          c.unknownAuthorShare,
        )} of changes in ${period}, ${percent(
          c.knowledge.atRiskShare,
        )} of current lines): ${listed}${more}`,
        suggestion:
          'Add the addresses to the right User (spec.profile.email or the conway.dev/git-emails annotation); bots and people who left can stay unmapped.',
      });
    }
    const active = c.commits >= options.minCommits;
    const declared = c.declaredOwnerRef;
    const actual = c.actualTeamRef;
    const actualShare =
      c.teamShares.find(t => t.teamRef === actual)?.share ?? 0;
    // Authors not in the catalog, or in it without a team: not a team to hand over to.
    const noTeamShare = c.teamShares.find(t => t.teamRef === null)?.share ?? 0;
    if (
      active &&
      declared &&
      actual &&
      c.declaredOwnerShare < actualShare &&
      c.declaredOwnerShare < 0.5
    ) {
      findings.push({
        id: `actual-owner-mismatch:${c.entityRef}`,
        type: 'actual-owner-mismatch',
        severity: 'warning',
        entityRef: c.entityRef,
        teamRef: declared,
        relatedRefs: [actual],
        message: `Declared owner ${title(declared)} made ${percent(
          c.declaredOwnerShare,
        )} of the changes to ${name} in ${period}; ${title(
          actual,
        )} made ${percent(actualShare)}${
          Math.round(noTeamShare * 100) > 0
            ? `, authors in no catalog team ${percent(noTeamShare)}`
            : ''
        }`,
        suggestion: `Transfer ownership of ${name} to ${title(actual)}${
          noTeamShare > actualShare
            ? ', the catalog team that changed it most'
            : ''
        } (spec.owner: ${actual}), or hand the work over to ${title(
          declared,
        )}.`,
      });
    }
    const fragmented = c.teamShares.filter(
      t => t.teamRef && t.share >= options.fragmentationMinShare,
    );
    if (active && fragmented.length >= options.fragmentationTeams) {
      const seams = fragmented
        .map(
          t =>
            `${title(t.teamRef!)}: ${t.topDirectories.join(', ') || '(root)'}`,
        )
        .join('; ');
      // Where every team works most in the same directory, there is no seam to split along.
      const mainDirectories = new Set(
        fragmented.map(t => t.topDirectories[0] ?? '.'),
      );
      const suggestion =
        mainDirectories.size > 1
          ? `Split ${name} along the seam the files show (${seams}), or give it one owning team.`
          : `Give ${name} one owning team: the teams work mostly in the same directory (${seams}), so no seam shows to split it along.`;
      findings.push({
        id: `team-fragmentation:${c.entityRef}`,
        type: 'team-fragmentation',
        severity: 'warning',
        entityRef: c.entityRef,
        teamRef: declared ?? undefined,
        relatedRefs: fragmented.map(t => t.teamRef!),
        message: `${fragmented.length} teams change ${name} (${fragmented
          .map(t => `${title(t.teamRef!)} ${percent(t.share)}`)
          .join(', ')}; entropy ${c.fragmentation.entropyBits.toFixed(
          2,
        )} bits) in ${period}`,
        suggestion,
      });
    }
    const enoughCode = c.knowledge.currentLines >= options.minKnowledgeLines;
    if (enoughCode && c.knowledge.atRiskShare >= options.knowledgeAtRiskShare) {
      findings.push({
        id: `knowledge-at-risk:${c.entityRef}`,
        type: 'knowledge-at-risk',
        severity: 'warning',
        entityRef: c.entityRef,
        teamRef: declared ?? undefined,
        message: `${percent(
          c.knowledge.atRiskShare,
        )} of the current lines of ${name} were written by people who are not in the catalog (left, or never listed)`,
        suggestion: `Have ${
          declared ? title(declared) : 'the owning team'
        } review and take over that code while it is still understood: read it together, write down its design, add tests where it is dark.`,
      });
    }
    const top = c.knowledge.holders[0];
    if (enoughCode && c.knowledge.truckFactor === 1 && top?.known) {
      findings.push({
        id: `truck-factor-one:${c.entityRef}`,
        type: 'truck-factor-one',
        severity: 'info',
        entityRef: c.entityRef,
        teamRef: declared ?? undefined,
        relatedRefs: [top.ref],
        message: `${title(top.ref)} wrote ${percent(
          top.share,
        )} of the current lines of ${name}: its knowledge sits with one person (truck factor 1)`,
        suggestion: `Spread it: pair ${title(
          top.ref,
        )} with others on the next changes to ${name} and review each other's work.`,
      });
    }
  }
  for (const pair of input.coordination) {
    if (pair.weeks < options.coordinationMinWeeks) continue;
    const first = pair.components[0];
    const list = pair.components
      .slice(0, 3)
      .map(p => `${title(p.entityRef)} ${p.weeks} weeks`)
      .join(', ');
    findings.push({
      id: `team-coordination:${pair.teamA}:${pair.teamB}`,
      type: 'team-coordination',
      severity: 'info',
      entityRef: first.entityRef,
      teamRef: pair.teamA,
      relatedRefs: [pair.teamB, ...pair.components.map(p => p.entityRef)],
      message: `${title(pair.teamA)} and ${title(
        pair.teamB,
      )} changed the same components in the same weeks ${pair.weeks} ${
        pair.weeks === 1 ? 'time' : 'times'
      } in ${period} (${list})`,
      suggestion: `They have to coordinate: put an API between their parts of ${title(
        first.entityRef,
      )}, or move that work to one of the two teams.`,
    });
  }
  return findings;
}
