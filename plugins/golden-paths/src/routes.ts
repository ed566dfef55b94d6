import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** `/golden-paths`: every golden path. */
export const rootRouteRef = createRouteRef();

/** `/golden-paths/:name`: one golden path, its versions and its services. */
export const goldenPathRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:name',
});
