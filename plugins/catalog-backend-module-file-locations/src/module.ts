import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { createRegistrationGuardRouter } from './router';
import {
  FileLocationGuard,
  readFileLocationRoots,
} from './services/FileLocationGuard';
import { FileLocationRootsProcessor } from './services/FileLocationRootsProcessor';

/**
 * Confines `file` locations registered through the catalog API to the local
 * repositories directory and `conway.catalog.fileLocationRoots`.
 *
 * @public
 */
export const catalogModuleFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, httpRouter, processing }) {
        const guard = FileLocationGuard.create({
          roots: readFileLocationRoots(config),
        });
        const configLocations = (
          config.getOptionalConfigArray('catalog.locations') ?? []
        ).map(l => {
          const type = l.getString('type');
          const target = l.getString('target');
          return {
            type,
            target: type === 'file' ? path.resolve(target) : target,
          };
        });
        // Modules initialise before the catalog plugin: this router runs ahead of its routes.
        httpRouter.use(createRegistrationGuardRouter({ guard }));
        processing.addProcessor(
          new FileLocationRootsProcessor({ guard, configLocations }),
        );
        logger.info(
          `File locations may be registered from: ${guard.roots.join(', ')}`,
        );
      },
    });
  },
});
