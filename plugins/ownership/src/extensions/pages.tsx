import {
  coreExtensionData,
  createExtensionInput,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/**
 * `page:ownership` at `/ownership`, in the sidebar through the plugin's title
 * and icon. Its `tabs` input takes a title and an element from other plugins
 * (kubernetes-consistency adds "Cluster vs catalog"), shown after its own tabs.
 */
export const ownershipPage = PageBlueprint.makeWithOverrides({
  inputs: {
    tabs: createExtensionInput([
      coreExtensionData.title,
      coreExtensionData.reactElement,
    ]),
  },
  factory(originalFactory, { inputs }) {
    const tabs = inputs.tabs.map(tab => ({
      title: tab.get(coreExtensionData.title),
      element: tab.get(coreExtensionData.reactElement),
    }));
    return originalFactory({
      path: '/ownership',
      routeRef: rootRouteRef,
      // The page brings its own Backstage header.
      noHeader: true,
      loader: () =>
        import('../components/OwnershipPage/OwnershipPage').then(m => (
          <m.OwnershipPage tabs={tabs} />
        )),
    });
  },
});
