/**
 * One benchmark measurement in a fresh process (spawned by ownershipBench.ts
 * with --expose-gc): generates a synthetic organisation, then either stops
 * (mode `generate`, the memory baseline) or analyses it `runs` times. Prints
 * one JSON line with the measurements.
 *
 * Usage: node --expose-gc --require tsx/cjs ownershipBenchWorker.ts <entities> <runs> <seed> <analyze|generate>
 */
import os from 'os';
import {
  analyzeOwnership,
  generateSyntheticOrg,
} from '@conway/plugin-ownership-common';

export interface WorkerResult {
  entities: number;
  mode: 'analyze' | 'generate';
  runs: number;
  /** Wall time of each analysis run, ms. */
  wallMs: number[];
  /** CPU time (user + system, all threads) of each run, ms. */
  cpuMs: number[];
  /** CPU time of each run of the reference loop (see referenceLoop), ms. */
  referenceCpuMs: number[];
  generateMs: number;
  /** Heap used by the generated entities (after a full GC), MB. */
  inputHeapMb: number;
  /** RSS before the first analysis, MB. */
  rssBeforeMb: number;
  /** Highest RSS of the process, MB (getrusage maxrss). */
  peakRssMb: number;
  /** Heap still used with the last report alive (after a full GC), MB. */
  reportHeapMb: number;
  findings: number;
  score: number;
  /** One-minute load average when the process started and when it ended. */
  loadBefore: number;
  loadAfter: number;
}

const MB = 1024 * 1024;

function gc(): void {
  const collect = (globalThis as { gc?: (options?: object) => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  // The first full collection can leave temporaries of the caller alive; the second settles the heap.
  collect({ type: 'major', execution: 'sync' });
  collect({ type: 'major', execution: 'sync' });
}

/**
 * The least any analysis of these entities does: index them by ref and look
 * up each owner, system, dependency and API reference once. Its time calibrates
 * the analysis' time against the machine (and its load) it ran on.
 */
function referenceLoop(entities: any[]): number {
  const index = new Map<string, unknown>();
  for (const e of entities) {
    index.set(`${e.kind}:default/${e.metadata.name}`.toLowerCase(), e);
  }
  let found = 0;
  const look = (ref: unknown, kind: string) => {
    if (typeof ref !== 'string') return;
    const key = ref.includes(':')
      ? ref.replace(':', ':default/')
      : `${kind}:default/${ref}`;
    if (index.has(key.toLowerCase())) found++;
  };
  for (const e of entities) {
    const spec = e.spec ?? {};
    look(spec.owner, 'group');
    look(spec.system, 'system');
    for (const r of spec.dependsOn ?? []) look(r, 'component');
    for (const r of spec.consumesApis ?? []) look(r, 'api');
    for (const r of spec.providesApis ?? []) look(r, 'api');
    for (const r of spec.memberOf ?? []) look(r, 'group');
  }
  return found;
}

/** Through JSON, so the entities look like those parsed from catalog files or the catalog API (flat, distinct strings). */
function loadOrg(entities: number, seed: number): unknown[] {
  return JSON.parse(JSON.stringify(generateSyntheticOrg({ entities, seed })));
}

function main(): void {
  const [entities, runs, seed] = process.argv.slice(2, 5).map(Number);
  const load = os.loadavg()[0];
  const mode = process.argv[5] === 'generate' ? 'generate' : 'analyze';
  let start = performance.now();
  const org = loadOrg(entities, seed);
  const generateMs = performance.now() - start;
  gc();
  const inputHeap = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const result: WorkerResult = {
    entities: org.length,
    mode,
    runs: mode === 'analyze' ? runs : 0,
    wallMs: [],
    cpuMs: [],
    referenceCpuMs: [],
    generateMs: Math.round(generateMs),
    inputHeapMb: Math.round(inputHeap / MB),
    rssBeforeMb: Math.round(rssBefore / MB),
    peakRssMb: 0,
    reportHeapMb: 0,
    findings: 0,
    score: 0,
    loadBefore: Math.round(load * 10) / 10,
    loadAfter: 0,
  };
  let report: ReturnType<typeof analyzeOwnership> | undefined;
  for (let i = 0; mode === 'analyze' && i < runs; i++) {
    report = undefined;
    gc();
    const cpu = process.cpuUsage();
    start = performance.now();
    report = analyzeOwnership(org);
    result.wallMs.push(Math.round(performance.now() - start));
    const used = process.cpuUsage(cpu);
    result.cpuMs.push(Math.round((used.user + used.system) / 1000));
  }
  for (let i = 0; mode === 'analyze' && i < runs; i++) {
    gc();
    const cpu = process.cpuUsage();
    referenceLoop(org as any[]);
    const used = process.cpuUsage(cpu);
    result.referenceCpuMs.push(Math.round((used.user + used.system) / 1000));
  }
  gc();
  result.reportHeapMb = Math.max(
    0,
    Math.round((process.memoryUsage().heapUsed - inputHeap) / MB),
  );
  // maxRSS is in kilobytes.
  result.peakRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / MB);
  result.findings = report?.findings.length ?? 0;
  result.score = report?.summary.score ?? 0;
  result.loadAfter = Math.round(os.loadavg()[0] * 10) / 10;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
