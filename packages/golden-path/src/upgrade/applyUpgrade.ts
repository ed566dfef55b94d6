import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { toSafeRelativePath } from '../render/safePath';
import { GitCommandError, runGit } from './git';
import type { UpgradePlan, UpgradeResult } from './planUpgrade';
import { readServiceFile } from './planUpgrade';
import { UpgradeError } from './UpgradeError';

/** Options of {@link applyUpgrade}. @public */
export interface ApplyUpgradeOptions {
  /**
   * Refuse unless the service directory is in a git working tree without
   * uncommitted changes or untracked files (default true), so that
   * `git diff` shows exactly the upgrade and `git checkout .` undoes it.
   */
  requireCleanGit?: boolean;
}

/** Undo log of an applied upgrade. */
export interface AppliedUpgrade {
  result: UpgradeResult;
  /** Paths written or deleted, relative to the service directory. */
  touched: string[];
  /** Puts back every file and directory as it was before the upgrade. */
  rollBack(): Promise<void>;
}

/** Refuses a directory outside git or with uncommitted changes. */
export async function assertCleanWorkingCopy(dir: string): Promise<void> {
  const status = await runGit(
    ['status', '--porcelain', '--untracked-files=all', '--', '.'],
    { cwd: dir, allowFailure: true },
  );
  if (status.exitCode !== 0) {
    if (/not a git repository/i.test(status.stderr)) {
      throw new UpgradeError(
        'not-a-git-repository',
        `'${dir}' is not in a git working tree: commit the service to git first, so the upgrade can be reviewed and undone`,
      );
    }
    throw new GitCommandError(['status'], status.exitCode, status.stderr);
  }
  const changes = status.stdout.toString('utf8').split('\n').filter(Boolean);
  if (changes.length > 0) {
    const shown = changes.slice(0, 10).map(line => `  ${line}`);
    if (changes.length > 10) {
      shown.push(`  … and ${changes.length - 10} more`);
    }
    throw new UpgradeError(
      'dirty-working-copy',
      `'${dir}' has uncommitted changes; commit or stash them first:\n${shown.join(
        '\n',
      )}`,
    );
  }
}

const hashOf = (content: Buffer) =>
  createHash('sha1').update(content).digest('hex');

/** Strips the plan down to what it reports. */
export function resultOf(plan: UpgradePlan): UpgradeResult {
  const {
    serviceDir: _serviceDir,
    operations: _operations,
    observed: _observed,
    ...result
  } = plan;
  return result;
}

interface Journal {
  /** Files as they were before: content and mode, or undefined when they did not exist. */
  files: Map<string, { content: Buffer; mode: number } | undefined>;
  createdDirs: string[];
  removedDirs: string[];
}

async function restore(journal: Journal): Promise<void> {
  for (const dir of [...journal.removedDirs].reverse()) {
    await fs.mkdir(dir, { recursive: true }).catch(() => undefined);
  }
  for (const [file, before] of [...journal.files].reverse()) {
    if (before) {
      await fs.mkdir(path.dirname(file), { recursive: true }).catch(() => {});
      await fs.writeFile(file, before.content).catch(() => undefined);
      await fs.chmod(file, before.mode).catch(() => undefined);
    } else {
      await fs.rm(file, { force: true }).catch(() => undefined);
    }
  }
  for (const dir of [...journal.createdDirs].reverse()) {
    await fs.rmdir(dir).catch(() => undefined);
  }
}

/** Creates the parent directories of a file below root, never through a symlink or a file. */
async function ensureParents(root: string, relative: string, journal: Journal) {
  let current = root;
  for (const segment of relative.split('/').slice(0, -1)) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (!stat) {
      await fs.mkdir(current);
      journal.createdDirs.push(current);
    } else if (!stat.isDirectory() || stat.isSymbolicLink()) {
      throw new Error(`'${current}' is not a directory`);
    }
  }
}

/** Removes directories left empty by deletions, up to (not including) root. */
async function pruneEmptyParents(root: string, file: string, journal: Journal) {
  for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) {
    if ((await fs.readdir(dir)).length > 0) {
      return;
    }
    await fs.rmdir(dir);
    journal.removedDirs.push(dir);
  }
}

/**
 * Writes a planned upgrade and keeps what is needed to undo it: used by
 * {@link applyUpgrade} and by {@link upgradeRepository}, which may have to
 * undo it when the commit fails.
 */
export async function applyPlan(
  plan: UpgradePlan,
  options: ApplyUpgradeOptions = {},
): Promise<AppliedUpgrade> {
  const root = plan.serviceDir;
  if (options.requireCleanGit ?? true) {
    await assertCleanWorkingCopy(root);
  }
  for (const [file, expected] of Object.entries(plan.observed)) {
    const now = await readServiceFile(root, file);
    const seen = now.kind === 'file' ? hashOf(now.content) : now.kind;
    if (seen !== expected) {
      throw new UpgradeError(
        'stale-plan',
        `'${file}' in '${root}' changed since the upgrade was planned; plan it again`,
      );
    }
  }

  const journal: Journal = {
    files: new Map(),
    createdDirs: [],
    removedDirs: [],
  };
  const remember = async (file: string) => {
    if (journal.files.has(file)) {
      return;
    }
    const stat = await fs.lstat(file).catch(() => undefined);
    journal.files.set(
      file,
      stat?.isFile()
        ? { content: await fs.readFile(file), mode: stat.mode & 0o7777 }
        : undefined,
    );
  };
  let current: string | undefined;
  try {
    for (const op of plan.operations) {
      current = op.path;
      const relative = toSafeRelativePath(op.path);
      const file = path.join(root, ...relative.split('/'));
      await remember(file);
      if (op.type === 'delete') {
        await fs.rm(file);
        await pruneEmptyParents(root, file, journal);
        continue;
      }
      await ensureParents(root, relative, journal);
      const before = journal.files.get(file);
      await fs.writeFile(file, op.content, {
        flag: before ? 'w' : 'wx',
        mode: op.executable ? 0o755 : 0o644,
      });
      const mode = before?.mode ?? (await fs.stat(file)).mode & 0o7777;
      const wanted = op.executable
        ? mode | ((mode & 0o444) >> 2)
        : mode & ~0o111;
      if (wanted !== ((await fs.stat(file)).mode & 0o7777)) {
        await fs.chmod(file, wanted);
      }
    }
  } catch (error) {
    await restore(journal);
    throw new UpgradeError(
      'apply-failed',
      `Upgrading '${root}' failed at '${current}': ${
        (error as Error).message
      }; every file was restored`,
      { cause: error },
    );
  }
  return {
    result: resultOf(plan),
    touched: plan.operations.map(op => op.path),
    rollBack: () => restore(journal),
  };
}

/**
 * Writes a planned upgrade into the service directory, all or nothing.
 *
 * @remarks
 * Refuses (before writing) a directory that is not a clean git working copy
 * unless `requireCleanGit` is false, and a directory whose files changed since
 * {@link planUpgrade} read them. If a write fails, every file and directory is
 * restored and an `apply-failed` error thrown.
 *
 * @public
 */
export async function applyUpgrade(
  plan: UpgradePlan,
  options: ApplyUpgradeOptions = {},
): Promise<UpgradeResult> {
  return (await applyPlan(plan, options)).result;
}
