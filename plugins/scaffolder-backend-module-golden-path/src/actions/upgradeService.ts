import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GitTemplateVersionSource,
  planUpgrade,
  readGenerationRecord,
  upgradeBranchName,
  upgradeFleet,
  upgradeRepository,
  UpgradeError,
  type GitIdentity,
  type JsonObject,
  type TemplateVersionSource,
  type UpgradeResult,
} from '@conway/golden-path';
import type {
  ServiceRepository,
  UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import { LocalRepositories } from '../services/LocalRepositories';
import { defaultAuthor } from './publishLocal';
import { readGoldenPathDirectories } from '../services/templateDirectory';

/**
 * Upgrading a scaffolded service, shared by the `golden-path:upgrade` action
 * and the golden-paths backend, so the portal page and a template run the same
 * code.
 */

/** The annotation naming the golden path a component was made from. */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';

const execFileAsync = promisify(execFile);

/** `https://github.com/<owner>/<repo>` of a GitHub URL, or undefined. */
function githubRepository(url: string): string | undefined {
  const match = /^https:\/\/github\.com\/([^/?#]+)\/([^/?#]+)/.exec(url);
  return match
    ? `https://github.com/${match[1]}/${match[2].replace(/\.git$/, '')}`
    : undefined;
}

/**
 * Where a scaffolded service's repository lives, from its catalog entity:
 * the local repository its catalog-info.yaml was registered from
 * (`golden-path:register-local`), the GitHub repository of its location, or
 * the local repository named after it.
 *
 * @returns undefined when the repository is neither
 */
export function serviceRepositoryOf(
  entity: Entity,
  repositories: LocalRepositories,
): ServiceRepository | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const ref of [
    annotations[ANNOTATION_LOCATION],
    annotations[ANNOTATION_SOURCE_LOCATION],
  ]) {
    if (!ref) continue;
    let location: { type: string; target: string };
    try {
      location = parseLocationRef(ref);
    } catch {
      continue;
    }
    if (location.type === 'file') {
      try {
        const { path: repoPath } = repositories.repositoryOf(location.target);
        return { type: 'local', location: repoPath };
      } catch {
        // A file outside the local repositories (the org files, say): not a service repository.
        continue;
      }
    }
    const github = githubRepository(location.target);
    if (github) {
      return { type: 'github', location: github };
    }
  }
  // Registered some other way: golden-path:publish-local names the repository after the service.
  try {
    const repoPath = repositories.pathOf(entity.metadata.name);
    if (existsSync(path.join(repoPath, '.git'))) {
      return { type: 'local', location: repoPath };
    }
  } catch {
    // No local repositories configured, or a name no repository can have.
  }
  return undefined;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  return stdout.trim();
}

async function gitTopLevel(dir: string): Promise<string> {
  return git(dir, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new InputError(
      `conway.goldenPaths.directories: '${dir}' is not inside a git repository, so template versions cannot be read from its history; set conway.goldenPaths.versions.repository`,
    );
  });
}

const realpath = (p: string) => fs.realpath(p).catch(() => p);

/**
 * Who an upgrade commit is by: the requesting user (their catalog profile, as
 * `golden-path:publish-local` does), else the platform (`scaffolder.defaultAuthor`).
 */
export function commitAuthor(
  user: Entity | undefined,
  config: Config,
): GitIdentity {
  const fallback = defaultAuthor(config);
  const profile = user?.spec?.profile as
    | { displayName?: string; email?: string }
    | undefined;
  return {
    name: profile?.displayName ?? user?.metadata.name ?? fallback.name,
    email: profile?.email ?? fallback.email,
  };
}

/** Options of {@link TemplateVersions}. */
export interface TemplateVersionsOptions {
  /** Git repository whose history holds the templates; by default the one holding `templatesDir`. */
  repoDir?: string;
  /** The templates' directory on disk, used to find the repository and `templatesPath`. */
  templatesDir?: string;
  /** Directory of the templates inside the repository; `templates` by default. */
  templatesPath?: string;
  /** History searched (`HEAD`, `origin/main`); `HEAD` by default. */
  ref?: string;
}

/**
 * The released versions of the golden paths, from the git history of the
 * repository holding them (the same {@link GitTemplateVersionSource} the CLI
 * uses), renewed when a commit changes the templates, so a template bump
 * shows without a restart.
 */
export class TemplateVersions {
  private current?: { tree: string; source: GitTemplateVersionSource };
  private location?: Promise<{ repoDir: string; templatesPath: string }>;

  /**
   * Reads `conway.goldenPaths.versions`; by default the git repository holding
   * the first of `conway.goldenPaths.directories`.
   */
  static fromConfig(config: Config): TemplateVersions {
    const versions = config.getOptionalConfig('conway.goldenPaths.versions');
    const repository = versions?.getOptionalString('repository');
    return new TemplateVersions({
      repoDir: repository ? path.resolve(repository) : undefined,
      templatesDir: readGoldenPathDirectories(config)[0],
      templatesPath: versions?.getOptionalString('templatesPath'),
      ref: versions?.getOptionalString('ref'),
    });
  }

  constructor(private readonly options: TemplateVersionsOptions) {}

  private resolveLocation(): Promise<{
    repoDir: string;
    templatesPath: string;
  }> {
    this.location ??= (async () => {
      const { templatesDir } = this.options;
      if (!this.options.repoDir && !templatesDir) {
        throw new InputError(
          'No template history: set conway.goldenPaths.versions.repository or conway.goldenPaths.directories in app-config.yaml',
        );
      }
      const repoDir =
        this.options.repoDir ?? (await gitTopLevel(templatesDir!));
      const templatesPath =
        this.options.templatesPath ??
        (templatesDir
          ? path.relative(await realpath(repoDir), await realpath(templatesDir))
          : 'templates');
      return {
        repoDir,
        templatesPath: templatesPath.split(path.sep).join('/'),
      };
    })();
    this.location.catch(() => {
      this.location = undefined;
    });
    return this.location;
  }

  /**
   * A source over the history as it is now. The same object (with its
   * checked-out versions) while the templates' directory is unchanged, so
   * commits elsewhere in the repository cost nothing.
   */
  async source(): Promise<TemplateVersionSource> {
    const { repoDir, templatesPath } = await this.resolveLocation();
    const ref = this.options.ref ?? 'HEAD';
    if (ref.startsWith('-')) {
      throw new InputError(
        `conway.goldenPaths.versions.ref: invalid ref '${ref}'`,
      );
    }
    const [head, tree] =
      // Without --verify, rev-parse takes both names in one call (and would echo --end-of-options).
      (
        await git(repoDir, [
          'rev-parse',
          `${ref}^{commit}`,
          templatesPath ? `${ref}:${templatesPath}` : `${ref}^{tree}`,
        ]).catch(error => {
          throw new InputError(
            `conway.goldenPaths.versions: cannot read '${templatesPath}' at '${ref}' in ${repoDir}: ${error.message}`,
          );
        })
      ).split('\n');
    if (this.current?.tree !== tree) {
      const previous = this.current?.source;
      this.current = {
        tree,
        source: new GitTemplateVersionSource({
          repoDir,
          templatesPath,
          ref: head,
        }),
      };
      // Upgrades in flight may still read the old checkouts: remove them later.
      if (previous) {
        setTimeout(() => previous.dispose(), 10 * 60_000).unref();
      }
    }
    return this.current.source;
  }

  /** Removes the checked-out versions. */
  async dispose(): Promise<void> {
    await this.current?.source.dispose();
    this.current = undefined;
  }
}

/**
 * Refuses a repository with uncommitted changes or untracked files: the
 * upgrade starts from the committed HEAD, so they would silently be left out.
 */
export async function assertCleanRepository(repoDir: string): Promise<void> {
  let status: string;
  try {
    status = await git(repoDir, [
      'status',
      '--porcelain',
      '--untracked-files=all',
    ]);
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
  const exists = await git(repoDir, [
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${branch}`,
  ]).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new UpgradeError(
      'branch-exists',
      `Branch '${branch}' already exists in '${repoDir}'; delete it or choose another branch`,
    );
  }
}

/** Which request field an upgrade refusal is about, for the error message. */
function fieldOf(error: UpgradeError, targetVersion?: string): string {
  switch (error.code) {
    case 'missing-answers':
    case 'invalid-answers':
      return `answers${
        error.fields.length ? ` (${error.fields.join(', ')})` : ''
      }`;
    case 'unknown-version':
    case 'downgrade':
      return targetVersion ? 'targetVersion' : 'recorded version';
    default:
      return 'service';
  }
}

/**
 * Turns an upgrade refusal into the Backstage error its HTTP status needs:
 * an unknown template is NotFoundError, a working copy that changed under
 * the upgrade ConflictError, bad input InputError naming the field.
 */
export function toBackstageError(error: unknown, targetVersion?: string) {
  if (!(error instanceof UpgradeError)) {
    return error;
  }
  switch (error.code) {
    case 'unknown-template':
      return new NotFoundError(error.message);
    case 'dirty-working-copy':
    case 'branch-exists':
    case 'stale-plan':
      return new ConflictError(error.message);
    case 'apply-failed':
      return error;
    default:
      return new InputError(
        `${fieldOf(error, targetVersion)}: ${error.message}`,
      );
  }
}

/** The outcome the API reports for an upgrade result. */
export function outcomeOf(
  entityRef: string,
  result: UpgradeResult,
  status: UpgradeOutcome['status'],
  commit?: { branch?: string; commit?: string },
): UpgradeOutcome {
  return {
    entityRef,
    fromVersion: result.fromVersion,
    toVersion: result.toVersion,
    status,
    ...(commit?.branch ? { branch: commit.branch } : {}),
    ...(commit?.commit ? { commit: commit.commit } : {}),
    // Only what the upgrade changes: a service has dozens of files it leaves alone.
    changes: result.changes.flatMap(c =>
      c.action === 'unchanged'
        ? []
        : [
            {
              path: c.path,
              action: c.action,
              ...(c.from ? { from: c.from } : {}),
            },
          ],
    ),
    conflicts: result.conflicts.map(c => ({
      path: c.path,
      kind: c.kind,
      message: c.message,
    })),
  };
}

/** Options of {@link upgradeLocalService}. */
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
