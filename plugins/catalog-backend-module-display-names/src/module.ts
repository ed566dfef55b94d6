import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ProfileTitleProcessor } from './ProfileTitleProcessor';

/**
 * Gives Users and Groups without `metadata.title` their
 * `spec.profile.displayName` as title (see {@link ProfileTitleProcessor}).
 *
 * @public
 */
export const catalogModuleDisplayNames = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'display-names',
  register(reg) {
    reg.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.addProcessor(new ProfileTitleProcessor());
      },
    });
  },
});
