/**
 * The servers under load in the benchmarks (goldenPathBench.ts, serviceProfile.ts): started on a
 * core of their own, and what they spent read from /proc.
 */
import {
  type ChildProcess,
  execFileSync,
  spawn,
  type SpawnOptions,
} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * On a machine with two or more cores and `taskset`, each server under load runs alone on the
 * last core and this process (autocannon and the span counter) on the others, so the servers do
 * not share a core with their load generator: requests/s then follow each server's own CPU cost
 * instead of how the scheduler happened to split two cores between three busy processes (unpinned,
 * the same server's figures moved by up to 2× between rounds). `--no-pin` measures unpinned.
 */
export const SERVER_CPU = (() => {
  const cpus = os.availableParallelism();
  if (process.argv.includes('--no-pin') || cpus < 2) return undefined;
  try {
    execFileSync('taskset', ['-cp', `0-${cpus - 2}`, String(process.pid)], {
      stdio: 'ignore',
    });
    return String(cpus - 1);
  } catch {
    return undefined;
  }
})();

/** spawn(), with the server pinned to its own core when SERVER_CPU is set (taskset execs it: same pid). */
export function spawnServer(
  command: string,
  args: string[],
  options: SpawnOptions,
): ChildProcess {
  return SERVER_CPU === undefined
    ? spawn(command, args, options)
    : spawn('taskset', ['-c', SERVER_CPU, command, ...args], options);
}

/** What a process has spent so far, from /proc/<pid>/stat. */
export interface ProcStat {
  userMicros: number;
  systemMicros: number;
  minorFaults: number;
}

export function procStat(pid: number): ProcStat {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  // After the command: minflt is field 10 of stat, utime 14 and stime 15 (clock ticks, 100 per second).
  return {
    minorFaults: Number(fields[7]),
    userMicros: Number(fields[11]) * 10_000,
    systemMicros: Number(fields[12]) * 10_000,
  };
}

/** CPU time (user + system) of a process so far, in µs. */
export function cpuMicros(pid: number): number {
  const stat = procStat(pid);
  return stat.userMicros + stat.systemMicros;
}

/**
 * CPU time of every thread of a process so far, in ns, from /proc/<pid>/task/<tid>/schedstat:
 * nanosecond run times where /proc/<pid>/stat counts 10 ms ticks (±2 µs per request on a 4 s
 * slice of 6,000 requests). A thread that has exited is no longer counted; Node's threads
 * (libuv's pool, V8's helpers) live as long as the process.
 */
export function cpuNanos(pid: number): number {
  let total = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(
        fs
          .readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8')
          .split(' ')[0],
      );
    } catch {
      // the thread exited between the listing and the read
    }
  }
  return total;
}
