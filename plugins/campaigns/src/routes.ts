import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** `/campaigns`: every campaign. */
export const rootRouteRef = createRouteRef();

/** `/campaigns/:id`: one campaign, its services per team and the burndown. */
export const campaignRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:id',
});
