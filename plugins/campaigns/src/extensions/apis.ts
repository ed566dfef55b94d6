import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { campaignsApiRef, CampaignsClient } from '../api';

/** `api:campaigns`: the client of the campaigns backend. */
export const campaignsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: campaignsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new CampaignsClient({ discoveryApi, fetchApi }),
    }),
});
