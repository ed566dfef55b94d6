import fs from 'node:fs/promises';
import path from 'node:path';
import {
  GENERATION_RECORD_PATH,
  gitText,
  isTemporaryUpgradeWorktree,
  readGenerationRecord,
  runGit,
  upgradeRepository,
  type GitIdentity,
  type TemplateVersionSource,
} from '@conway/golden-path';
import {
  campaignBranchName,
  type CampaignConflict,
} from '@conway/plugin-campaigns-common';
import {
  assertCleanRepository,
  toBackstageError,
} from '@conway/plugin-golden-paths-node';
import { isVersionAtLeast } from './affectedServices';

/**
 * How preparing one service's change ended. `merged`: the service already
 * meets the target (its team upgraded, or the campaign's branch is merged);
 * nothing was written.
 *
 * @public
 */
export type PreparedChange =
  | {
      state: 'branch-open';
      branch: string;
      commit: string;
      fromVersion: string;
      toVersion: string;
      /** Files the upgrade changes. */
      changedFiles: string[];
      /** The branch the change starts from (the repository's checked-out branch). */
      baseBranch: string;
    }
  | {
      state: 'conflicted';
      conflicts: CampaignConflict[];
      fromVersion: string;
      toVersion: string;
    }
  | { state: 'merged'; fromVersion: string; toVersion: string }
  | {
      state: 'failed';
      error: string;
      /** The version the service's generation record names, when it could be read. */
      fromVersion?: string;
      toVersion?: string;
    };

/** Options of {@link prepareLocalChange}. @public */
export interface PrepareLocalChangeOptions {
  campaignId: string;
  /** The service's git working tree, on its default branch. */
  repoDir: string;
  source: TemplateVersionSource;
  /** The version the campaign asks for. */
  targetVersion: string;
  author?: GitIdentity;
}

/** The trailer upgrade commits carry, naming the version they upgrade to. */
const VERSION_TRAILER = /^Conway-Template-Version: (\S+)$/m;

async function branchTip(
  repoDir: string,
  branch: string,
): Promise<string | undefined> {
  const { exitCode, stdout } = await runGit(
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    { cwd: repoDir, allowFailure: true },
  );
  return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
}

/** Whether `commit` is in the history of `ref`. @public */
export async function isMergedInto(
  repoDir: string,
  commit: string,
  ref = 'HEAD',
): Promise<boolean> {
  const { exitCode } = await runGit(
    ['merge-base', '--is-ancestor', commit, ref],
    { cwd: repoDir, allowFailure: true },
  );
  return exitCode === 0;
}

const messageOf = (error: unknown, targetVersion: string) =>
  (toBackstageError(error, targetVersion) as Error).message ?? String(error);

/**
 * Prepares a campaign's change in a service's local repository: the
 * golden-path upgrade to `targetVersion` through the three-way merge engine,
 * committed on the branch `conway/campaign-<id>` started from the checked-out
 * (default) branch, which is never written to.
 *
 * @remarks
 * A conflicting upgrade creates no branch: the service is `conflicted` with
 * the files listed. A branch with conflict markers would fail the team's
 * pipeline and could be merged by mistake; the team resolves the conflicts
 * in its own working copy with `conway upgrade --to <version> --commit`,
 * which leaves the markers where they can see them. Any failure (a dirty
 * working copy, a broken template, a git error) leaves the repository exactly
 * as it was and is reported as `failed` with the error. Running again is
 * safe: an existing campaign branch made by the upgrade is reported as open
 * (or merged) instead of being made twice.
 *
 * @public
 */
export async function prepareLocalChange(
  options: PrepareLocalChangeOptions,
): Promise<PreparedChange> {
  const { repoDir, source, targetVersion } = options;
  const branch = campaignBranchName(options.campaignId);
  // Known once the record is read, so that a failure shows the version the
  // repository is really on (the catalog's annotation may say otherwise).
  let recorded: string | undefined;
  try {
    await assertCleanRepository(repoDir);
    const record = await readGenerationRecord(repoDir);
    if (!record) {
      return {
        state: 'failed',
        error: `'${repoDir}' was not generated from a golden path: it has no ${GENERATION_RECORD_PATH}`,
      };
    }
    const fromVersion = record.version;
    recorded = fromVersion;
    if (isVersionAtLeast(fromVersion, targetVersion)) {
      return { state: 'merged', fromVersion, toVersion: targetVersion };
    }
    const existing = await branchTip(repoDir, branch);
    if (
      existing &&
      !(await removeInterruptedBranch(repoDir, branch, existing))
    ) {
      return await existingBranch(repoDir, branch, existing, {
        fromVersion,
        targetVersion,
      });
    }
    // One plan: a conflicting upgrade writes nothing (no branch with markers).
    const result = await upgradeRepository({
      repoDir,
      source,
      targetVersion,
      branch,
      workingCopy: 'keep',
      onConflicts: 'refuse',
      author: options.author,
    });
    if (result.conflicts.length > 0) {
      return conflictedOf(result, targetVersion);
    }
    if (!result.commit) {
      return { state: 'merged', fromVersion, toVersion: targetVersion };
    }
    return {
      state: 'branch-open',
      branch,
      commit: result.commit,
      fromVersion,
      toVersion: targetVersion,
      changedFiles: result.changes
        .filter(c => c.action !== 'unchanged')
        .map(c => c.path),
      baseBranch: result.startedFrom,
    };
  } catch (error) {
    return {
      state: 'failed',
      error: messageOf(error, targetVersion),
      ...(recorded ? { fromVersion: recorded, toVersion: targetVersion } : {}),
    };
  }
}

function conflictedOf(
  result: {
    fromVersion: string;
    conflicts: Array<{ path: string; kind: string }>;
  },
  toVersion: string,
): PreparedChange {
  return {
    state: 'conflicted',
    conflicts: result.conflicts.map(c => ({ path: c.path, kind: c.kind })),
    fromVersion: result.fromVersion,
    toVersion,
  };
}

/**
 * Removes a campaign branch an interrupted upgrade left behind (a replica
 * killed mid-run): the upgrade creates the branch in a temporary worktree and
 * commits on it, so a kill in between leaves a branch with no commit of its
 * own, still checked out in that worktree. Such a branch holds nothing (its
 * tip is in the default branch's history and is not an upgrade commit), so
 * it and its worktree go and the upgrade is prepared afresh. Any other
 * branch of that name is left alone.
 *
 * @returns whether the branch was removed
 */
async function removeInterruptedBranch(
  repoDir: string,
  branch: string,
  tip: string,
): Promise<boolean> {
  const message = await gitText(['log', '-1', '--format=%B', tip], repoDir);
  if (VERSION_TRAILER.test(message) || !(await isMergedInto(repoDir, tip))) {
    return false;
  }
  const head = await gitText(['rev-parse', '--abbrev-ref', 'HEAD'], repoDir);
  if (head === branch) return false;
  await removeWorktreesHolding(repoDir, branch);
  await runGit(['branch', '--quiet', '-D', branch], { cwd: repoDir });
  return true;
}

/**
 * Removes the upgrade's temporary worktrees that still hold a campaign
 * branch: a run killed mid-upgrade leaves the branch checked out there, so
 * git would refuse to check it out or delete it anywhere else. Only the
 * upgrade's own worktrees go (what is in them is either committed on the
 * branch or an unfinished upgrade); a team's worktree on the branch stays.
 * Campaign runs are one at a time across replicas (a scheduler task), so no
 * live upgrade is using one.
 */
async function removeWorktreesHolding(
  repoDir: string,
  branch: string,
): Promise<void> {
  const listing = await gitText(['worktree', 'list', '--porcelain'], repoDir);
  let removed = false;
  // Blocks of "worktree <path>", "HEAD <sha>", "branch refs/heads/<name>"; the first is the repository's own.
  for (const block of listing.split(/\n\n+/).slice(1)) {
    const worktree = /^worktree (.+)$/m.exec(block)?.[1];
    const holds = block.split('\n').includes(`branch refs/heads/${branch}`);
    if (worktree && holds && isTemporaryUpgradeWorktree(worktree)) {
      await runGit(['worktree', 'remove', '--force', '--force', worktree], {
        cwd: repoDir,
        allowFailure: true,
      });
      await fs.rm(path.dirname(worktree), { recursive: true, force: true });
      removed = true;
    }
  }
  // Only after a removal: this runs for every open campaign branch on every run.
  if (removed) {
    await runGit(['worktree', 'prune'], { cwd: repoDir, allowFailure: true });
  }
}

/** A campaign branch already there: ours from an earlier run, or refused. */
async function existingBranch(
  repoDir: string,
  branch: string,
  tip: string,
  versions: { fromVersion: string; targetVersion: string },
): Promise<PreparedChange> {
  const message = await gitText(['log', '-1', '--format=%B', tip], repoDir);
  const version = VERSION_TRAILER.exec(message)?.[1];
  if (version !== versions.targetVersion) {
    return {
      state: 'failed',
      error: `Branch '${branch}' already exists in '${repoDir}' and does not hold the upgrade to ${versions.targetVersion}; delete it so the campaign can prepare the change`,
      fromVersion: versions.fromVersion,
      toVersion: versions.targetVersion,
    };
  }
  await removeWorktreesHolding(repoDir, branch);
  if (await isMergedInto(repoDir, tip)) {
    return {
      state: 'merged',
      fromVersion: versions.fromVersion,
      toVersion: versions.targetVersion,
    };
  }
  const changed = await gitText(
    ['diff', '--name-only', `${tip}^`, tip],
    repoDir,
  );
  return {
    state: 'branch-open',
    branch,
    commit: tip,
    fromVersion: versions.fromVersion,
    toVersion: versions.targetVersion,
    changedFiles: changed ? changed.split('\n') : [],
    baseBranch: await gitText(['rev-parse', '--abbrev-ref', 'HEAD'], repoDir),
  };
}

/** Whether a local service's change is merged, from its repository. @public */
export type MergeStatus =
  | { merged: true; how: 'branch-merged' | 'version-reached' }
  | { merged: false; reason?: string };

/**
 * Whether a campaign's change has reached a local service's default branch
 * (the checked-out one): the campaign commit is in its history, or the
 * generation record there is at the target version or later (the team
 * upgraded on its own, or squashed the branch).
 *
 * @public
 */
export async function detectLocalMerge(options: {
  repoDir: string;
  commit?: string;
  targetVersion: string;
}): Promise<MergeStatus> {
  const { repoDir, commit, targetVersion } = options;
  try {
    if (commit && (await isMergedInto(repoDir, commit))) {
      return { merged: true, how: 'branch-merged' };
    }
    const shown = await runGit(['show', `HEAD:${GENERATION_RECORD_PATH}`], {
      cwd: repoDir,
      allowFailure: true,
    });
    if (shown.exitCode === 0) {
      const version = JSON.parse(shown.stdout.toString('utf8'))?.version;
      if (
        typeof version === 'string' &&
        isVersionAtLeast(version, targetVersion)
      ) {
        return { merged: true, how: 'version-reached' };
      }
    }
    return { merged: false };
  } catch (error) {
    return { merged: false, reason: (error as Error).message };
  }
}
