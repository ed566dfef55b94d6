import os from 'os';
import path from 'path';
import { CliIo, ExitCode } from '../lib/io';
import { median, runBenchWorker } from './runWorker';
import type { WorkerResult } from './ownershipBenchWorker';

export interface OwnershipBenchOptions {
  /** Organisation sizes in entities. Default 10k, 100k, 1M. */
  sizes?: number[];
  /** Analysis runs per size; default 7 up to 10k, 5 up to 100k, 3 above. */
  runs?: number;
  seed?: number;
  /** --max-old-space-size of the child processes, MB; default 1024 per 100k entities, at least 2048. */
  maxOldSpaceMb?: number;
  json?: boolean;
}

export interface BenchRow {
  entities: number;
  runs: number;
  /** The first analysis in the process (cold: nothing compiled yet). */
  coldMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  medianCpuMs: number;
  /** Median CPU time of the reference loop: indexing and one lookup per reference. */
  referenceCpuMs: number;
  generateMs: number;
  inputHeapMb: number;
  peakRssMb: number;
  /** Peak RSS of a process that only generates the organisation. */
  baselinePeakRssMb: number;
  reportHeapMb: number;
  maxOldSpaceMb: number;
  findings: number;
  score: number;
  /** Highest one-minute load average seen while measuring. */
  load: number;
}

// The CLI runs from source (bin/conway loads it through tsx); there is no build whose layout differs.
// eslint-disable-next-line no-restricted-syntax
const WORKER = path.join(__dirname, 'ownershipBenchWorker.ts');

function defaultRuns(entities: number): number {
  if (entities <= 10_000) return 7;
  return entities <= 100_000 ? 5 : 3;
}

/** Runs one worker process and resolves to its measurements. */
function runWorker(
  args: string[],
  maxOldSpaceMb: number,
): Promise<WorkerResult> {
  return runBenchWorker<WorkerResult>(WORKER, args, [
    '--expose-gc',
    `--max-old-space-size=${maxOldSpaceMb}`,
  ]);
}

/** Measures analyzeOwnership on synthetic organisations, one child process per size. */
export async function measureOwnership(
  options: OwnershipBenchOptions,
  progress?: (text: string) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const seed = options.seed ?? 1;
  for (const entities of options.sizes ?? [10_000, 100_000, 1_000_000]) {
    const runs = options.runs ?? defaultRuns(entities);
    const maxOldSpaceMb =
      options.maxOldSpaceMb ??
      Math.max(2048, Math.ceil(entities / 100_000) * 1024);
    progress?.(
      `measuring ${entities.toLocaleString(
        'en-US',
      )} entities (${runs} runs)...`,
    );
    const baseline = await runWorker(
      [String(entities), '0', String(seed), 'generate'],
      maxOldSpaceMb,
    );
    const r = await runWorker(
      [String(entities), String(runs), String(seed), 'analyze'],
      maxOldSpaceMb,
    );
    rows.push({
      entities: r.entities,
      runs: r.runs,
      coldMs: r.wallMs[0],
      medianMs: median(r.wallMs),
      minMs: Math.min(...r.wallMs),
      maxMs: Math.max(...r.wallMs),
      medianCpuMs: median(r.cpuMs),
      referenceCpuMs: median(r.referenceCpuMs),
      generateMs: r.generateMs,
      inputHeapMb: r.inputHeapMb,
      peakRssMb: r.peakRssMb,
      baselinePeakRssMb: baseline.peakRssMb,
      reportHeapMb: r.reportHeapMb,
      maxOldSpaceMb,
      findings: r.findings,
      score: r.score,
      load: Math.max(baseline.loadBefore, r.loadBefore, r.loadAfter),
    });
  }
  return rows;
}

/** The results as a Markdown table (for the terminal and docs alike). */
export function formatBenchTable(rows: BenchRow[]): string {
  const header = [
    'entities',
    'runs',
    'cold ms',
    'median ms',
    'min–max ms',
    'CPU ms',
    'reference CPU ms',
    'input heap MB',
    'report heap MB',
    'peak RSS MB',
    'RSS w/o analysis MB',
    'findings',
    'load',
  ];
  const body = rows.map(r => [
    r.entities.toLocaleString('en-US'),
    String(r.runs),
    String(r.coldMs),
    String(r.medianMs),
    `${r.minMs}–${r.maxMs}`,
    String(r.medianCpuMs),
    String(r.referenceCpuMs),
    String(r.inputHeapMb),
    String(r.reportHeapMb),
    String(r.peakRssMb),
    String(r.baselinePeakRssMb),
    r.findings.toLocaleString('en-US'),
    r.load.toFixed(1),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map(b => b[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join(' | ')} |`;
  return [
    line(header),
    `|${widths
      .map((w, i) =>
        i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`,
      )
      .join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

/** `conway bench ownership`. */
export async function runOwnershipBench(
  options: OwnershipBenchOptions,
  io: CliIo,
): Promise<number> {
  const rows = await measureOwnership(options, text => io.stderr(`${text}\n`));
  if (options.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const [load1] = os.loadavg();
  io.stdout(
    `analyzeOwnership on generateSyntheticOrg (seed ${
      options.seed ?? 1
    }); Node ${process.version}, ${
      os.cpus().length
    } CPUs, load average ${load1.toFixed(1)}\n\n`,
  );
  io.stdout(`${formatBenchTable(rows)}\n`);
  const heapLimits = rows.map(r => `${r.maxOldSpaceMb} MB`).join(' / ');
  io.stdout(
    [
      '',
      'cold: the first analysis in a fresh process; median, min–max: wall time of one full analysis over all runs;',
      'CPU: median user+system time of the process per analysis (GC threads included);',
      'reference CPU: median CPU time of a loop that only indexes the entities and looks up each owner, system, dependency',
      '  and API reference once: the floor, to calibrate the machine and its load;',
      'input heap: the entities after a JSON round trip; report heap: what the report keeps alive;',
      'peak RSS: whole process (getrusage); RSS w/o analysis: peak RSS of a process that only generates the entities;',
      `load: highest 1-minute load average seen (${
        os.cpus().length
      } CPUs). Heap limit (--max-old-space-size): ${heapLimits}.`,
      '',
    ].join('\n'),
  );
  return ExitCode.Ok;
}
