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
