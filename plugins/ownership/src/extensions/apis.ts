import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { ownershipApiRef } from '../api/OwnershipApi';
import { OwnershipClient } from '../api/OwnershipClient';

/** `api:ownership`: the client of the ownership backend. */
export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ownershipApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
});

