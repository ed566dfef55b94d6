/**
 * Conway's ownership analysis in the portal (new frontend system).
 *
 * @packageDocumentation
 */

export { ownershipPlugin as default } from './plugin';
export { ownershipApiRef } from './api/OwnershipApi';
export type {
  ExportedFile,
  ExportFormat,
  OwnershipApi,
} from './api/OwnershipApi';
export { OwnershipClient } from './api/OwnershipClient';
export type * from './api/types';
export { kubernetesConsistencyApiRef } from './api/KubernetesConsistencyApi';
export type * from './api/KubernetesConsistencyApi';
export { KubernetesConsistencyClient } from './api/KubernetesConsistencyClient';
