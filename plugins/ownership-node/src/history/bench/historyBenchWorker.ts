/**
 * One measurement of the history benchmark, in its own process so that its
 * peak memory (maxRSS) is its own. Prints one JSON line.
 *
 *   node --import tsx historyBenchWorker.ts <mine|codemaat|incremental|fleet-mine|fleet-codemaat> <dir> [now]
 */
import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import {
  CommitRecord,
  HistoryAggregator,
} from '@conway/plugin-ownership-common';
import { GitLogParser, gitLogArgs } from '../gitLogParser';
import { mineRepository } from '../mineRepository';
import { appendCommit } from './generateRepository';

const SCOPES = [{ entityRef: 'component:default/bench', pathPrefix: '' }];

function heapAfterGc(): number {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function mine(dir: string) {
  const mined = await mineRepository({ dir, scopes: SCOPES });
  return mined.commitsRead;
}

/**
 * code-maat's published approach: the whole `git log` output read into
 * memory (its README: `git log ... > logfile.log`, then parsed into a
 * sequence of commit maps), parsed into a list of every commit, then
 * aggregated; here with the same aggregation as ours, so that the
 * difference is only streaming versus loading.
 */
async function codeMaat(dir: string) {
  const text = await new Promise<string>((resolve, reject) =>
    execFile(
      'git',
      gitLogArgs('HEAD'),
      { cwd: dir, maxBuffer: 8 * 1024 ** 3, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const commits: CommitRecord[] = [];
  const parser = new GitLogParser(c => commits.push(c));
  for (const line of text.split('\n')) parser.line(line);
  parser.flush();
  const aggregator = new HistoryAggregator(SCOPES);
  for (const c of commits) aggregator.add(c);
  return commits.length;
}

async function pool(dirs: string[], work: (dir: string) => Promise<number>) {
  let next = 0;
  let total = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < dirs.length) total += await work(dirs[next++]);
    }),
  );
  return total;
}

async function main() {
  const [mode, dir] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  let commits = 0;
  const extra: Record<string, unknown> = {};
  if (mode === 'mine') {
    const mined = await mineRepository({ dir, scopes: SCOPES });
    commits = mined.commitsRead;
    // What stays in memory after the run: the window's aggregates.
    extra.retainedHeapMb = heapAfterGc() / 1024 ** 2;
    extra.stateJsonMb =
      JSON.stringify(mined.aggregator.toState()).length / 1024 ** 2;
  } else if (mode === 'codemaat') commits = await codeMaat(dir);
  else if (mode === 'fleet-mine' || mode === 'fleet-codemaat') {
    const dirs = fs
      .readdirSync(dir)
      .filter(d => d.endsWith('.git'))
      .map(d => path.join(dir, d));
    commits = await pool(dirs, mode === 'fleet-mine' ? mine : codeMaat);
    extra.repositories = dirs.length;
  } else if (mode === 'incremental') {
    const first = await mineRepository({ dir, scopes: SCOPES });
    commits = first.commitsRead;
    let state = first.aggregator.toState();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      appendCommit(dir, first.aggregator.toState().maxTime + 60 * (i + 1), i);
      const t = process.hrtime.bigint();
      const next = await mineRepository({
        dir,
        scopes: SCOPES,
        previous: state,
      });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (next.mode !== 'incremental' || next.commitsRead !== 1) {
        throw new Error(
          `expected 1 incremental commit, got ${next.mode} ${next.commitsRead}`,
        );
      }
      state = next.aggregator.toState();
    }
    times.sort((a, b) => a - b);
    extra.incrementalMs = times[Math.floor(times.length / 2)];
    extra.incrementalMaxMs = times[times.length - 1];
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const result = {
    mode,
    commits,
    ms: ms(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
