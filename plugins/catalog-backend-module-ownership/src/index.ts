/**
 * Catalog module that attaches Conway's ownership findings to the entities
 * they are about.
 *
 * @packageDocumentation
 */

export { catalogModuleOwnership as default } from './module';
export {
  DEFAULT_ERROR_FINDING_TYPES,
  LOCAL_FINDING_TYPES,
  OwnershipFindingsProcessor,
} from './OwnershipFindingsProcessor';
export type { OwnershipFindingsProcessorOptions } from './OwnershipFindingsProcessor';
export {
  OwnershipFindingsSource,
  type EntityFindings,
  type FindingsLookup,
  type OwnershipFindingsSourceOptions,
} from './OwnershipFindingsSource';
export {
  ANNOTATION_OWNERSHIP_FINDINGS,
  ANNOTATION_OWNERSHIP_SEVERITY,
  MAX_ANNOTATED_FINDINGS,
  type AnnotatedFinding,
} from './annotations';
