import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { kubernetesConsistencyApiRef } from '../api/KubernetesConsistencyApi';
import { KubernetesConsistencyClient } from '../api/KubernetesConsistencyClient';
import { ownershipApiRef } from '../api/OwnershipApi';
import { OwnershipClient } from '../api/OwnershipClient';

/** `api:ownership`: the client of the ownership backend. */
export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ownershipApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
});

/** `api:ownership/kubernetes-consistency`: the client of the cluster/catalog comparison backend. */
export const kubernetesConsistencyApi = ApiBlueprint.make({
  name: 'kubernetes-consistency',
  params: defineParams =>
    defineParams({
      api: kubernetesConsistencyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubernetesConsistencyClient({ discoveryApi, fetchApi }),
    }),
});
