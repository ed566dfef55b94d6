import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

export const rootRouteRef = createRouteRef();

/** The Campaigns page, where a failing check's "Start campaign" leads. */
export const campaignsRouteRef = createExternalRouteRef({
  defaultTarget: 'campaigns.root',
});
