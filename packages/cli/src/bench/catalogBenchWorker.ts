/**
 * One catalog-file measurement in a fresh process (spawned by
 * catalogBench.ts): reads one generated catalog file in one way and prints
 * one JSON line. Times start after the modules are loaded, so every mode
 * pays the same start-up outside its figure.
 *
 * Usage: node --require tsx/cjs catalogBenchWorker.ts <mode> <file>
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { analyzeOwnership } from '@conway/plugin-ownership-common';
import { runOwnershipCheck } from '../commands/ownershipCheck';
import { loadCatalogFiles } from '../lib/catalogFiles';
import {
  CATALOG_MODES,
  CatalogMode,
  CatalogWorkerResult,
} from './catalogModes';
import { resolveFloor } from './resolveFloor';
import { straightforwardAnalysis } from './straightforwardAnalysis';

/** Untimed runs before the timed one in `ours-warm`. */
const WARM_UP_RUNS = 4;

function parseWithYaml(text: string): unknown[] {
  return parseAllDocuments(text).map(doc => doc.toJS({ maxAliasCount: 100 }));
}

function parseWithJsYaml(text: string): unknown[] {
  return loadAll(text, null, { schema: CORE_SCHEMA });
}

/** One measurement's clock readings; cpuMs when the mode counts CPU itself. */
interface Measured {
  start: number;
  parsed: number;
  analysed: number;
  end: number;
  entities: number;
  findings: number;
  cpuMs?: number;
}

function cpuMsOf(usage: NodeJS.CpuUsage): number {
  return Math.round((usage.user + usage.system) / 1000);
}

async function measure(mode: CatalogMode, file: string): Promise<Measured> {
  const read = () => fs.readFileSync(file, 'utf8');
  const start = performance.now();
  let parsed = start;
  let entities = 0;
  let findings = 0;
  if (mode === 'yaml' || mode === 'js-yaml') {
    entities = (mode === 'yaml' ? parseWithYaml : parseWithJsYaml)(
      read(),
    ).length;
    parsed = performance.now();
  } else if (mode === 'reference-yaml' || mode === 'reference-js-yaml') {
    const docs = (mode === 'reference-yaml' ? parseWithYaml : parseWithJsYaml)(
      read(),
    );
    parsed = performance.now();
    const result = straightforwardAnalysis(docs as Record<string, any>[]);
    entities = result.entities;
    findings = result.findings;
  } else if (mode === 'reference-ours') {
    const loaded = await loadCatalogFiles([file], process.cwd());
    parsed = performance.now();
    const result = straightforwardAnalysis(loaded.entities.map(e => e.entity));
    entities = result.entities;
    findings = result.findings;
  } else if (mode === 'resolve-floor') {
    const loaded = await loadCatalogFiles([file], process.cwd());
    parsed = performance.now();
    entities = resolveFloor(loaded.entities.map(e => e.entity)).entities;
  } else if (mode === 'ours') {
    const loaded = await loadCatalogFiles([file], process.cwd());
    parsed = performance.now();
    const report = analyzeOwnership(loaded.entities.map(e => e.entity));
    entities = report.summary.entityCount;
    findings = report.findings.length;
  } else if (mode === 'ours-warm') {
    const cpu = process.cpuUsage();
    const loaded = await loadCatalogFiles([file], process.cwd());
    const input = loaded.entities.map(e => e.entity);
    parsed = performance.now();
    const loadCpu = process.cpuUsage(cpu);
    // Four runs to warm up, each report dropped before the next; only the fifth is timed.
    for (let run = 0; run < WARM_UP_RUNS; run++) analyzeOwnership(input);
    const timed = performance.now();
    const timedCpu = process.cpuUsage();
    const report = analyzeOwnership(input);
    const end = performance.now();
    const runCpu = process.cpuUsage(timedCpu);
    return {
      start,
      parsed,
      end: parsed + (end - timed),
      analysed: parsed + (end - timed),
      entities: report.summary.entityCount,
      findings: report.findings.length,
      // The load and the timed run, as the times are.
      cpuMs: cpuMsOf(loadCpu) + cpuMsOf(runCpu),
    };
  } else {
    return measureCheck(mode === 'check' ? 'json' : 'text', file, start);
  }
  const end = performance.now();
  return { start, parsed, end, analysed: end, entities, findings };
}

/** The counts a text report prints: its first line's entities, its sections' findings. */
function countsOfTextReport(text: string) {
  const entities = /^Conway ownership check: (\d+) entities/.exec(text);
  let findings = 0;
  const sections =
    /^(?:Errors|Warnings|Info) \((\d+)(?:, (\d+) more under root causes above)?\)$/gm;
  for (const [, listed, grouped] of text.matchAll(sections)) {
    findings += Number(listed) + Number(grouped ?? 0);
  }
  return { entities: Number(entities?.[1] ?? 0), findings };
}

/**
 * The whole command in-process, its phases timed apart. The output is written
 * to a file as it comes, as `conway ownership check > report` does: the
 * command's stdout is synchronous for files and pipes, so nothing keeps the
 * chunks. (Keeping them in a list made the collector copy tens of MB of
 * strings the command never holds.)
 */
async function measureCheck(
  format: 'json' | 'text',
  file: string,
  start: number,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-check-bench-'));
  const output = path.join(dir, `report.${format}`);
  const fd = fs.openSync(output, 'w');
  let parsed = start;
  let analysed = start;
  try {
    await runOwnershipCheck(
      {
        paths: [file],
        format,
        onPhase: phase => {
          if (phase === 'loaded') parsed = performance.now();
          else analysed = performance.now();
        },
      },
      {
        cwd: process.cwd(),
        color: false,
        stdout: text => {
          fs.writeSync(fd, text);
        },
        stderr: () => {},
      },
    );
  } finally {
    fs.closeSync(fd);
  }
  const end = performance.now();
  // Read back what the command wrote, outside the timed part.
  const text = fs.readFileSync(output, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  if (format === 'text') {
    return { start, parsed, analysed, end, ...countsOfTextReport(text) };
  }
  const { report } = JSON.parse(text);
  return {
    start,
    parsed,
    analysed,
    end,
    entities: report.summary.entityCount as number,
    findings: report.findings.length as number,
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2] as CatalogMode;
  const file = process.argv[3];
  if (!(mode in CATALOG_MODES) || !file) {
    throw new Error(
      `usage: catalogBenchWorker.ts <${Object.keys(CATALOG_MODES).join(
        '|',
      )}> <file>`,
    );
  }
  const cpu = process.cpuUsage();
  const measured: Measured = await measure(mode, file);
  const { start, parsed, analysed, end, entities, findings } = measured;
  const used = process.cpuUsage(cpu);
  const total = end - start;
  const result: CatalogWorkerResult = {
    mode,
    totalMs: Math.round(total),
    parseMs: Math.round(parsed - start),
    analysisMs: Math.round(analysed - parsed),
    outputMs: Math.round(end - analysed),
    cpuMs: measured.cpuMs ?? cpuMsOf(used),
    entities,
    findings,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
