import fs from 'fs';
import path from 'path';
import { Command, Option } from 'commander';
import YAML from 'yaml';
import {
  applyUpgrade,
  DirectoryTemplateVersionSource,
  GitTemplateVersionSource,
  planUpgrade,
  TemplateVersionSource,
  UpgradeError,
  upgradeRepository,
  type JsonObject,
  type UpgradeResult,
} from '@conway/golden-path';
import { CliIo, ExitCode, UsageError } from '../lib/io';
import { createStyle, Style } from '../lib/style';

/** Options of `conway upgrade`. */
export interface UpgradeCommandOptions {
  /** The service's working copy; default: the current directory. */
  dir?: string;
  /** Target version; default: the newest release. */
  to?: string;
  /** JSON or YAML file with answers for new parameters, secrets, or changed answers. */
  answers?: string;
  /** Git repository whose history holds the templates; default: $CONWAY_TEMPLATES_REPO or this Conway repository. */
  templates?: string;
  /** Directory of the templates inside that repository. */
  templatesPath?: string;
  /** Packaged versions (`<dir>/<name>/<version>/`) instead of git history. */
  templateVersions?: string;
  dryRun?: boolean;
  /** Commit on a new branch instead of leaving the changes in the working copy. */
  commit?: boolean;
  branch?: string;
  format?: 'text' | 'json';
  failOnConflict?: boolean;
}

/** The Conway repository this CLI runs from: its templates/ are the default version source. */
// eslint-disable-next-line no-restricted-syntax
const CONWAY_REPO = path.resolve(__dirname, '../../../..');

function readAnswers(file: string, cwd: string): JsonObject {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read answers file '${file}': ${(error as Error).message}`,
    );
  }
  let answers: unknown;
  try {
    answers = /\.ya?ml$/i.test(full) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Answers file '${file}' is not valid ${
        /\.ya?ml$/i.test(full) ? 'YAML' : 'JSON'
      }: ${(error as Error).message}`,
    );
  }
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
    throw new UsageError(
      `Answers file '${file}' must hold an object of parameter names to values`,
    );
  }
  return answers as JsonObject;
}

function createSource(
  options: UpgradeCommandOptions,
  cwd: string,
): TemplateVersionSource {
  if (options.templateVersions) {
    return new DirectoryTemplateVersionSource({
      root: path.resolve(cwd, options.templateVersions),
    });
  }
  const repoDir = options.templates
    ? path.resolve(cwd, options.templates)
    : process.env.CONWAY_TEMPLATES_REPO || CONWAY_REPO;
  return new GitTemplateVersionSource({
    repoDir,
    templatesPath: options.templatesPath,
  });
}

const ACTION_COLOURS: Record<string, keyof Style> = {
  added: 'green',
  updated: 'blue',
  merged: 'blue',
  renamed: 'blue',
  deleted: 'red',
  conflict: 'yellow',
};

function formatText(
  result: UpgradeResult,
  details: { dir: string; dryRun: boolean; branch?: string; commit?: string },
  style: Style,
): string {
  const lines: string[] = [];
  const what = `${result.template} ${result.fromVersion} → ${result.toVersion}`;
  lines.push(
    `${style.bold('Golden-path upgrade')}: ${what} in ${details.dir}${
      details.dryRun ? style.dim(' (dry run: nothing written)') : ''
    }`,
    '',
  );
  const shown = result.changes.filter(c => c.action !== 'unchanged');
  for (const change of shown) {
    const colour = ACTION_COLOURS[change.action] ?? 'dim';
    const name = change.from ? `${change.from} → ${change.path}` : change.path;
    const kind = change.conflict ? style.dim(` (${change.conflict})`) : '';
    lines.push(`  ${style[colour](change.action.padEnd(9))} ${name}${kind}`);
  }
  const unchanged = result.changes.length - shown.length;
  if (unchanged > 0) {
    lines.push(
      style.dim(
        `  ${unchanged} ${unchanged === 1 ? 'file' : 'files'} unchanged`,
      ),
    );
  }
  if (result.newParameters.length > 0) {
    lines.push('', `New parameters: ${result.newParameters.join(', ')}`);
  }
  if (result.droppedAnswers.length > 0) {
    lines.push(
      `Answers no longer used by ${
        result.toVersion
      }: ${result.droppedAnswers.join(', ')}`,
    );
  }
  for (const warning of result.warnings) {
    lines.push(`${style.yellow('warning')} ${warning}`);
  }
  if (result.conflicts.length > 0) {
    lines.push(
      '',
      style.yellow(
        `${result.conflicts.length} ${
          result.conflicts.length === 1 ? 'conflict' : 'conflicts'
        } to resolve:`,
      ),
      ...result.conflicts.map(
        c => `  ${c.path} ${style.dim(`(${c.kind})`)}: ${c.message}`,
      ),
    );
  }
  if (result.changelog) {
    lines.push(
      '',
      'Changelog:',
      ...result.changelog
        .trimEnd()
        .split('\n')
        .map(l => (l ? `  ${l}` : '')),
    );
  }
  lines.push('');
  const changed = shown.length;
  if (changed === 0) {
    lines.push(`${style.green('✔')} Up to date: nothing to change`);
  } else if (details.dryRun) {
    lines.push(
      `${style.blue('ℹ')} ${changed} ${
        changed === 1 ? 'file' : 'files'
      } would change; run without --dry-run to upgrade`,
    );
  } else if (details.commit) {
    lines.push(
      `${style.green('✔')} Committed on branch ${
        details.branch
      } (${details.commit.slice(0, 12)}); the working copy is on that branch${
        result.conflicts.length > 0 ? ': resolve the conflicts there' : ''
      }`,
    );
  } else {
    lines.push(
      `${style.green('✔')} Upgraded the working copy: review with git diff${
        result.conflicts.length > 0 ? ', resolve the conflicts' : ''
      }, then commit`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `conway upgrade`: moves a generated service to another version of its
 * golden-path template, keeping the team's changes. Returns the exit code: 0
 * when upgraded (conflicts included, unless `failOnConflict`), up to date or
 * planned; 1 on conflicts with `failOnConflict`, or when writing failed (the
 * files are restored); 2 when refused before anything was touched.
 */
export async function runUpgrade(
  options: UpgradeCommandOptions,
  io: CliIo,
): Promise<number> {
  const style = createStyle(io.color);
  const format = options.format ?? 'text';
  const dir = path.resolve(io.cwd, options.dir ?? '.');
  const relative = path.relative(io.cwd, dir);
  const shownDir =
    relative.startsWith('..') || path.isAbsolute(relative)
      ? dir
      : relative || '.';
  let source: TemplateVersionSource | undefined;
  try {
    if (options.dryRun && options.commit) {
      throw new UsageError('--dry-run and --commit exclude each other');
    }
    if (options.branch && !options.commit) {
      throw new UsageError('--branch needs --commit');
    }
    if (options.templates && options.templateVersions) {
      throw new UsageError(
        '--templates and --template-versions exclude each other',
      );
    }
    const newAnswers = options.answers
      ? readAnswers(options.answers, io.cwd)
      : undefined;
    source = createSource(options, io.cwd);
    const upgrade = { source, targetVersion: options.to, newAnswers };

    let result: UpgradeResult;
    let branch: string | undefined;
    let commit: string | undefined;
    if (options.commit) {
      const committed = await upgradeRepository({
        ...upgrade,
        repoDir: dir,
        branch: options.branch,
      });
      ({ branch, commit } = committed);
      result = committed;
    } else {
      const plan = await planUpgrade({ ...upgrade, serviceDir: dir });
      result = options.dryRun ? plan : await applyUpgrade(plan);
    }

    if (format === 'json') {
      const {
        serviceDir: _serviceDir,
        operations: _operations,
        observed: _observed,
        ...summary
      } = result as UpgradeResult & Record<string, unknown>;
      io.stdout(
        `${JSON.stringify(
          {
            dryRun: Boolean(options.dryRun),
            serviceDir: dir,
            ...summary,
            branch,
            commit,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout(
        formatText(
          result,
          { dir: shownDir, dryRun: Boolean(options.dryRun), branch, commit },
          style,
        ),
      );
    }
    return options.failOnConflict && result.conflicts.length > 0
      ? ExitCode.Failed
      : ExitCode.Ok;
  } catch (error) {
    const refused =
      error instanceof UsageError ||
      (error instanceof UpgradeError && error.code !== 'apply-failed');
    if (!refused && !(error instanceof UpgradeError)) {
      throw error;
    }
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          {
            error: {
              code: error instanceof UpgradeError ? error.code : 'usage',
              message: error.message,
              fields: error instanceof UpgradeError ? error.fields : [],
            },
          },
          null,
          2,
        )}\n`,
      );
    }
    io.stderr(`${style.red('error')} ${error.message}\n`);
    if (refused) {
      io.stderr(`${style.dim('Nothing was changed.')}\n`);
    }
    return refused ? ExitCode.Usage : ExitCode.Failed;
  } finally {
    await source?.dispose?.();
  }
}

/** Adds `upgrade` to the program. */
export function registerUpgrade(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('upgrade')
    .description(
      "Upgrade a service generated from a golden path to a newer template version, keeping the team's changes (three-way merge)",
    )
    .argument('[dir]', "the service's git working copy", '.')
    .option('--to <version>', 'target template version (default: the newest)')
    .option(
      '--answers <file>',
      'JSON or YAML answers for new parameters and secrets, or to change recorded answers',
    )
    .option(
      '--templates <dir>',
      'git repository whose history holds templates/<name>/ (default: $CONWAY_TEMPLATES_REPO or this Conway repository)',
    )
    .option(
      '--templates-path <path>',
      'directory of the templates in that repository',
      'templates',
    )
    .option(
      '--template-versions <dir>',
      'packaged template versions (<dir>/<name>/<version>/) instead of git history',
    )
    .option('--dry-run', 'show what would change, write nothing')
    .option(
      '--commit',
      'commit on a new branch golden-path/upgrade-<template>-<version> and stay on it',
    )
    .option('--branch <name>', 'branch name for --commit')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--fail-on-conflict', 'exit 1 when the upgrade leaves conflicts')
    .addHelpText(
      'after',
      [
        '',
        'The working copy must be a clean git working copy. Without --commit the upgrade is left',
        'uncommitted for review (git diff); conflicts carry standard conflict markers.',
        '',
        'Exit codes: 0 upgraded (conflicts listed), up to date, or dry run; 1 conflicts with',
        '--fail-on-conflict, or writing failed (files restored); 2 refused, nothing changed',
        '(unknown version, missing answers, uncommitted changes, not a golden-path service, usage).',
      ].join('\n'),
    )
    .action(async (dir: string, opts: Omit<UpgradeCommandOptions, 'dir'>) => {
      setExitCode(await runUpgrade({ ...opts, dir }, io));
    });
}
