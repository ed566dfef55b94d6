import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishTargetAction } from './actions/publishTarget';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createRenderGoldenPathAction } from './actions/render';
import { createValidateGoldenPathAction } from './actions/validate';
import { LocalRepositories } from './services/LocalRepositories';
import { readGoldenPathDirectories } from './services/templateDirectory';

/**
 * Scaffolder module with the golden-path actions: render, validate, and
 * publish into a local repository when no Git host is configured.
 *
 * @public
 */
export const scaffolderModuleGoldenPath = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, logger, catalog, auth }) {
        const repositories = LocalRepositories.fromConfig(config);
        const goldenPathDirectories = readGoldenPathDirectories(config);
        scaffolder.addActions(
          createRenderGoldenPathAction({
            catalog,
            auth,
            goldenPathDirectories,
          }),
          createValidateGoldenPathAction(),
          createPublishTargetAction({ config }),
          createPublishLocalAction({ repositories, config }),
          createRegisterLocalAction({ catalog, repositories }),
        );
        logger.info(
          `Golden-path actions added; local repositories in ${
            config.has('conway.localRepositories.directory')
              ? repositories.directory
              : '(not configured)'
          }`,
        );
      },
    });
  },
});
