import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Which location types may be registered through the catalog API.
 * The embedded default adds `file`, so golden paths that publish into a local
 * git repository can register the new service; production keeps `url` only.
 */
export const catalogModuleLocationTypes = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'conway-location-types',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, locations }) {
        locations.setAllowedLocationTypes(
          config.getOptionalStringArray(
            'conway.catalog.registrationLocationTypes',
          ) ?? ['url'],
        );
      },
    });
  },
});
