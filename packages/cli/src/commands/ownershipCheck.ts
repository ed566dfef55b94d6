import fs from 'fs';
import path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  analyzeOwnership,
  FindingType,
  reportToCsv,
} from '@conway/plugin-ownership-common';
import {
  findDefaultCatalogFile,
  LoadedEntity,
  loadCatalogFiles,
} from '../lib/catalogFiles';
import { formatOwnershipReport } from '../lib/formatOwnershipReport';
import {
  formatHistoryReport,
  HistoryCheckOptions,
  mineHistoryForCheck,
  parseSince,
} from '../lib/historyReport';
import { CliIo, ExitCode, UsageError } from '../lib/io';
import { writeJson } from '../lib/jsonWriter';
import { loadOwnershipConfig, parseFindingTypes } from '../lib/ownershipConfig';
import { createStyle } from '../lib/style';

export type OutputFormat = 'text' | 'json' | 'csv';

export interface OwnershipCheckOptions {
  /** Catalog files, directories or globs; default: the nearest catalog-info.yaml. */
  paths: string[];
  /** A configuration file; default: nearest conway-ownership.yaml or app-config.yaml. */
  config?: string;
  format?: OutputFormat;
  /** Finding types that fail the check, overriding the configuration. */
  failOn?: string[];
  teamLoadThreshold?: number;
  /** Layers, top first (`--layer-order`), overriding ownership.analysis.layerOrder. */
  layerOrder?: string[];
  /** `--hub-min-degree`, overriding ownership.analysis.hubMinDegree. */
  hubMinDegree?: number;
  /** Fetch absolute URL targets of `url` Locations (default: offline, each named in a warning). */
  allowNetwork?: boolean;
  /** Also mine the components' git histories (`--history`): declared vs actual owner. */
  history?: HistoryCheckOptions;
  /**
   * Called as the catalog files are loaded and as the analysis ends, so that
   * a benchmark can time loading, analysis and output apart.
   */
  onPhase?: (phase: 'loaded' | 'analysed') => void;
}

/** Where each entity is defined, `file:line`, every definition (for duplicates). */
function placesOfEntities(
  entities: LoadedEntity[],
  shown: (file: string) => string,
): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const { entity, file, line } of entities) {
    const metadata = (entity.metadata ?? {}) as Record<string, unknown>;
    if (typeof entity.kind !== 'string' || typeof metadata.name !== 'string') {
      continue;
    }
    const ns =
      typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const key = `${entity.kind}:${ns}/${metadata.name}`.toLowerCase();
    const list = places.get(key) ?? [];
    list.push(`${shown(file)}:${line}`);
    places.set(key, list);
  }
  return places;
}

/**
 * `conway ownership check`: reads catalog files, analyses ownership and
 * reports. Returns the exit code: 0 when no finding has a type configured as
 * an error, 1 when one has or when a file cannot be read or parsed, 2 for a
 * usage or configuration error.
 */
export async function runOwnershipCheck(
  options: OwnershipCheckOptions,
  io: CliIo,
): Promise<number> {
  const style = createStyle(io.color);
  const format = options.format ?? 'text';
  try {
    const config = loadOwnershipConfig({
      configPath: options.config,
      cwd: io.cwd,
    });
    const failOn = options.failOn
      ? parseFindingTypes(options.failOn, '--fail-on')
      : config.errors;
    const analysisOptions = {
      teamLoadThreshold: options.teamLoadThreshold ?? config.teamLoadThreshold,
      teamTypes: config.teamTypes,
      layerOrder: options.layerOrder ?? config.layerOrder,
      hubMinDegree: options.hubMinDegree ?? config.hubMinDegree,
    };
    try {
      // Checked before any file is read: an invalid layer order is a usage error.
      analyzeOwnership([], analysisOptions);
    } catch (error) {
      const from = options.layerOrder
        ? '--layer-order'
        : `${config.source ?? 'configuration'}: ownership.analysis`;
      throw new UsageError(`${from}: ${(error as Error).message}`);
    }

    const examples = options.history?.examples;
    if (examples && !fs.existsSync(path.resolve(io.cwd, examples))) {
      // Checked before any file is read, like the options above.
      throw new UsageError(`--history-examples: ${examples} does not exist`);
    }

    let paths = options.paths;
    if (paths.length === 0) {
      const found = findDefaultCatalogFile(io.cwd);
      if (!found) {
        throw new UsageError(
          `No catalog-info.yaml in ${io.cwd} or above it; name the catalog files to check`,
        );
      }
      paths = [found];
    }
    const loaded = await loadCatalogFiles(paths, io.cwd, {
      allowNetwork: options.allowNetwork,
    });
    options.onPhase?.('loaded');
    // Findings of one file name it thousands of times: compute each file's shown name once.
    const shownNames = new Map<string, string>();
    const shown = (file: string) => {
      let name = shownNames.get(file);
      if (name === undefined) {
        name = path.relative(io.cwd, file) || file;
        shownNames.set(file, name);
      }
      return name;
    };
    for (const warning of loaded.warnings) {
      io.stderr(`${style.yellow('warning')} ${warning}\n`);
    }
    if (loaded.errors.length > 0) {
      for (const error of loaded.errors) {
        io.stderr(`${style.red('error')} ${error.file}: ${error.message}\n`);
      }
      const what =
        loaded.errors.length === 1
          ? 'A catalog file'
          : `${loaded.errors.length} catalog files`;
      io.stderr(
        `${style.red('✖')} ${what} could not be read; nothing was checked\n`,
      );
      return ExitCode.Failed;
    }

    const report = analyzeOwnership(
      loaded.entities.map(e => e.entity),
      analysisOptions,
      {
        sourceOf: position => ({
          file: shown(loaded.entities[position].file),
          line: loaded.entities[position].line,
        }),
      },
    );
    const history = options.history
      ? await mineHistoryForCheck(
          loaded.entities,
          { options: config.history, ...options.history },
          io.cwd,
        )
      : undefined;
    options.onPhase?.('analysed');
    const failTypes = new Set<FindingType>(failOn ?? []);
    const failing = [
      ...report.findings,
      ...(history?.report.findings ?? []),
    ].filter(f => (failOn ? failTypes.has(f.type) : f.severity === 'error'));
    const passed = failing.length === 0;

    if (format === 'json') {
      const output = {
        check: {
          passed,
          failOn: failOn ?? 'severity:error',
          failingFindingIds: failing.map(f => f.id),
          configFile: config.source ?? null,
        },
        sources: {
          files: loaded.files.map(shown),
          warnings: loaded.warnings,
        },
        report,
        ...(history
          ? {
              history: {
                ...history.report,
                runs: history.runs,
                withoutSourceLocation: history.withoutSourceLocation,
              },
            }
          : {}),
      };
      // Written in chunks: the report of a large catalog is tens of MB.
      writeJson(output, io.stdout);
      io.stdout('\n');
    } else if (format === 'csv') {
      io.stdout(reportToCsv(report));
    } else {
      // Only duplicates and findings without a source need every place: built when first asked.
      let places: Map<string, string[]> | undefined;
      const files = loaded.files.length;
      const configNote = config.source
        ? style.dim(` (config: ${config.source})`)
        : '';
      io.stdout(
        `${style.bold('Conway ownership check')}: ${
          report.summary.entityCount
        } entities from ${files} ${
          files === 1 ? 'file' : 'files'
        }${configNote}\n\n`,
      );
      io.stdout(
        formatOwnershipReport(report, {
          style,
          placesOf: ref =>
            (places ??= placesOfEntities(loaded.entities, shown)).get(ref) ??
            [],
          failing: new Set(failing.map(f => f.id)),
        }),
      );
      if (history) {
        io.stdout(
          `\n${formatHistoryReport(
            history,
            style,
            new Set(failing.map(f => f.id)),
          )}`,
        );
      }
      const rule = failOn
        ? `types configured as errors: ${failOn.join(', ') || 'none'}`
        : 'findings of severity error';
      if (passed) {
        io.stdout(`\n${style.green('✔')} Passed (${rule})\n`);
      } else {
        const perType = new Map<string, number>();
        for (const f of failing) {
          perType.set(f.type, (perType.get(f.type) ?? 0) + 1);
        }
        const detail = [...perType]
          .map(([type, n]) => `${type}: ${n}`)
          .join(', ');
        const count = `${failing.length} ${
          failing.length === 1 ? 'finding' : 'findings'
        }`;
        io.stdout(
          `\n${style.red(
            '✖',
          )} Failed: ${count} (${detail}); failing on ${rule}\n`,
        );
      }
    }
    return passed ? ExitCode.Ok : ExitCode.Failed;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${style.red('error')} ${error.message}\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
}

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Not a positive number.');
  }
  return n;
}

function parseWholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError('Not a positive whole number.');
  }
  return n;
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
}

/** Adds `check` to the `ownership` command group. */
export function registerOwnershipCheck(
  ownership: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  ownership
    .command('check')
    .description(
      "Analyse ownership in catalog files (Conway's law): orphans, split systems, cross-team coupling, team load",
    )
    .argument(
      '[paths...]',
      'catalog files, directories (searched for catalog-info.yaml) or globs; default: the nearest catalog-info.yaml',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'csv'])
        .default('text'),
    )
    .option(
      '--config <file>',
      'configuration file (default: nearest conway-ownership.yaml or app-config.yaml, section ownership)',
    )
    .option(
      '--fail-on <types>',
      'comma-separated finding types that fail the check (overrides ownership.check.errors)',
      parseList,
    )
    .option(
      '--allow-network',
      'fetch absolute http(s) targets of url Locations (default: not followed, named in a warning)',
    )
    .option(
      '--history',
      "also mine the components' git histories (backstage.io/source-location): declared vs actual owner, fragmentation, knowledge at risk, coordination pairs (text and json)",
    )
    .option(
      '--since <duration>',
      'history window, e.g. 12m, 26w, 90d, 1y (default 12m)',
      parseSince,
    )
    .option(
      '--history-cache <dir>',
      'clones of remote repositories and the last run per repository (incremental); without it remote repositories are not read',
    )
    .option(
      '--history-examples <file>',
      'scripted example repositories (e.g. org/histories/example.yaml), made and mined as the sources of the components they name that have none: example data for the example org',
    )
    .option(
      '--team-load-threshold <n>',
      'owned entities per member above which a team is overloaded',
      parseThreshold,
    )
    .option(
      '--layer-order <layers>',
      'comma-separated layers, top first (component types or conway.dev/layer values): dependencies may only point down (default website,service,library)',
      parseList,
    )
    .option(
      '--hub-min-degree <n>',
      'fewest dependencies in or out that can make a component a hub (default 5)',
      parseWholeNumber,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 passed; 1 a finding of a type configured as error, or a catalog file that cannot be read; 2 usage or configuration error.',
    )
    .action(
      async (
        paths: string[],
        opts: {
          format: OutputFormat;
          config?: string;
          failOn?: string[];
          teamLoadThreshold?: number;
          layerOrder?: string[];
          hubMinDegree?: number;
          allowNetwork?: boolean;
          history?: boolean;
          since?: number;
          historyCache?: string;
          historyExamples?: string;
        },
      ) => {
        setExitCode(
          await runOwnershipCheck(
            {
              paths,
              format: opts.format,
              config: opts.config,
              failOn: opts.failOn,
              teamLoadThreshold: opts.teamLoadThreshold,
              layerOrder: opts.layerOrder,
              hubMinDegree: opts.hubMinDegree,
              allowNetwork: opts.allowNetwork,
              history:
                opts.history ||
                opts.since ||
                opts.historyCache ||
                opts.historyExamples
                  ? {
                      windowDays: opts.since,
                      cacheDir: opts.historyCache,
                      examples: opts.historyExamples,
                    }
                  : undefined,
            },
            io,
          ),
        );
      },
    );
}
