import { ConflictError, InputError } from '@backstage/errors';
import {
  gitText,
  planUpgrade,
  readGenerationRecord,
  runGit,
  upgradeBranchName,
  upgradeFleet,
  upgradeRepository,
  UpgradeError,
  type GitIdentity,
  type JsonObject,
  type TemplateVersionSource,
} from '@conway/golden-path';
import type { UpgradeOutcome } from '@conway/plugin-golden-paths-common';
import { outcomeOf, toBackstageError } from './upgradeOutcome';

/*
 * Upgrading a scaffolded service in a local repository, shared by the
 * `golden-path:upgrade` action and the golden-paths backend, so the portal
 * page and a template run the same code.
 */

/**
 * Refuses a repository with uncommitted changes or untracked files: the
 * upgrade starts from the committed HEAD, so they would silently be left out.
 *
 * @public
 */
export async function assertCleanRepository(repoDir: string): Promise<void> {
  let status: string;
  try {
    status = await gitText(
      ['status', '--porcelain', '--untracked-files=all'],
      repoDir,
    );
  } catch {
    throw new InputError(`'${repoDir}' is not a git working tree`);
  }
  if (status) {
    const files = status.split('\n');
    throw new ConflictError(
      `'${repoDir}' has uncommitted changes (${files
        .slice(0, 5)
        .map(line => line.slice(3))
        .join(', ')}${
        files.length > 5 ? `, … ${files.length - 5} more` : ''
      }); commit or discard them before upgrading`,
    );
  }
}

/** Refuses, as the commit would, when the upgrade branch already exists. */
async function assertNoUpgradeBranch(
  repoDir: string,
  template: string,
  version: string,
): Promise<void> {
  const branch = upgradeBranchName(template, version);
  const { exitCode } = await runGit(
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`],
    { cwd: repoDir, allowFailure: true },
  );
  const exists = exitCode === 0;
  if (exists) {
    throw new UpgradeError(
      'branch-exists',
      `Branch '${branch}' already exists in '${repoDir}'; delete it or choose another branch`,
    );
  }
}

/** Options of {@link upgradeLocalService}. @public */
export interface UpgradeLocalServiceOptions {
  /** The Component, for the outcome. */
  entityRef: string;
  /** Its git repository (a working tree). */
  repoDir: string;
  source: TemplateVersionSource;
  /** The template's newest version by default. */
  targetVersion?: string;
  /** Answers for parameters the target version added (and secrets). */
  answers?: JsonObject;
  /** Plan only: nothing is written or committed. */
  dryRun?: boolean;
  /** Author (and committer) of the commit: the requesting user. */
  author?: GitIdentity;
}

/**
 * Upgrades a service in its git repository and commits the result on a new
 * branch (`golden-path/upgrade-<template>-<version>`), conflicts included and
 * listed. The repository's working tree and current branch are left as they
 * are, so the catalog keeps reading the service's main branch.
 *
 * @throws InputError, NotFoundError or ConflictError when refused; the repository is then untouched
 * @public
 */
export async function upgradeLocalService(
  options: UpgradeLocalServiceOptions,
): Promise<UpgradeOutcome> {
  const { entityRef, repoDir, source, targetVersion, answers } = options;
  await assertCleanRepository(repoDir);
  try {
    if (options.dryRun) {
      const plan = await planUpgrade({
        serviceDir: repoDir,
        source,
        targetVersion,
        newAnswers: answers,
      });
      if (plan.operations.length === 0) {
        return outcomeOf(entityRef, plan, 'up-to-date');
      }
      // The commit would be refused on an existing branch: say so now.
      await assertNoUpgradeBranch(repoDir, plan.template, plan.toVersion);
      return outcomeOf(entityRef, plan, 'dry-run');
    }
    const result = await upgradeRepository({
      repoDir,
      source,
      targetVersion,
      newAnswers: answers,
      workingCopy: 'keep',
      author: options.author,
    });
    return outcomeOf(entityRef, result, statusOf(result), result);
  } catch (error) {
    throw toBackstageError(error, targetVersion);
  }
}

function statusOf(result: {
  commit?: string;
  conflicts: unknown[];
}): UpgradeOutcome['status'] {
  if (!result.commit) {
    return 'up-to-date';
  }
  return result.conflicts.length > 0 ? 'conflicts' : 'upgraded';
}

/**
 * Upgrades many local services with `upgradeFleet` (one shared source, one
 * failure does not stop the others). A refused service is reported as
 * `failed` with the reason.
 *
 * @public
 */
export async function upgradeLocalServices(options: {
  services: Array<{ entityRef: string; repoDir: string }>;
  source: TemplateVersionSource;
  targetVersion?: string;
  dryRun?: boolean;
  author?: GitIdentity;
  concurrency?: number;
}): Promise<UpgradeOutcome[]> {
  const { services, source, targetVersion, author } = options;
  const failed = async (
    service: { entityRef: string; repoDir: string },
    message: string,
  ): Promise<UpgradeOutcome> => ({
    entityRef: service.entityRef,
    fromVersion:
      (await readGenerationRecord(service.repoDir).catch(() => undefined))
        ?.version ?? '',
    toVersion: targetVersion ?? '',
    status: 'failed',
    changes: [],
    conflicts: [],
    error: message,
  });
  const messageOf = (error: unknown) =>
    (toBackstageError(error, targetVersion) as Error).message;
  const outcomes = new Map<string, UpgradeOutcome>();
  const clean: typeof services = [];
  for (const service of services) {
    try {
      await assertCleanRepository(service.repoDir);
      clean.push(service);
    } catch (error) {
      outcomes.set(service.entityRef, await failed(service, messageOf(error)));
    }
  }
  if (options.dryRun) {
    for (const service of clean) {
      outcomes.set(
        service.entityRef,
        await upgradeLocalService({
          ...service,
          source,
          targetVersion,
          dryRun: true,
        }).catch(error => failed(service, messageOf(error))),
      );
    }
  } else {
    const results = await upgradeFleet(
      clean.map(s => s.repoDir),
      {
        source,
        targetVersion,
        author,
        workingCopy: 'keep',
        concurrency: options.concurrency,
      },
    );
    for (const [i, fleetOutcome] of results.entries()) {
      const { entityRef } = clean[i];
      if (fleetOutcome.result) {
        outcomes.set(
          entityRef,
          outcomeOf(
            entityRef,
            fleetOutcome.result,
            fleetOutcome.status as UpgradeOutcome['status'],
            fleetOutcome.result,
          ),
        );
      } else {
        const error = fleetOutcome.error;
        outcomes.set(
          entityRef,
          await failed(
            clean[i],
            error?.code
              ? messageOf(new UpgradeError(error.code, error.message))
              : error?.message ?? 'failed',
          ),
        );
      }
    }
  }
  return services.map(s => outcomes.get(s.entityRef)!);
}
