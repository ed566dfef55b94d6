import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/**
 * `page:golden-paths` at `/golden-paths` (and `/golden-paths/:name` below it),
 * in the sidebar through the plugin's title and icon.
 */
export const goldenPathsPage = PageBlueprint.make({
  params: {
    path: '/golden-paths',
    routeRef: rootRouteRef,
    // The pages bring their own Backstage header.
    noHeader: true,
    loader: () =>
      import('../components/GoldenPathsRouter').then(m => (
        <m.GoldenPathsRouter />
      )),
  },
});
