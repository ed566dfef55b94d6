import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** `page:scorecards` at `/scorecards`, in the sidebar through the plugin's title and icon. */
export const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    // The page brings its own Backstage header.
    noHeader: true,
    loader: () =>
      import('../components/ScorecardsPage/ScorecardsPage').then(m => (
        <m.ScorecardsPage />
      )),
  },
});
