import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { kubernetesConsistencyApiRef } from '../api/KubernetesConsistencyApi';
import { KubernetesConsistencyClient } from '../api/KubernetesConsistencyClient';

/** `api:kubernetes-consistency`: the client of the cluster/catalog comparison backend. */
export const kubernetesConsistencyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kubernetesConsistencyApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubernetesConsistencyClient({ discoveryApi, fetchApi }),
    }),
});
