import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** `page:scorecards` at `/scorecards` (and its how-to-fix guides), in the sidebar through the plugin's title and icon. */
export const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    // The page brings its own Backstage header.
    noHeader: true,
    loader: () =>
      import('../components/ScorecardsRoot').then(m => <m.ScorecardsRoot />),
  },
});
