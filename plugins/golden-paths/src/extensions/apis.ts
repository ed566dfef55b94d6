import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { goldenPathsApiRef } from '../api/GoldenPathsApi';
import { GoldenPathsClient } from '../api/GoldenPathsClient';

/** `api:golden-paths`: the client of the golden-paths backend. */
export const goldenPathsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathsClient({ discoveryApi, fetchApi }),
    }),
});
