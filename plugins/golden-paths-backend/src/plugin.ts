import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { goldenPathsPermissions } from '@conway/plugin-golden-paths-common';
import {
  LocalRepositories,
  TemplateVersions,
} from '@conway/plugin-golden-paths-node';
import { createRouter } from './router';
import { GoldenPathsService } from './services/GoldenPathsService';
import { NameAvailabilityService } from './services/NameAvailabilityService';
import { OwnerChoicesService } from './services/OwnerChoicesService';

/**
 * The golden-paths backend plugin: golden paths, their versions and the
 * services on each, and upgrades, under `/api/golden-paths`.
 *
 * @public
 */
export const goldenPathsPlugin = createBackendPlugin({
  pluginId: 'golden-paths',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger } = deps;
        deps.permissionsRegistry.addPermissions(goldenPathsPermissions);
        const templateVersions = TemplateVersions.fromConfig(config);
        const repositories = LocalRepositories.fromConfig(config);
        deps.lifecycle.addShutdownHook(() => templateVersions.dispose());
        const goldenPaths = GoldenPathsService.create({
          catalog: deps.catalog,
          logger,
          config,
          repositories,
          templateVersions,
          inspectCacheMs:
            (config.getOptionalNumber(
              'conway.goldenPaths.inspectCacheSeconds',
            ) ?? 30) * 1000,
          fleetConcurrency:
            config.getOptionalNumber('conway.goldenPaths.fleetConcurrency') ??
            2,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            goldenPaths,
            names: NameAvailabilityService.create({
              catalog: deps.catalog,
              repositories,
            }),
            owners: OwnerChoicesService.create({
              catalog: deps.catalog,
              permissions: deps.permissions,
            }),
          }),
        );
      },
    });
  },
});
