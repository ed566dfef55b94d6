/** The ways catalogBenchWorker.ts reads a catalog file (shared with the parent, which must not run the worker). */

/** What each mode does. */
export const CATALOG_MODES = {
  yaml: "parse only: eemeli's yaml, parseAllDocuments + toJS (what conway used before)",
  'js-yaml': 'parse only: js-yaml loadAll, YAML 1.2 core schema',
  'reference-yaml':
    "straightforward analysis (straightforwardAnalysis.ts) after eemeli's yaml",
  'reference-js-yaml':
    'straightforward analysis (straightforwardAnalysis.ts) after js-yaml',
  'reference-ours':
    'straightforward analysis (straightforwardAnalysis.ts) after our loader (loadCatalogFiles): the floor for the whole check',
  'resolve-floor':
    'our loader, then only indexing every entity and resolving every reference (resolveFloor.ts): the least any analysis of the references does, with no check, finding or report',
  ours: 'loadCatalogFiles + analyzeOwnership (phases timed separately)',
  'ours-warm':
    'loadCatalogFiles, then analyzeOwnership five times in one process; the analysis figure is the fifth run (code compiled by the JIT, string hashes cached): what the analysis itself costs once start-up costs are gone (peak RSS holds five reports)',
  check:
    'the whole `conway ownership check --format json` in-process, output written to a temporary file (as `> report.json`); load, analysis and output timed apart',
  'check-text':
    'the same with the default text output (every finding with its file and line)',
} as const;

export type CatalogMode = keyof typeof CATALOG_MODES;

export interface CatalogWorkerResult {
  mode: CatalogMode;
  /** Whole mode: read, parse, analyse (and format, for `check`), ms. */
  totalMs: number;
  /** Reading and parsing (for `ours`: loadCatalogFiles), ms. */
  parseMs: number;
  /** What follows the parse, ms (0 for the parse-only modes; for the checks, up to the output). */
  analysisMs: number;
  /** For the checks: formatting and writing the report, ms (0 otherwise). */
  outputMs: number;
  cpuMs: number;
  entities: number;
  findings: number;
  /** Highest RSS of the process, MB (getrusage maxrss). */
  peakRssMb: number;
}
