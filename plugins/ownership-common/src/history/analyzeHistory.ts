import { Finding, FindingSeverity, OwnershipEntity } from '../types';
import {
  CatalogPeople,
  isSameOrUnder,
  readCatalogPeople,
} from './catalogPeople';
import type {
  HistoryAggregator,
  HistoryWindows,
  ScopeWindow,
} from './HistoryAggregator';
import { topEntries } from './HistoryAggregator';
import { resolveHistoryOptions } from './options';
import {
  ComponentHistoryReport,
  CoordinationPair,
  HistoryOptions,
  KnowledgeHolder,
  TeamShare,
  UnknownAuthor,
} from './types';
import { historyFindings } from './historyFindings';

/** One mined repository and the components it holds. @public */
export interface MinedRepository {
  /** URL or path, as the components' annotation gave it. */
  repository: string;
  /**
   * One scope per component of `entityRefs`, in that order: the aggregator,
   * or only its windows ({@link HistoryAggregator.windowsAt}).
   */
  aggregator: HistoryWindows;
  entityRefs: string[];
  /** Path prefix per component, same order. */
  pathPrefixes: string[];
  /** Problems that did not stop the mining (shallow clone, unparseable lines). */
  problems?: string[];
}

/** A component whose history could not be read. @public */
export interface UnavailableHistory {
  entityRef: string;
  repository: string;
  reason: string;
}

/** @public */
export interface HistoryReport {
  /** Epoch seconds the window ends at. */
  now: number;
  options: Required<HistoryOptions>;
  components: ComponentHistoryReport[];
  unavailable: UnavailableHistory[];
  /** Most weeks first. */
  coordination: CoordinationPair[];
  /** Display names of the users, groups and components mentioned. */
  titles: Record<string, string>;
  /** Sorted by severity, then type, then id. */
  findings: Finding[];
}

const TOP_DIRECTORIES = 3;
const TOP_HOLDERS = 5;

/**
 * Shannon entropy of how the teams split their changes, in bits: the shares
 * are normalised over the teams first, since changes by authors with no team
 * are not a team, so one team alone is 0 bits however much others wrote.
 */
function entropyBits(shares: number[]): number {
  let sum = 0;
  for (const s of shares) sum += s;
  let h = 0;
  for (const s of shares) {
    if (s <= 0) continue;
    const p = s / sum;
    h -= p * Math.log2(p);
  }
  return h;
}

function topKeys(map: Map<string, number>, n: number): string[] {
  return topEntries(map, n).map(([k]) => k);
}

function componentReport(
  people: CatalogPeople,
  options: Required<HistoryOptions>,
  mined: MinedRepository,
  index: number,
  window: ScopeWindow,
): ComponentHistoryReport {
  const entityRef = mined.entityRefs[index];
  const declaredOwnerRef =
    people.components.find(c => c.ref === entityRef)?.ownerRef ?? null;
  const teams = new Map<
    string | null,
    { weighted: number; commits: number; dirs: Map<string, number> }
  >();
  const unknown: UnknownAuthor[] = [];
  let total = 0;
  let unknownWeighted = 0;
  let commitsWithoutEmail = 0;
  const unknownKeys = new Set<string>();
  // A component owned by a person: that person's own changes are the declared owner's.
  let declaredUserWeighted = 0;
  for (const [author, data] of window.authors) {
    total += data.weighted;
    const userRef = people.userByEmail.get(author);
    if (userRef !== undefined && userRef === declaredOwnerRef) {
      declaredUserWeighted += data.weighted;
    }
    if (!userRef) {
      unknownWeighted += data.weighted;
      unknownKeys.add(author);
      if (author.startsWith('name:')) commitsWithoutEmail += data.commits;
    }
    const userTeams = userRef ? people.teamsOfUser.get(userRef) ?? [] : [];
    const targets: Array<string | null> = userTeams.length ? userTeams : [null];
    // A member of several teams counts for each, in equal parts.
    const part = 1 / targets.length;
    for (const team of targets) {
      let t = teams.get(team);
      if (!t) {
        t = { weighted: 0, commits: 0, dirs: new Map() };
        teams.set(team, t);
      }
      t.weighted += data.weighted * part;
      t.commits += data.commits;
      for (const [dir, w] of data.dirs) {
        t.dirs.set(dir, (t.dirs.get(dir) ?? 0) + w * part);
      }
    }
  }
  const teamShares: TeamShare[] = [...teams]
    .map(([teamRef, t]) => ({
      teamRef,
      share: total > 0 ? t.weighted / total : 0,
      commits: t.commits,
      topDirectories: topKeys(t.dirs, TOP_DIRECTORIES),
    }))
    .sort(
      (a, b) =>
        b.share - a.share || (a.teamRef ?? '~').localeCompare(b.teamRef ?? '~'),
    );
  const known = teamShares.filter(t => t.teamRef !== null);
  let declaredOwnerShare = 0;
  if (declaredOwnerRef?.startsWith('user:')) {
    declaredOwnerShare = total > 0 ? declaredUserWeighted / total : 0;
  } else if (declaredOwnerRef) {
    declaredOwnerShare = known
      .filter(t => isSameOrUnder(people, t.teamRef!, declaredOwnerRef))
      .reduce((s, t) => s + t.share, 0);
  }

  let currentLines = 0;
  let atRisk = 0;
  const holders = new Map<string, { known: boolean; lines: number }>();
  for (const [author, lines] of window.knowledge) {
    currentLines += lines;
    const userRef = people.userByEmail.get(author);
    if (!userRef) {
      atRisk += lines;
      unknownKeys.add(author);
    }
    const key = userRef ?? author;
    const h = holders.get(key) ?? { known: !!userRef, lines: 0 };
    h.lines += lines;
    holders.set(key, h);
  }
  const sortedHolders = [...holders].sort(
    (a, b) => b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1),
  );
  let truckFactor = 0;
  let covered = 0;
  for (const [, h] of sortedHolders) {
    if (covered > currentLines / 2) break;
    covered += h.lines;
    truckFactor += 1;
  }
  const share = (lines: number) =>
    currentLines > 0 ? lines / currentLines : 0;
  for (const key of [...unknownKeys].sort()) {
    unknown.push({
      key,
      name: mined.aggregator.authorName(key),
      commits: window.authors.get(key)?.commits ?? 0,
      knowledgeShare: share(window.knowledge.get(key) ?? 0),
    });
  }
  return {
    entityRef,
    title: people.titles.get(entityRef),
    declaredOwnerRef,
    repository: mined.repository,
    pathPrefix: mined.pathPrefixes[index],
    commits: window.commits,
    weightedLines: total,
    teamShares,
    actualTeamRef: known[0]?.teamRef ?? null,
    declaredOwnerShare,
    unknownAuthorShare: total > 0 ? unknownWeighted / total : 0,
    fragmentation: {
      teamCount: known.filter(t => t.share >= options.fragmentationMinShare)
        .length,
      entropyBits: entropyBits(known.map(t => t.share)),
    },
    knowledge: {
      currentLines,
      atRiskShare: share(atRisk),
      truckFactor,
      holders: sortedHolders.slice(0, TOP_HOLDERS).map(
        ([ref, h]): KnowledgeHolder => ({
          ref,
          known: h.known,
          share: share(h.lines),
        }),
      ),
    },
    unknownAuthors: unknown,
    commitsWithoutEmail,
    problems: [...(mined.problems ?? [])],
  };
}

function coordinationPairs(
  people: CatalogPeople,
  perComponent: Array<{ entityRef: string; window: ScopeWindow }>,
): CoordinationPair[] {
  const pairs = new Map<string, CoordinationPair>();
  for (const { entityRef, window } of perComponent) {
    const weeksByPair = new Map<string, number>();
    for (const authors of window.weekAuthors.values()) {
      const teams = new Set<string>();
      for (const a of authors) {
        const user = people.userByEmail.get(a);
        for (const t of user ? people.teamsOfUser.get(user) ?? [] : []) {
          teams.add(t);
        }
      }
      const sorted = [...teams].sort();
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const key = `${sorted[i]}\n${sorted[j]}`;
          weeksByPair.set(key, (weeksByPair.get(key) ?? 0) + 1);
        }
      }
    }
    for (const [key, weeks] of weeksByPair) {
      const [teamA, teamB] = key.split('\n');
      let pair = pairs.get(key);
      if (!pair) {
        pair = { teamA, teamB, weeks: 0, components: [] };
        pairs.set(key, pair);
      }
      pair.weeks += weeks;
      pair.components.push({ entityRef, weeks });
    }
  }
  return [...pairs.values()]
    .map(p => ({
      ...p,
      components: p.components.sort(
        (a, b) => b.weeks - a.weeks || a.entityRef.localeCompare(b.entityRef),
      ),
    }))
    .sort(
      (a, b) =>
        b.weeks - a.weeks ||
        a.teamA.localeCompare(b.teamA) ||
        a.teamB.localeCompare(b.teamB),
    );
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * Actual ownership from git history: per component the teams' shares of
 * changes in the window, the actual main team against the declared owner,
 * fragmentation, knowledge at risk and truck factor; across components the
 * pairs of teams that change the same components in the same weeks; and
 * findings with suggestions in the shape of the ownership analysis's.
 * Authors are mapped to Users by `spec.profile.email` and
 * {@link GIT_EMAILS_ANNOTATION}, and to teams through their groups at the
 * time of analysis; authors no User claims are reported, never guessed.
 *
 * @param now - end of the window, epoch seconds; not before the newest commit.
 * @public
 */
export function analyzeHistory(input: {
  entities: OwnershipEntity[];
  repositories: MinedRepository[];
  unavailable?: UnavailableHistory[];
  now: number;
  options?: HistoryOptions;
}): HistoryReport {
  const options = resolveHistoryOptions(input.options);
  const people = readCatalogPeople(input.entities);
  const components: ComponentHistoryReport[] = [];
  const windows: Array<{ entityRef: string; window: ScopeWindow }> = [];
  for (const mined of input.repositories) {
    mined.entityRefs.forEach((entityRef, i) => {
      const window = mined.aggregator.window(i, input.now);
      windows.push({ entityRef, window });
      components.push(componentReport(people, options, mined, i, window));
    });
  }
  components.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  const coordination = coordinationPairs(people, windows);
  const unavailable = [...(input.unavailable ?? [])].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  const findings = historyFindings({
    components,
    coordination,
    unavailable,
    options,
    title: ref => people.titles.get(ref) ?? ref,
  }).sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.type.localeCompare(b.type) ||
      a.id.localeCompare(b.id),
  );
  const titles: Record<string, string> = {};
  const mention = (ref: string | null | undefined) => {
    const t = ref ? people.titles.get(ref) : undefined;
    if (ref && t) titles[ref] = t;
  };
  for (const c of components) {
    mention(c.entityRef);
    mention(c.declaredOwnerRef);
    c.teamShares.forEach(t => mention(t.teamRef));
    c.knowledge.holders.forEach(h => mention(h.ref));
  }
  for (const p of coordination) {
    mention(p.teamA);
    mention(p.teamB);
  }
  return {
    now: input.now,
    options,
    components,
    unavailable,
    coordination,
    titles,
    findings,
  };
}
