import {
  coreExtensionData,
  createExtension,
  ExtensionBoundary,
} from '@backstage/frontend-plugin-api';

/**
 * `ownership-tab:kubernetes-consistency/cluster-vs-catalog`: the fleet-wide
 * comparison as a tab of the Ownership page (its `tabs` input). Without the
 * ownership plugin the tab is simply not shown.
 */
export const clusterVsCatalogOwnershipTab = createExtension({
  kind: 'ownership-tab',
  name: 'cluster-vs-catalog',
  attachTo: { id: 'page:ownership', input: 'tabs' },
  output: [coreExtensionData.reactElement, coreExtensionData.title],
  factory: ({ node }) => [
    coreExtensionData.title('Cluster vs catalog'),
    coreExtensionData.reactElement(
      ExtensionBoundary.lazy(node, () =>
        import('../components/ClusterConsistency/ClusterConsistencySection').then(
          m => <m.ClusterConsistencySection />,
        ),
      ),
    ),
  ],
});
