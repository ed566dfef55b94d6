/**
 * Cluster vs catalog in the portal (new frontend system): what runs in the
 * configured Kubernetes clusters compared with the catalog.
 *
 * @packageDocumentation
 */

export { kubernetesConsistencyPlugin as default } from './plugin';
export { kubernetesConsistencyApiRef } from './api/KubernetesConsistencyApi';
export type * from './api/KubernetesConsistencyApi';
export { KubernetesConsistencyClient } from './api/KubernetesConsistencyClient';
