import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyPlan, assertCleanWorkingCopy, resultOf } from './applyUpgrade';
import {
  GitCommandError,
  GitIdentity,
  gitText,
  identityArgs,
  runGit,
} from './git';
import { planUpgrade, PlanUpgradeOptions, UpgradeResult } from './planUpgrade';
import { UpgradeError } from './UpgradeError';

/** Options of {@link upgradeRepository}. @public */
export interface UpgradeRepositoryOptions
  extends Omit<PlanUpgradeOptions, 'serviceDir'> {
  /** The service's git working copy (its top directory, or the service's directory inside a monorepo). */
  repoDir: string;
  /** The branch to commit on; `golden-path/upgrade-<template>-<version>` by default. */
  branch?: string;
  /** Author and committer of the commit; git's configuration by default. */
  author?: GitIdentity;
  /**
   * `switch` (default): create the branch in the working copy, commit, and
   * leave the working copy on it, as `git checkout -b` would, for someone to
   * resolve conflicts there. Needs a clean working copy.
   *
   * `keep`: commit on the branch through a temporary `git worktree`; the
   * working copy, its current branch and any uncommitted changes stay as they
   * are. The upgrade starts from the committed HEAD. For servers.
   */
  workingCopy?: 'switch' | 'keep';
  /**
   * `commit` (default): conflicts are committed with their markers, for review.
   * `refuse`: an upgrade with conflicts writes nothing (no branch, no commit)
   * and returns the plan's conflicts, so a caller that must not leave markers
   * on a branch (a fleet campaign) plans once instead of planning to decide
   * and again to upgrade.
   */
  onConflicts?: 'commit' | 'refuse';
}

/** Result of {@link upgradeRepository}. @public */
export interface UpgradeRepositoryResult extends UpgradeResult {
  repoDir: string;
  /** The branch the upgrade was committed on; undefined when there was nothing to upgrade. */
  branch?: string;
  /** The upgrade commit. */
  commit?: string;
  /** The branch (or commit, when HEAD was detached) the upgrade branch starts from. */
  startedFrom: string;
}

/** The default upgrade branch: `golden-path/upgrade-<template>-<version>`. @public */
export function upgradeBranchName(template: string, version: string): string {
  return `golden-path/upgrade-${template}-${version}`;
}

/** Subject and body of the upgrade commit: the conflicts to resolve and the changelog. @public */
export function upgradeCommitMessage(result: UpgradeResult): string {
  const lines = [
    `Upgrade ${result.template} from ${result.fromVersion} to ${result.toVersion}`,
    '',
  ];
  const changed = result.changes.filter(
    c => c.action !== 'unchanged' && c.action !== 'conflict',
  );
  if (result.conflicts.length > 0) {
    lines.push(
      `Conflicts to resolve (${result.conflicts.length}):`,
      ...result.conflicts.map(c => `- ${c.path}: ${c.kind}`),
      '',
    );
  } else {
    lines.push('No conflicts.', '');
  }
  if (changed.length > 0) {
    lines.push(
      'Changes:',
      ...changed.map(
        c => `- ${c.action} ${c.from ? `${c.from} -> ` : ''}${c.path}`,
      ),
      '',
    );
  }
  if (result.changelog) {
    lines.push('Changelog:', '', result.changelog.trim(), '');
  }
  lines.push(
    `Conway-Template: ${result.template}`,
    `Conway-Template-Version: ${result.toVersion}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The rules of `git check-ref-format --branch`, checked without a git process. */
function isValidBranchName(name: string): boolean {
  return (
    name !== '@' &&
    !name.startsWith('-') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !name.includes('@{') &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u0020\u007f~^:?*[\\]/.test(name) &&
    !name
      .split('/')
      .some(
        part => part === '' || part.startsWith('.') || part.endsWith('.lock'),
      )
  );
}

/** `git checkout -b`, which fails without touching anything when the branch exists. */
async function createBranch(cwd: string, branch: string, repoDir: string) {
  if (!isValidBranchName(branch)) {
    throw new UpgradeError(
      'invalid-branch',
      `'${branch}' is not a valid branch name`,
    );
  }
  const created = await runGit(['checkout', '--quiet', '-b', branch], {
    cwd,
    allowFailure: true,
  });
  if (created.exitCode !== 0) {
    if (/already exists/.test(created.stderr)) {
      throw new UpgradeError(
        'branch-exists',
        `Branch '${branch}' already exists in '${repoDir}'; delete it or choose another branch`,
      );
    }
    throw new GitCommandError(
      ['checkout', '-b', branch],
      created.exitCode,
      created.stderr,
    );
  }
}

async function commitAll(
  cwd: string,
  result: UpgradeResult,
  author: GitIdentity | undefined,
): Promise<string> {
  await runGit(['add', '--all', '--', '.'], { cwd });
  // --no-verify: hooks would refuse conflict markers, which the upgrade commits on purpose for review.
  await runGit(
    [...identityArgs(author), 'commit', '--quiet', '--no-verify', '--file=-'],
    { cwd, input: upgradeCommitMessage(result) },
  );
  return gitText(['rev-parse', 'HEAD'], cwd);
}

/** The working tree's top directory, and the branch (or commit, when detached) HEAD is on, in one git call. */
async function startingPoint(
  cwd: string,
): Promise<{ top: string; name: string; sha: string }> {
  const parsed = await runGit(
    ['rev-parse', '--show-toplevel', 'HEAD', '--abbrev-ref', 'HEAD'],
    { cwd, allowFailure: true },
  );
  const [top, sha, branch] = parsed.stdout.toString('utf8').trim().split('\n');
  if (parsed.exitCode !== 0) {
    throw new UpgradeError(
      'not-a-git-repository',
      top && /unknown revision/.test(parsed.stderr)
        ? `'${cwd}' has no commit yet: commit the generated service first`
        : `'${cwd}' is not in a git working tree`,
    );
  }
  return { top, sha, name: branch === 'HEAD' ? sha : branch };
}

/**
 * Upgrades a service in its git repository and commits the result on a new
 * branch, conflicts (with their markers) included and listed in the commit message.
 *
 * @remarks
 * Everything is checked before the repository is touched: the service must
 * be a golden-path service, the versions known, the answers complete, the
 * branch new and (in `switch` mode) the working copy clean. If anything fails
 * afterwards, files, branch and HEAD are put back as they were. When the
 * service is already on the target version with nothing to change, no branch
 * is created.
 *
 * @public
 */
export async function upgradeRepository(
  options: UpgradeRepositoryOptions,
): Promise<UpgradeRepositoryResult> {
  const repoDir = path.resolve(options.repoDir);
  if (!(await fs.stat(repoDir).catch(() => undefined))?.isDirectory()) {
    throw new UpgradeError(
      'not-scaffolded',
      `Service directory '${repoDir}' does not exist`,
    );
  }
  const start = await startingPoint(repoDir);
  return (options.workingCopy ?? 'switch') === 'switch'
    ? upgradeInPlace(options, repoDir, start)
    : upgradeInWorktree(options, repoDir, start.top, start);
}

/** With `onConflicts: 'refuse'`, a plan with conflicts is not applied. */
function refused(
  options: UpgradeRepositoryOptions,
  plan: { conflicts: unknown[] },
): boolean {
  return options.onConflicts === 'refuse' && plan.conflicts.length > 0;
}

async function upgradeInPlace(
  options: UpgradeRepositoryOptions,
  repoDir: string,
  start: { name: string; sha: string },
): Promise<UpgradeRepositoryResult> {
  await assertCleanWorkingCopy(repoDir);
  const plan = await planUpgrade({ ...options, serviceDir: repoDir });
  const base = { ...resultOf(plan), repoDir, startedFrom: start.name };
  if (plan.operations.length === 0 || refused(options, plan)) {
    return base;
  }
  const branch =
    options.branch ?? upgradeBranchName(plan.template, plan.toVersion);
  await createBranch(repoDir, branch, repoDir);
  let applied;
  try {
    applied = await applyPlan(plan, { requireCleanGit: false });
    const commit = await commitAll(repoDir, applied.result, options.author);
    return { ...base, branch, commit };
  } catch (error) {
    if (applied) {
      await runGit(['reset', '--quiet'], { cwd: repoDir, allowFailure: true });
      await applied.rollBack();
    }
    await runGit(['checkout', '--quiet', start.name], {
      cwd: repoDir,
      allowFailure: true,
    });
    await runGit(['branch', '--quiet', '-D', branch], {
      cwd: repoDir,
      allowFailure: true,
    });
    if (error instanceof UpgradeError) {
      throw error;
    }
    throw new UpgradeError(
      'apply-failed',
      `Upgrading '${repoDir}' failed: ${
        (error as Error).message
      }; the repository was restored`,
      { cause: error },
    );
  }
}

const WORKTREE_TEMP_PREFIX = 'conway-upgrade-';

/**
 * Whether a directory is the temporary worktree {@link upgradeRepository}
 * makes for `workingCopy: 'keep'` (`<tmp>/conway-upgrade-XXXXXX/worktree`).
 * A process killed mid-upgrade leaves one registered in the repository; only
 * such worktrees may be removed without asking, never a team's own.
 *
 * @public
 */
export function isTemporaryUpgradeWorktree(dir: string): boolean {
  return (
    path.basename(dir) === 'worktree' &&
    path.basename(path.dirname(dir)).startsWith(WORKTREE_TEMP_PREFIX)
  );
}

async function upgradeInWorktree(
  options: UpgradeRepositoryOptions,
  repoDir: string,
  top: string,
  start: { name: string; sha: string },
): Promise<UpgradeRepositoryResult> {
  // The service's place inside the repository, the same in the temporary worktree.
  const inside = path.relative(
    await fs.realpath(top),
    await fs.realpath(repoDir),
  );
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), WORKTREE_TEMP_PREFIX));
  const worktree = path.join(temp, 'worktree');
  const serviceDir = path.join(worktree, inside);
  let createdBranch: string | undefined;
  let committed = false;
  try {
    await runGit(
      ['worktree', 'add', '--quiet', '--detach', worktree, start.sha],
      { cwd: repoDir },
    );
    const plan = await planUpgrade({ ...options, serviceDir });
    const base = { ...resultOf(plan), repoDir, startedFrom: start.name };
    if (plan.operations.length === 0 || refused(options, plan)) {
      return base;
    }
    const branch =
      options.branch ?? upgradeBranchName(plan.template, plan.toVersion);
    await createBranch(worktree, branch, repoDir);
    createdBranch = branch;
    const applied = await applyPlan(plan, { requireCleanGit: false });
    const commit = await commitAll(serviceDir, applied.result, options.author);
    committed = true;
    return { ...base, branch, commit };
  } catch (error) {
    if (error instanceof UpgradeError) {
      // Name the repository, not the temporary worktree.
      throw new UpgradeError(
        error.code,
        error.message.split(serviceDir).join(repoDir).split(worktree).join(top),
        { fields: error.fields, cause: error.cause },
      );
    }
    if (!(error instanceof GitCommandError)) {
      throw error;
    }
    throw new UpgradeError(
      'apply-failed',
      `Upgrading '${repoDir}' failed: ${error.message}; the repository was restored`,
      { cause: error },
    );
  } finally {
    await runGit(['worktree', 'remove', '--force', worktree], {
      cwd: repoDir,
      allowFailure: true,
    });
    await fs.rm(temp, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: repoDir, allowFailure: true });
    if (createdBranch && !committed) {
      await runGit(['branch', '--quiet', '-D', createdBranch], {
        cwd: repoDir,
        allowFailure: true,
      });
    }
  }
}
