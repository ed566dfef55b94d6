import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** `page:campaigns` at `/campaigns`: the list and each campaign's page. */
export const campaignsPage = PageBlueprint.make({
  params: {
    path: '/campaigns',
    routeRef: rootRouteRef,
    // The page brings its own Backstage header.
    noHeader: true,
    loader: () =>
      import('../components/CampaignsPage').then(m => <m.CampaignsPage />),
  },
});
