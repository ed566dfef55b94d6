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
import { createUpgradeGoldenPathAction } from './actions/upgrade';
import { createUpgradeTargetAction } from './actions/upgradeTarget';
import { createValidateGoldenPathAction } from './actions/validate';
import { goldenPathScaffolderPermissions } from './permissions';
import {
  LocalRepositories,
  readGoldenPathDirectories,
  TemplateVersions,
} from '@conway/plugin-golden-paths-node';

/**
 * Scaffolder module with the golden-path actions: render, validate,
 * publish into a local repository when no Git host is configured, and
 * upgrade a scaffolded service to a newer version of its golden path.
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        scaffolder,
        config,
        logger,
        catalog,
        auth,
        permissions,
        permissionsRegistry,
      }) {
        // Listed in the scaffolder's permission metadata, so policies and tools can see it.
        permissionsRegistry.addPermissions(goldenPathScaffolderPermissions);
        const repositories = LocalRepositories.fromConfig(config);
        const goldenPathDirectories = readGoldenPathDirectories(config);
        const templateVersions = TemplateVersions.fromConfig(config);
        scaffolder.addActions(
          createRenderGoldenPathAction({
            catalog,
            auth,
            permissions,
            goldenPathDirectories,
          }),
          createValidateGoldenPathAction(),
          createPublishTargetAction({ config }),
          createPublishLocalAction({ repositories, config }),
          createRegisterLocalAction({ catalog, repositories }),
          createUpgradeTargetAction({ catalog, repositories }),
          createUpgradeGoldenPathAction({
            catalog,
            repositories,
            templateVersions,
            config,
            permissions,
          }),
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
