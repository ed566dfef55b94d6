import fs from 'fs';
import path from 'path';
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
 * Mines one repository's history into a `HistoryAggregator`, streaming
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
  if (await isShallow(dir)) {
    problems.push(
      'shallow-clone: only the commits of a shallow clone were mined, older ones are missing',
    );
  }
  const restored =
    input.previous?.lastSha &&
    HistoryAggregator.fromState(input.previous, scopes, options);
  if (restored && input.previous?.lastSha) {
    const last = input.previous.lastSha;
    // Most repositories have no new commit between two runs: when HEAD, read
    // from the git directory, is the commit mined last time, no git process runs.
    if (rev === 'HEAD' && headCommitFromFiles(dir) === last) {
      return { aggregator: restored, mode: 'unchanged', commitsRead: 0, problems };
    }
    // Both at once: an update must stay well under 100 ms, and two git
    // processes in parallel cost about what one does.
    const [ancestor, update] = await Promise.allSettled([
      gitSucceeds(dir, ['merge-base', '--is-ancestor', last, rev]),
      readLog(dir, `${last}..${rev}`, restored),
    ]);
    if (ancestor.status === 'fulfilled' && ancestor.value) {
      if (update.status === 'rejected') throw update.reason;
      problems.push(...update.value.problems);
      return {
        aggregator: restored,
        mode: update.value.commitsRead === 0 ? 'unchanged' : 'incremental',
        commitsRead: update.value.commitsRead,
        problems,
      };
    }
    problems.push(
      `history-rewritten: ${last.slice(
        0,
        12,
      )} mined last time is no longer in the history; mined again`,
    );
  }
  const aggregator = new HistoryAggregator(scopes, options);
  try {
    const full = await readLog(dir, rev, aggregator);
    problems.push(...full.problems);
    return {
      aggregator,
      mode: 'full',
      commitsRead: full.commitsRead,
      problems,
    };
  } catch (e) {
    if (
      e instanceof GitError &&
      /does not have any commits|bad (default )?revision|unknown revision/i.test(
        e.stderr,
      )
    ) {
      return {
        aggregator,
        mode: 'full',
        commitsRead: 0,
        problems: [...problems, 'no-commits: the repository has no commits'],
      };
    }
    throw e;
  }
}

/**
 * The commit HEAD points at, read from the git directory's files (HEAD, the
 * loose ref, packed-refs); undefined for anything else (a linked work tree,
 * an unusual layout), where the caller asks git instead.
 */
export function headCommitFromFiles(dir: string): string | undefined {
  const SHA = /^[0-9a-f]{40}$/;
  for (const gitDir of [path.join(dir, '.git'), dir]) {
    let head: string;
    try {
      if (!fs.statSync(gitDir).isDirectory()) continue;
      head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    } catch {
      continue;
    }
    if (SHA.test(head)) return head;
    const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
    if (!ref || ref.split('/').includes('..')) return undefined;
    try {
      const loose = fs.readFileSync(path.join(gitDir, ref), 'utf8').trim();
      return SHA.test(loose) ? loose : undefined;
    } catch {
      // Not a loose ref: look in packed-refs.
    }
    try {
      for (const line of fs.readFileSync(path.join(gitDir, 'packed-refs'), 'utf8').split('\n')) {
        const [sha, name] = line.trim().split(' ');
        if (name === ref && SHA.test(sha)) return sha;
      }
    } catch {
      // No packed-refs either.
    }
    return undefined;
  }
  return undefined;
}

/** Whether the repository is a shallow clone; read from the git directory when it can be. */
async function isShallow(dir: string): Promise<boolean> {
  for (const gitDir of [path.join(dir, '.git'), dir]) {
    if (fs.existsSync(path.join(gitDir, 'HEAD'))) {
      return fs.existsSync(path.join(gitDir, 'shallow'));
    }
  }
  // A linked work tree or an unusual layout: ask git (fails for a non-repository).
  const out = await runGit(dir, ['rev-parse', '--is-shallow-repository']);
  return out.trim() === 'true';
}

/** Streams `git log <range>` into the aggregator. */
async function readLog(
  dir: string,
  range: string,
  aggregator: HistoryAggregator,
): Promise<{ commitsRead: number; problems: string[] }> {
  let commitsRead = 0;
  const parser = new GitLogParser(commit => {
    commitsRead += 1;
    aggregator.add(commit);
  });
  await streamGitLines(dir, gitLogArgs(range), line => parser.line(line));
  parser.flush();
  const problems: string[] = [];
  if (parser.unparseableCommits + parser.unparseableLines > 0) {
    problems.push(
      `unparseable: ${parser.unparseableCommits} commits and ${
        parser.unparseableLines
      } lines of git log could not be read and were skipped (first: ${JSON.stringify(
        parser.firstUnparseable,
      )})`,
    );
  }
  return { commitsRead, problems };
}
