import { FindingSeverity, FindingType } from '@conway/plugin-ownership-common';

/**
 * JSON array of the ownership findings about the entity
 * ({@link AnnotatedFinding}), most severe first, at most
 * {@link MAX_ANNOTATED_FINDINGS}.
 *
 * @public
 */
export const ANNOTATION_OWNERSHIP_FINDINGS = 'conway.dev/ownership-findings';

/**
 * The most severe finding whose subject is the entity itself: `error`,
 * `warning` or `info`. Absent when there is none, so the catalog can filter on
 * it (`metadata.annotations.conway.dev/ownership-severity=error`).
 *
 * @public
 */
export const ANNOTATION_OWNERSHIP_SEVERITY = 'conway.dev/ownership-severity';

/** @public */
export const MAX_ANNOTATED_FINDINGS = 20;

/**
 * One finding as stored in {@link ANNOTATION_OWNERSHIP_FINDINGS}.
 *
 * @public
 */
export interface AnnotatedFinding {
  id: string;
  type: FindingType;
  severity: FindingSeverity;
  /** The finding's subject: this entity, or another one it is involved with. */
  entityRef: string;
  message: string;
  suggestion: string;
}
