import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** `page:ownership` at `/ownership`, in the sidebar through the plugin's title and icon. */
export const ownershipPage = PageBlueprint.make({
  params: {
    path: '/ownership',
    routeRef: rootRouteRef,
    // The page brings its own Backstage header.
    noHeader: true,
    loader: () =>
      import('../components/OwnershipPage/OwnershipPage').then(m => (
        <m.OwnershipPage />
      )),
  },
});
