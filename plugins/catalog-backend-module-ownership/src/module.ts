import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogAnalysisServiceRef } from '@conway/plugin-ownership-node';
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
        // One analysis per process, shared with the ownership API.
        analysis: catalogAnalysisServiceRef,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
      },
      async init({ processing, analysis, config, scheduler }) {
        const settings = readCheckConfig(config);
        const source = new OwnershipFindingsSource({ analysis });
        processing.addProcessor(
          new OwnershipFindingsProcessor({
            findings: source,
            errorTypes: settings.errorTypes,
          }),
        );
        await scheduler.scheduleTask({
          id: 'ownership-findings-refresh',
          // The analysis lives in this instance's memory; a check the ownership API runs meanwhile is shared.
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
