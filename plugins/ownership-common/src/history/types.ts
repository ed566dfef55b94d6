/** One file of a commit, as `git log --numstat` reports it. @public */
export interface FileChange {
  /** Path after the commit, `/`-separated, relative to the repository root. */
  path: string;
  /** Path before the commit when git detected a rename. */
  oldPath?: string;
  added: number;
  deleted: number;
  /** Binary files have no line counts; they are skipped. */
  binary?: boolean;
}

/** One commit of a repository's history. @public */
export interface CommitRecord {
  sha: string;
  authorName: string;
  /** Empty when the commit has no author email. */
  authorEmail: string;
  /** Author time, seconds since the epoch. */
  time: number;
  files: FileChange[];
}

/**
 * Settings of the history aggregation. Every one has a documented default
 * ({@link DEFAULT_HISTORY_OPTIONS}).
 *
 * @public
 */
export interface HistoryOptions {
  /** How far back changes count, in days (whole ISO weeks, see README). Default 365. */
  windowDays?: number;
  /** A change `halfLifeDays` old weighs half as much as one made now. Default 180. */
  halfLifeDays?: number;
  /** Lines (added + deleted) one commit can contribute; larger commits are scaled down. Default 2000. */
  maxLinesPerCommit?: number;
  /** Globs of paths left out (vendored, generated, lockfiles). Default {@link DEFAULT_HISTORY_EXCLUDES}. */
  exclude?: string[];
  /** Commits in the window below which a component gets no ownership findings. Default 5. */
  minCommits?: number;
  /** A team counts towards fragmentation from this share of changes. Default 0.1. */
  fragmentationMinShare?: number;
  /** Teams (each above `fragmentationMinShare`) from which a component is fragmented. Default 3. */
  fragmentationTeams?: number;
  /** Share of current lines by authors not in the catalog from which knowledge is at risk. Default 0.5. */
  knowledgeAtRiskShare?: number;
  /** Current lines below which knowledge findings are not reported. Default 50. */
  minKnowledgeLines?: number;
  /** Weeks two teams change one component together from which they need to coordinate. Default 4. */
  coordinationMinWeeks?: number;
}

/** A team's share of a component's changes in the window. @public */
export interface TeamShare {
  /** Group ref; null for changes by authors without a team (unknown authors included). */
  teamRef: string | null;
  /** 0..1 of the component's weighted changed lines. */
  share: number;
  /** Commits by the team's members (a commit of a member of two teams counts for both). */
  commits: number;
  /** Directories of the component (two levels deep, e.g. `src/cart`) this team changed most, most first. */
  topDirectories: string[];
}

/** An author of a component that no catalog User claims. @public */
export interface UnknownAuthor {
  /** The email, or `name:<author name>` for commits without an email. */
  key: string;
  name: string;
  /** Commits in the window. */
  commits: number;
  /** Share of the component's current lines (line-survival model). */
  knowledgeShare: number;
}

/** A person's share of a component's current lines. @public */
export interface KnowledgeHolder {
  /** User ref, or the author key when the author is not in the catalog. */
  ref: string;
  known: boolean;
  share: number;
}

/** Actual ownership of one component. @public */
export interface ComponentHistoryReport {
  entityRef: string;
  title?: string;
  /** Declared `spec.owner`, resolved; null without one. */
  declaredOwnerRef: string | null;
  /** Where the history came from (URL or path as the annotation gave it). */
  repository: string;
  /** Path inside the repository the component covers; '' for the whole repository. */
  pathPrefix: string;
  /** Commits in the window touching the component (after exclusions). */
  commits: number;
  /** Sum of recency-weighted, capped changed lines. */
  weightedLines: number;
  /** Highest share first; shares sum to 1 (or the list is empty). */
  teamShares: TeamShare[];
  /** The known team with the highest share; null without changes by known teams. */
  actualTeamRef: string | null;
  /** Share of changes by the declared owner and the groups under it. */
  declaredOwnerShare: number;
  /** Share of changes by authors no catalog User claims. */
  unknownAuthorShare: number;
  fragmentation: {
    /** Teams with at least `fragmentationMinShare` of the changes. */
    teamCount: number;
    /** Shannon entropy of the teams' split of their changes (authors with no team left out), bits (0: one team). */
    entropyBits: number;
  };
  knowledge: {
    /** Current lines of the component according to the line-survival model. */
    currentLines: number;
    /** Share of current lines last written by authors not in the catalog. */
    atRiskShare: number;
    /** Fewest people who together wrote more than half the current lines. */
    truckFactor: number;
    /** The largest holders, most first (at most 5). */
    holders: KnowledgeHolder[];
  };
  unknownAuthors: UnknownAuthor[];
  /** Commits in the window without an author email. */
  commitsWithoutEmail: number;
  /** Set when the history could not be read, or only partly. */
  problems: string[];
}

/** Two teams changing the same components in the same ISO weeks. @public */
export interface CoordinationPair {
  teamA: string;
  teamB: string;
  /** Sum over components of the weeks both changed it. */
  weeks: number;
  components: Array<{ entityRef: string; weeks: number }>;
}
