import fs from 'node:fs';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ForwardedError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import { examples } from './registerLocal.examples';
import { userFacing } from './publishLocal';

/**
 * Options for {@link createRegisterLocalAction}.
 *
 * @public
 */
export interface RegisterLocalActionOptions {
  catalog: CatalogService;
  repositories: LocalRepositories;
}

/**
 * The entity a catalog file is about: its Component, else its first entity
 * that is not a Location.
 *
 * @remarks
 * Read from the file rather than from a catalog dry run: the catalog cannot
 * resolve relative placeholders such as `$text: ./openapi.yaml` for `file`
 * locations in a dry run.
 */
async function mainEntityRef(file: string): Promise<string> {
  const docs = parseAllDocuments(await fs.promises.readFile(file, 'utf8'));
  const problem = docs.flatMap(d => d.errors)[0];
  if (problem) {
    throw new InputError(`'${file}' is not valid YAML: ${problem.message}`);
  }
  const entities = docs
    .map(d => d.toJS() as Entity | null)
    .filter(
      (e): e is Entity =>
        typeof e?.kind === 'string' &&
        typeof e.metadata?.name === 'string' &&
        e.kind !== 'Location',
    );
  const entity = entities.find(e => e.kind === 'Component') ?? entities[0];
  if (!entity) {
    throw new InputError(`'${file}' declares no entity`);
  }
  return stringifyEntityRef(entity);
}

/**
 * Creates `golden-path:register-local`: registers the catalog-info.yaml of a
 * repository made by `golden-path:publish-local` as a `file` location, and
 * removes that repository again when registration fails.
 *
 * @public
 */
export function createRegisterLocalAction(options: RegisterLocalActionOptions) {
  const { catalog, repositories } = options;
  return createTemplateAction({
    id: 'golden-path:register-local',
    description:
      'Registers a catalog-info.yaml from a local repository (golden-path:publish-local) as a file location; removes the repository if registration fails.',
    examples,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Absolute path of the catalog-info.yaml to register, inside conway.localRepositories.directory; usually the catalogInfoPath output of golden-path:publish-local',
            ),
        removeRepositoryOnFailure: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Remove the repository holding the file when registration fails, so nothing is left half-done. Default: true.',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe('Ref of the registered component (or main entity)'),
        catalogInfoUrl: z =>
          z.string().describe('file: URL of the registered catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const target = ctx.input.catalogInfoPath;
      const repository = repositories.repositoryOf(target);
      const credentials = await ctx.getInitiatorCredentials();

      const register = async (): Promise<string> => {
        if (!fs.existsSync(target)) {
          throw new InputError(`'${target}' does not exist`);
        }
        const entityRef = await mainEntityRef(target);
        await catalog.addLocation({ type: 'file', target }, { credentials });
        return entityRef;
      };

      let entityRef: string;
      try {
        entityRef = await ctx.checkpoint({
          key: `golden-path.register-local.${target}`,
          fn: register,
        });
      } catch (error) {
        if (ctx.input.removeRepositoryOnFailure === false) {
          throw userFacing(error);
        }
        await repositories.remove(repository.name);
        throw userFacing(
          new ForwardedError(
            `Registering '${target}' in the catalog failed, so repository '${repository.name}' was removed from ${repository.path}`,
            error,
          ),
        );
      }

      ctx.logger.info(`Registered ${entityRef} from ${target}`);
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', repositories.fileUrl(target));
    },
  });
}
