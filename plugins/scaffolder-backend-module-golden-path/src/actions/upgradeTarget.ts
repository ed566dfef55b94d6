import {
  ANNOTATION_LOCATION,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LocalRepositories,
  serviceRepositoryOf,
  TEMPLATE_ANNOTATION,
} from '@conway/plugin-golden-paths-node';
import { examples } from './upgradeTarget.examples';

/**
 * Options for {@link createUpgradeTargetAction}.
 *
 * @public
 */
export interface UpgradeTargetActionOptions {
  catalog: CatalogService;
  repositories: LocalRepositories;
}

/** The directory of a GitHub catalog file as a `tree` URL that fetch:plain reads. */
function fetchUrlOf(locationRef: string | undefined): string | undefined {
  if (!locationRef) return undefined;
  try {
    const { target } = parseLocationRef(locationRef);
    const match =
      /^(https:\/\/github\.com\/[^/]+\/[^/]+)\/(?:blob|tree)\/(.+)\/[^/]+$/.exec(
        target,
      );
    return match ? `${match[1]}/tree/${match[2]}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates `golden-path:upgrade-target`: tells the upgrade-service template
 * where a scaffolded service's repository lives, so it upgrades a local
 * repository directly and a GitHub one through fetch:plain and a pull request.
 *
 * @public
 */
export function createUpgradeTargetAction(options: UpgradeTargetActionOptions) {
  const { catalog, repositories } = options;
  return createTemplateAction({
    id: 'golden-path:upgrade-target',
    description:
      "Finds where a scaffolded service's repository lives (local repository or GitHub) and its golden path, for the upgrade-service template.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .describe(
              "The service's catalog entity ref, e.g. 'component:default/orders-api'",
            ),
      },
      output: {
        type: z =>
          z.enum(['local', 'github']).describe('Where the repository lives'),
        local: z => z.boolean().describe('True for a local repository'),
        github: z => z.boolean().describe('True for a GitHub repository'),
        location: z =>
          z
            .string()
            .describe('Path of the local repository, or its GitHub URL'),
        template: z =>
          z.string().describe('The golden path the service was made from'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'GitHub: github.com?owner=<owner>&repo=<repo> for publish:github:pull-request',
            ),
        fetchUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'GitHub: URL of the directory holding catalog-info.yaml, for fetch:plain',
            ),
      },
    },
    async handler(ctx) {
      const { service } = ctx.input;
      const entity = await catalog.getEntityByRef(service, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity) {
        throw new NotFoundError(
          `service: no entity '${service}' in the catalog`,
        );
      }
      const template = entity.metadata.annotations?.[TEMPLATE_ANNOTATION];
      if (!template) {
        throw new InputError(
          `service: '${service}' was not scaffolded from a golden path (no ${TEMPLATE_ANNOTATION} annotation)`,
        );
      }
      const repository = serviceRepositoryOf(entity, repositories);
      if (!repository) {
        throw new InputError(
          `service: '${service}' has no repository Conway can reach (neither a local repository nor a GitHub location)`,
        );
      }
      ctx.logger.info(
        `${service} (${template}) lives in ${
          repository.type === 'local' ? 'the local repository' : ''
        } ${repository.location}`,
      );
      ctx.output('type', repository.type);
      ctx.output('local', repository.type === 'local');
      ctx.output('github', repository.type === 'github');
      ctx.output('location', repository.location);
      ctx.output('template', template);
      if (repository.type === 'github') {
        const [, owner, repo] =
          /^https:\/\/github\.com\/([^/]+)\/([^/]+)$/.exec(
            repository.location,
          )!;
        ctx.output(
          'repoUrl',
          `github.com?owner=${encodeURIComponent(
            owner,
          )}&repo=${encodeURIComponent(repo)}`,
        );
        ctx.output(
          'fetchUrl',
          fetchUrlOf(entity.metadata.annotations?.[ANNOTATION_LOCATION]) ??
            `${repository.location}/tree/HEAD`,
        );
      }
    },
  });
}
