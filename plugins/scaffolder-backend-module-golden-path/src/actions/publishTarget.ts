import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './publishTarget.examples';

/**
 * Options for {@link createPublishTargetAction}.
 *
 * @public
 */
export interface PublishTargetActionOptions {
  config: Config;
}

/**
 * GitHub organisation used when `conway.github.org` is not set.
 *
 * @public
 */
export const DEFAULT_GITHUB_ORG = 'northwind';

/**
 * Whether some `integrations.github` entry can create repositories (a token or a GitHub App).
 *
 * @public
 */
export function hasGithubIntegration(config: Config): boolean {
  return (config.getOptionalConfigArray('integrations.github') ?? []).some(
    entry => Boolean(entry.getOptionalString('token')) || entry.has('apps'),
  );
}

/**
 * Creates `golden-path:publish-target`: tells a template whether to publish to
 * GitHub (an integration with credentials is configured) or into a local git
 * repository (the embedded default).
 *
 * @public
 */
export function createPublishTargetAction(options: PublishTargetActionOptions) {
  const { config } = options;
  return createTemplateAction({
    id: 'golden-path:publish-target',
    description:
      'Decides where a golden path publishes: GitHub when integrations.github has credentials, a local git repository otherwise.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repo: z =>
          z
            .string()
            .describe(
              'Name of the repository to create, usually the service name',
            ),
      },
      output: {
        github: z =>
          z
            .boolean()
            .describe(
              'True when a GitHub integration with a token (or App) is configured',
            ),
        repoUrl: z =>
          z
            .string()
            .describe(
              'RepoUrl for publish:github: github.com?owner=<conway.github.org>&repo=<repo>',
            ),
      },
    },
    async handler(ctx) {
      const github = hasGithubIntegration(config);
      const org =
        config.getOptionalString('conway.github.org') ?? DEFAULT_GITHUB_ORG;
      const repoUrl = `github.com?owner=${encodeURIComponent(
        org,
      )}&repo=${encodeURIComponent(ctx.input.repo)}`;
      ctx.logger.info(
        github
          ? `Publishing to GitHub: ${org}/${ctx.input.repo}`
          : 'No GitHub integration with credentials is configured; publishing into a local git repository',
      );
      ctx.output('github', github);
      ctx.output('repoUrl', repoUrl);
    },
  });
}
