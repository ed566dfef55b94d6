import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { readCheckConfig } from './config';
import { OwnershipFindingsProcessor } from './OwnershipFindingsProcessor';
import { OwnershipFindingsSource } from './OwnershipFindingsSource';

/**
 * Catalog module that attaches Conway's ownership findings to entities.
 *
 * @public
 */
export const catalogModuleOwnership = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ownership',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ processing, catalog, auth, config, logger, scheduler }) {
        const settings = readCheckConfig(config);
        const source = new OwnershipFindingsSource({
          catalog,
          auth,
          logger,
          pageSize: settings.pageSize,
          analysis: settings.analysis,
        });
        processing.addProcessor(
          new OwnershipFindingsProcessor({
            findings: source,
            errorTypes: settings.errorTypes,
          }),
        );
        await scheduler.scheduleTask({
          id: 'ownership-findings-refresh',
          // The analysis lives in this instance's memory.
          scope: 'local',
          frequency: { seconds: settings.refreshIntervalSeconds },
          // The catalog API answers only once the backend has started.
          initialDelay: { seconds: 10 },
          timeout: { minutes: 5 },
          fn: () => source.refresh(),
        });
      },
    });
  },
});
