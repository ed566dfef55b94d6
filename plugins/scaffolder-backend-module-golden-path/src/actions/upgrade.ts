import {
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  applyUpgrade,
  planUpgrade,
  type JsonObject,
} from '@conway/golden-path';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  goldenPathsUpgradePermission,
  type UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import {
  commitAuthor,
  LocalRepositories,
  outcomeOf,
  serviceRepositoryOf,
  TemplateVersions,
  toBackstageError,
  upgradeLocalService,
} from '@conway/plugin-golden-paths-node';
import { examples } from './upgrade.examples';

/**
 * Options for {@link createUpgradeGoldenPathAction}.
 *
 * @public
 */
export interface UpgradeGoldenPathActionOptions {
  catalog: CatalogService;
  repositories: LocalRepositories;
  templateVersions: TemplateVersions;
  config: Config;
  /** Checks `golden-paths.upgrade`, the permission the Golden paths page's Upgrade needs. */
  permissions: PermissionsService;
}

/** `kind:name` or `kind:namespace/name`: a catalog entity rather than a workspace path. */
const isEntityRef = (service: string) => /^[A-Za-z]+:/.test(service);

/** Answers given as an object, or as JSON text from a template form. */
function parseAnswers(
  answers: Record<string, unknown> | string | undefined,
): JsonObject | undefined {
  if (typeof answers !== 'string') {
    return answers as JsonObject | undefined;
  }
  if (answers.trim() === '') {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answers);
  } catch (error) {
    throw new InputError(
      `answers: not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      'answers: expected a JSON object such as {"tier": "gold"}',
    );
  }
  return parsed as JsonObject;
}

/** A short, readable account of the outcome for the task log and output. */
export function describeOutcome(outcome: UpgradeOutcome): string {
  const lines = [
    `${outcome.entityRef}: ${outcome.status} (${outcome.fromVersion} -> ${outcome.toVersion})`,
  ];
  if (outcome.branch) {
    lines.push(`Branch ${outcome.branch}, commit ${outcome.commit}`);
  }
  lines.push(
    ...outcome.changes.map(
      c => `  ${c.action} ${c.from ? `${c.from} -> ` : ''}${c.path}`,
    ),
  );
  if (outcome.conflicts.length > 0) {
    lines.push(
      `Conflicts to resolve (${outcome.conflicts.length}):`,
      ...outcome.conflicts.map(c => `  ${c.path}: ${c.kind}`),
    );
  }
  return lines.join('\n');
}

/**
 * Creates `golden-path:upgrade`: moves a scaffolded service to another
 * version of its golden path, keeping the team's edits and reporting
 * conflicts.
 *
 * @remarks
 * Two modes: a catalog entity whose repository is local (under
 * `conway.localRepositories.directory`) is upgraded and committed on a new
 * branch there; a path in the workspace (a repository fetched with
 * `fetch:plain`) is upgraded in place for `publish:github:pull-request`.
 *
 * @public
 */
export function createUpgradeGoldenPathAction(
  options: UpgradeGoldenPathActionOptions,
) {
  const { catalog, repositories, templateVersions, config, permissions } =
    options;
  return createTemplateAction({
    id: 'golden-path:upgrade',
    description:
      "Upgrades a service scaffolded from a golden path to another version of its template with a three-way merge that keeps the team's edits. A local repository gets the upgrade committed on a new branch; a workspace path is upgraded in place (for publish:github:pull-request). Conflicts are committed with markers and listed.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              "The service: a catalog entity ref ('component:default/orders-api') whose repository is local, or a directory in the workspace ('.', 'service') holding a service fetched with fetch:plain",
            ),
        targetVersion: z =>
          z
            .string()
            .optional()
            .describe(
              "Version of the golden path to upgrade to. Default: the template's current (newest) version.",
            ),
        answers: z =>
          z
            .union([z.record(z.unknown()), z.string()])
            .optional()
            .describe(
              'Answers for parameters the target version adds (when they have no default), for secrets, or to change recorded answers: an object, or the same as a JSON string (from a text field)',
            ),
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Compute the upgrade and report it without writing or committing anything. Default: false.',
            ),
      },
      output: {
        status: z =>
          z
            .enum(['upgraded', 'up-to-date', 'conflicts', 'failed', 'dry-run'])
            .describe('How the upgrade ended'),
        fromVersion: z => z.string().describe('The recorded version'),
        toVersion: z => z.string().describe('The version upgraded to'),
        branch: z =>
          z
            .string()
            .optional()
            .describe(
              'Local repository: the branch the upgrade was committed on',
            ),
        commit: z =>
          z
            .string()
            .optional()
            .describe('Local repository: the upgrade commit'),
        changes: z =>
          z
            .array(
              z.object({
                path: z.string(),
                action: z.string(),
                from: z.string().optional(),
              }),
            )
            .describe(
              'Files the upgrade added, updated, merged, deleted or renamed',
            ),
        conflicts: z =>
          z
            .array(
              z.object({
                path: z.string(),
                kind: z.string(),
                message: z.string().optional(),
              }),
            )
            .describe('Files left for the team to resolve'),
        summary: z =>
          z
            .string()
            .describe('The outcome as text: status, changes, conflicts'),
      },
    },
    async handler(ctx) {
      const { service } = ctx.input;
      // An empty form field means "the current version".
      const targetVersion = ctx.input.targetVersion?.trim() || undefined;
      const answers = parseAnswers(ctx.input.answers);
      const dryRun = ctx.input.dryRun === true || ctx.isDryRun === true;
      const credentials = await ctx.getInitiatorCredentials();
      // The same rule as the Golden paths page: a template must not be a way around it.
      const [decision] = await permissions.authorize(
        [{ permission: goldenPathsUpgradePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission '${goldenPathsUpgradePermission.name}'`,
        );
      }
      const source = await templateVersions.source();

      let outcome: UpgradeOutcome;
      if (isEntityRef(service)) {
        const entity = await catalog.getEntityByRef(service, { credentials });
        if (!entity) {
          throw new NotFoundError(
            `service: no entity '${service}' in the catalog`,
          );
        }
        const repository = serviceRepositoryOf(entity, repositories);
        if (repository?.type !== 'local') {
          throw new InputError(
            repository
              ? `service: '${service}' lives in ${repository.location}; fetch it into the workspace with fetch:plain and pass its workspace path (the upgrade-service template does this)`
              : `service: '${service}' has no repository Conway can reach (no local repository, no GitHub location)`,
          );
        }
        const upgrade = () =>
          upgradeLocalService({
            entityRef: service,
            repoDir: repository.location,
            source,
            targetVersion,
            answers,
            dryRun,
            author: commitAuthor(ctx.user?.entity, config),
          });
        outcome = dryRun
          ? await upgrade()
          : await ctx.checkpoint({
              key: `golden-path.upgrade.${service}.${
                targetVersion ?? 'current'
              }`,
              fn: async () => JSON.parse(JSON.stringify(await upgrade())),
            });
      } else {
        let serviceDir: string;
        try {
          serviceDir = resolveSafeChildPath(ctx.workspacePath, service);
        } catch {
          throw new InputError(
            `service: '${service}' must be an entity ref or a path inside the workspace`,
          );
        }
        try {
          const plan = await planUpgrade({
            serviceDir,
            source,
            targetVersion,
            newAnswers: answers,
          });
          if (dryRun || plan.operations.length === 0) {
            outcome = outcomeOf(
              service,
              plan,
              plan.operations.length === 0 ? 'up-to-date' : 'dry-run',
            );
          } else {
            // The workspace is a fresh fetch, not a git working tree: nothing to keep clean.
            const result = await applyUpgrade(plan, { requireCleanGit: false });
            outcome = outcomeOf(
              service,
              result,
              result.conflicts.length > 0 ? 'conflicts' : 'upgraded',
            );
          }
        } catch (error) {
          throw toBackstageError(error, targetVersion);
        }
      }

      const summary = describeOutcome(outcome);
      ctx.logger.info(summary);
      for (const conflict of outcome.conflicts) {
        ctx.logger.warn(
          `Conflict in ${conflict.path} (${conflict.kind}): ${conflict.message}`,
        );
      }
      ctx.output('status', outcome.status);
      ctx.output('fromVersion', outcome.fromVersion);
      ctx.output('toVersion', outcome.toVersion);
      if (outcome.branch) ctx.output('branch', outcome.branch);
      if (outcome.commit) ctx.output('commit', outcome.commit);
      ctx.output('changes', outcome.changes);
      ctx.output('conflicts', outcome.conflicts);
      ctx.output('summary', summary);
    },
  });
}
