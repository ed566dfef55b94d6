import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { kubernetesConsistencyApi } from './extensions/apis';
import { clusterConsistencyCard } from './extensions/entityCards';
import { clusterVsCatalogOwnershipTab } from './extensions/ownershipTabs';

/**
 * Cluster vs catalog in the portal: the client of
 * `/api/kubernetes-consistency`, the card on component pages and the tab on
 * the Ownership page.
 *
 * @public
 */
export const kubernetesConsistencyPlugin = createFrontendPlugin({
  pluginId: 'kubernetes-consistency',
  title: 'Cluster vs catalog',
  extensions: [
    kubernetesConsistencyApi,
    clusterConsistencyCard,
    clusterVsCatalogOwnershipTab,
  ],
});
