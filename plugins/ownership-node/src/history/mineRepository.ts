import {
  HistoryAggregator,
  HistoryAggregatorState,
  HistoryOptions,
  HistoryScope,
} from '@conway/plugin-ownership-common';
import { GitLogParser, gitLogArgs } from './gitLogParser';
import { GitError, gitSucceeds, runGit, streamGitLines } from './git';

/** @public */
export interface MineRepositoryOptions {
  /** A git work tree or bare repository. */
  dir: string;
  scopes: HistoryScope[];
  options?: HistoryOptions;
  /** State of the previous run: only newer commits are mined. */
  previous?: HistoryAggregatorState;
  /** Revision to mine up to; default HEAD. */
  rev?: string;
}

/** @public */
export interface MinedHistory {
  aggregator: HistoryAggregator;
  /** `full`: the whole history; `incremental`: only commits after the previous run; `unchanged`: nothing new. */
  mode: 'full' | 'incremental' | 'unchanged';
  /** Commits read in this run. */
  commitsRead: number;
  /** What did not stop the mining but makes the figures less complete. */
  problems: string[];
}

/**
 * Mines one repository's history into a {@link HistoryAggregator}, streaming
 * `git log` (see `gitLogArgs`) line by line. With the previous run's state,
 * reads only `last..HEAD`; when the last mined commit is no longer an
 * ancestor of HEAD (history rewritten), mines everything again and says so.
 *
 * @throws GitError when the directory is not a readable repository.
 * @public
 */
export async function mineRepository(
  input: MineRepositoryOptions,
): Promise<MinedHistory> {
  const { dir, scopes, options } = input;
  const rev = input.rev ?? 'HEAD';
  const problems: string[] = [];
  // One spawn for both: HEAD's sha and whether the clone is shallow.
  let head: string;
  let shallow: boolean;
  try {
    const out = (
      await runGit(dir, [
        'rev-parse',
        '--verify',
        '--is-shallow-repository',
        `${rev}^{commit}`,
      ])
    )
      .trim()
      .split('\n');
    shallow = out[0] === 'true';
    head = out[1];
  } catch (e) {
    if (
      e instanceof GitError &&
      /unknown revision|needed a single revision|ambiguous argument/i.test(
        e.stderr,
      )
    ) {
      // A repository without commits has no history to mine.
      return {
        aggregator: new HistoryAggregator(scopes, options),
        mode: 'full',
        commitsRead: 0,
        problems: ['no-commits: the repository has no commits'],
      };
    }
    throw e;
  }
  if (shallow) {
    problems.push(
      'shallow-clone: only the commits of a shallow clone were mined, older ones are missing',
    );
  }

  let aggregator: HistoryAggregator | undefined;
  let range: string | undefined;
  let mode: MinedHistory['mode'] = 'full';
  if (input.previous?.lastSha) {
    aggregator = HistoryAggregator.fromState(input.previous, scopes, options);
    if (aggregator) {
      const last = input.previous.lastSha;
      if (last === head) {
        return { aggregator, mode: 'unchanged', commitsRead: 0, problems };
      }
      const known = await gitSucceeds(dir, [
        'merge-base',
        '--is-ancestor',
        last,
        head,
      ]).catch(() => false);
      if (known) {
        range = `${last}..${head}`;
        mode = 'incremental';
      } else {
        problems.push(
          `history-rewritten: ${last.slice(
            0,
            12,
          )} mined last time is no longer in the history; mined again`,
        );
        aggregator = undefined;
      }
    }
  }
  aggregator ??= new HistoryAggregator(scopes, options);
  const target = aggregator;
  let commitsRead = 0;
  const parser = new GitLogParser(commit => {
    commitsRead += 1;
    target.add(commit);
  });
  await streamGitLines(dir, gitLogArgs(range ?? head), line =>
    parser.line(line),
  );
  parser.flush();
  if (parser.unparseableCommits + parser.unparseableLines > 0) {
    problems.push(
      `unparseable: ${parser.unparseableCommits} commits and ${
        parser.unparseableLines
      } lines of git log could not be read and were skipped (first: ${JSON.stringify(
        parser.firstUnparseable,
      )})`,
    );
  }
  return { aggregator: target, mode, commitsRead, problems };
}
