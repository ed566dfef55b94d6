import fs from 'node:fs';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  commitAuthor,
  defaultAuthor,
  LocalRepositories,
} from '@conway/plugin-golden-paths-node';
import { examples } from './publishLocal.examples';

/** A shell word: quoted only when it needs to be. */
const shellQuote = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** Markdown for the task page: how to clone a repository that lives on the portal host. */
export function cloneInstructions(repositoryPath: string): string {
  return [
    'The repository lives on the portal host. Clone it there with:',
    '',
    '```sh',
    `git clone ${shellQuote(repositoryPath)}`,
    '```',
  ].join('\n');
}

/**
 * An error whose stack is its message only: the scaffolder writes a failed
 * step's `stack` into the task log users read, and frames mean nothing there.
 * Errors of `@backstage/errors` (conflicts, bad input) keep their type.
 */
export function userFacing(error: unknown): Error {
  const e =
    error instanceof Error
      ? error
      : new Error(String(error ?? 'Unknown error'));
  e.stack = `${e.name}: ${e.message}`;
  return e;
}

/**
 * Options for {@link createPublishLocalAction}.
 *
 * @public
 *
 * @public
 */
export interface PublishLocalActionOptions {
  repositories: LocalRepositories;
  config: Config;
}

/**
 * Creates `golden-path:publish-local`: commits the workspace into a new git
 * repository under `conway.localRepositories.directory`, authored by the user
 * who runs the template. The embedded default's publisher, for machines with no
 * Git host integration.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  const { repositories, config } = options;
  return createTemplateAction({
    id: 'golden-path:publish-local',
    description:
      'Creates a git repository (with a working tree) under conway.localRepositories.directory holding the workspace as one commit, authored by the requesting user. Refuses an existing repository.',
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Repository name, usually the service name; the directory under conway.localRepositories.directory',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to commit. Default: the workspace itself.',
            ),
        defaultBranch: z =>
          z
            .string()
            .optional()
            .describe("Branch of the commit. Default: 'main'."),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe(
              'Message of the initial commit. Default: scaffolder.defaultCommitMessage, or "Initial commit".',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('file: URL of the new repository'),
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'file: URL of the working tree (the same directory), ending in /',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Absolute path of catalog-info.yaml in the new repository',
            ),
        commitHash: z => z.string().describe('Id of the initial commit'),
        repositoryPath: z =>
          z
            .string()
            .describe(
              'Absolute path of the repository on the portal host (its working tree)',
            ),
        cloneInstructions: z =>
          z
            .string()
            .describe(
              'Markdown telling how to clone the repository: a local repository has no web page, so templates show this rather than a file: link',
            ),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      let sourceDir: string;
      try {
        sourceDir = resolveSafeChildPath(
          ctx.workspacePath,
          ctx.input.sourcePath ?? '.',
        );
      } catch {
        throw new InputError(
          `sourcePath '${ctx.input.sourcePath}' must stay inside the workspace`,
        );
      }
      const author = commitAuthor(ctx.user?.entity, config);
      const message =
        ctx.input.gitCommitMessage ??
        config.getOptionalString('scaffolder.defaultCommitMessage') ??
        'Initial commit';

      const publish = async () => {
        const repo = await repositories.create({
          name,
          sourceDir,
          message,
          author,
          committer: defaultAuthor(config),
          defaultBranch: ctx.input.defaultBranch,
        });
        ctx.logger.info(
          `Created repository '${name}' at ${repo.path} with commit ${repo.commit} by ${author.name} <${author.email}>`,
        );
        return { path: repo.path, commit: repo.commit };
      };
      let repo = await ctx
        .checkpoint({ key: `golden-path.publish-local.${name}`, fn: publish })
        .catch(error => {
          throw userFacing(error);
        });
      if (!fs.existsSync(repo.path)) {
        // golden-path:register-local removes the repository when registration
        // fails; a retried task must then publish it again.
        ctx.logger.info(
          `Repository '${name}' from an earlier attempt is gone; creating it again`,
        );
        repo = await publish().catch(error => {
          throw userFacing(error);
        });
      }

      ctx.output('remoteUrl', repositories.fileUrl(repo.path));
      ctx.output('repoContentsUrl', `${repositories.fileUrl(repo.path)}/`);
      ctx.output('catalogInfoPath', path.join(repo.path, 'catalog-info.yaml'));
      ctx.output('commitHash', repo.commit);
      ctx.output('repositoryPath', repo.path);
      ctx.output('cloneInstructions', cloneInstructions(repo.path));
    },
  });
}
