import fs from 'fs';
import path from 'path';
import { Command, Option } from 'commander';
import { GitTemplateVersionSource } from '@conway/golden-path';
import {
  evaluateScorecards,
  failedRequiredChecks,
  isUnknown,
  RegistryUpdate,
  ScorecardDefinition,
  ServiceFacts,
  ServiceScorecardResult,
} from '@conway/plugin-scorecards-common';
import {
  collectServiceFacts,
  loadScorecardDirectory,
  loadScorecardFiles,
  readCatalogInfo,
} from '@conway/plugin-scorecards-node';
import { CliIo, ExitCode, UsageError } from '../lib/io';
import { offlineCatalogFacts } from '../lib/offlineCatalogFacts';
import { loadOwnershipConfig } from '../lib/ownershipConfig';
import { createStyle, Style } from '../lib/style';

/** The Conway repository this CLI runs from: its scorecards/ and templates/ are the defaults. */
// eslint-disable-next-line no-restricted-syntax
const CONWAY_REPO = path.resolve(__dirname, '../../../..');

/** Options of `conway scorecard check`. */
export interface ScorecardCheckOptions {
  serviceDir: string;
  /** A scorecard file, or the id of one in the scorecards directory; all of them by default. */
  scorecard?: string;
  /** Directory of scorecard definitions; the repository's scorecards/ by default. */
  scorecardsDir?: string;
  format?: 'text' | 'json';
  kubectl?: string;
  /**
   * The organisation's catalog files, directories or globs: the owner is
   * looked up and the ownership analysis run on them, as in the portal.
   * Without them those checks are unknown.
   */
  catalog?: string[];
}

function assertValid(update: RegistryUpdate): ScorecardDefinition[] {
  if (update.errors.length > 0) {
    throw new UsageError(
      update.errors
        .map(e => `Invalid scorecard ${e.file}:${e.line}: ${e.message}`)
        .join('\n'),
    );
  }
  return update.scorecards;
}

async function loadScorecards(
  options: ScorecardCheckOptions,
  cwd: string,
): Promise<ScorecardDefinition[]> {
  if (options.scorecard) {
    const file = path.resolve(cwd, options.scorecard);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return assertValid(await loadScorecardFiles([file]));
    }
  }
  const dir = path.resolve(
    cwd,
    options.scorecardsDir ??
      process.env.CONWAY_SCORECARDS_DIR ??
      path.join(CONWAY_REPO, 'scorecards'),
  );
  const all = assertValid(
    await loadScorecardDirectory(dir).catch(error => {
      throw new UsageError(
        `Cannot read the scorecards directory '${dir}': ${error.message}`,
      );
    }),
  );
  if (!options.scorecard) return all;
  const one = all.find(s => s.id === options.scorecard);
  if (!one) {
    throw new UsageError(
      `No scorecard file or id '${options.scorecard}' (ids in ${dir}: ${all
        .map(s => s.id)
        .join(', ')})`,
    );
  }
  return [one];
}

/** Released versions of the service's template from the Conway repository's git history, when readable. */
async function releasedVersions(
  template: string | undefined,
): Promise<string[] | undefined> {
  if (!template) return undefined;
  const repoDir = process.env.CONWAY_TEMPLATES_REPO || CONWAY_REPO;
  const source = new GitTemplateVersionSource({ repoDir });
  try {
    const versions = await source.listVersions(template);
    return versions.length > 0 ? versions : undefined;
  } catch {
    // Offline and outside a Conway checkout the distance is unknown: the check says so.
    return undefined;
  }
}

const MARK: Record<string, [string, keyof Style]> = {
  pass: ['✔', 'green'],
  fail: ['✘', 'red'],
  unknown: ['?', 'yellow'],
};

/**
 * What stands between the service and its next level: the next level's
 * required checks that do not pass, e.g. `bronze needs owner-is-team (unknown)`.
 */
function nextLevelGap(
  scorecard: ScorecardDefinition | undefined,
  result: ServiceScorecardResult,
): string | undefined {
  if (!scorecard) return undefined;
  const current = scorecard.levels.findIndex(l => l.id === result.level);
  const next = scorecard.levels[current + 1];
  if (!next) return undefined;
  const status = new Map(result.results.map(r => [r.checkId, r.status]));
  const missing = next.requiredChecks
    .filter(id => status.get(id) !== 'pass')
    .map(id => `${id} (${status.get(id) ?? 'not run'})`);
  return missing.length > 0
    ? `${next.id} needs ${missing.join(', ')}`
    : undefined;
}

function formatText(
  serviceDir: string,
  facts: ServiceFacts,
  results: ServiceScorecardResult[],
  scorecards: readonly ScorecardDefinition[],
  style: Style,
): string {
  const lines: string[] = [
    style.bold(`Conway scorecard check: ${serviceDir} (${facts.entityRef})`),
  ];
  if (isUnknown(facts.repository)) {
    lines.push(
      style.yellow(`Repository could not be read: ${facts.repository.unknown}`),
    );
  }
  for (const result of results) {
    lines.push(
      '',
      style.bold(`${result.scorecardId}: level ${result.level ?? 'none'}`) +
        style.dim(` (levels ${result.levels.join(' < ')})`),
    );
    const gap = nextLevelGap(
      scorecards.find(s => s.id === result.scorecardId),
      result,
    );
    if (gap) lines.push(`  next: ${gap}`);
    for (const check of result.results) {
      const [mark, colour] = MARK[check.status];
      const required = check.required ? ' required' : '';
      lines.push(
        `  ${style[colour](`${mark} ${check.status.padEnd(7)}`)} ${
          check.checkId
        } ${style.dim(`[${check.level}, ${check.severity}${required}]`)} ${
          check.reason
        }`,
      );
      if (check.status !== 'pass') {
        lines.push(`      how to fix: ${check.howToFix}`);
      }
    }
  }
  const failed = results.flatMap(r =>
    failedRequiredChecks(r).map(c => `${r.scorecardId}/${c.checkId}`),
  );
  lines.push(
    '',
    failed.length > 0
      ? style.red(`✘ Failed required checks: ${failed.join(', ')}`)
      : style.green('✔ No required check failed'),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `conway scorecard check`.
 *
 * @returns 1 when a required check fails, 2 for bad input, else 0 (unknown never fails)
 */
export async function runScorecardCheck(
  options: ScorecardCheckOptions,
  io: CliIo,
): Promise<number> {
  try {
    const serviceDir = path.resolve(io.cwd, options.serviceDir);
    if (!fs.statSync(serviceDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`No such directory '${options.serviceDir}'`);
    }
    const scorecards = await loadScorecards(options, io.cwd);
    const entity = await readCatalogInfo(serviceDir).catch(error => {
      throw new UsageError(error.message);
    });
    const annotations = entity.metadata.annotations ?? {};
    const catalog = options.catalog?.length
      ? await offlineCatalogFacts({
          catalog: options.catalog,
          serviceDir,
          service: entity,
          cwd: io.cwd,
          analysis: loadOwnershipConfig({ cwd: io.cwd }),
        })
      : undefined;
    const facts = await collectServiceFacts({
      entity,
      repositoryDir: serviceDir,
      repositoryOptions: { kubectl: options.kubectl },
      releasedVersions: await releasedVersions(
        Object.hasOwn(annotations, 'conway.dev/template')
          ? annotations['conway.dev/template']
          : undefined,
      ),
      owner: catalog?.owner ?? {
        unknown: 'the owner is not looked up offline (pass --catalog)',
      },
      ownershipFindings: catalog?.ownershipFindings ?? {
        unknown: 'no ownership report offline (pass --catalog)',
      },
      cluster: { unknown: 'no cluster data offline' },
    });
    const results = evaluateScorecards(scorecards, facts);
    const failed = results.some(r => failedRequiredChecks(r).length > 0);
    if (options.format === 'json') {
      io.stdout(
        `${JSON.stringify(
          { entityRef: facts.entityRef, passed: !failed, results },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout(
        formatText(
          options.serviceDir,
          facts,
          results,
          scorecards,
          createStyle(io.color),
        ),
      );
    }
    return failed ? ExitCode.Failed : ExitCode.Ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error ${error.message}\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
}

/** Registers `conway scorecard check`. */
export function registerScorecardCheck(
  scorecard: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  scorecard
    .command('check')
    .description(
      "Evaluate a service's repository and catalog-info.yaml against the scorecards (the portal's rules)",
    )
    .argument(
      '<service-dir>',
      'the service checkout (holding catalog-info.yaml)',
    )
    .option(
      '--scorecard <file|id>',
      'a scorecard YAML file, or the id of one in the scorecards directory (default: all of them)',
    )
    .option(
      '--scorecards-dir <dir>',
      "scorecard definitions (default: $CONWAY_SCORECARDS_DIR or the Conway repository's scorecards/)",
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--kubectl <path>', 'kubectl used to render kustomize overlays')
    .option(
      '--catalog <paths...>',
      "the organisation's catalog files, directories or globs (as for `conway ownership check`): the owner and the ownership findings are checked on them, as in the portal (default: unknown offline)",
    )
    .addHelpText(
      'after',
      '\nChecks and levels: docs/scorecards.md. Exit codes: 0 no required check failed (unknown never fails); 1 a required check failed; 2 usage error (no such directory, invalid scorecard or catalog-info.yaml).',
    )
    .action(
      async (
        serviceDir: string,
        opts: {
          scorecard?: string;
          scorecardsDir?: string;
          format: 'text' | 'json';
          kubectl?: string;
          catalog?: string[];
        },
      ) => {
        setExitCode(await runScorecardCheck({ serviceDir, ...opts }, io));
      },
    );
}
