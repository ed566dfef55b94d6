/**
 * Components and helpers the portal's Conway plugins share: entities by
 * display name, severity chips, finding lists, entity card states,
 * backend error messages and dates.
 *
 * @packageDocumentation
 */

export { EntityName, splitRefs, TextWithNames } from './components/EntityName';
export type { TextPart } from './components/EntityName';
export { SeverityChip } from './components/SeverityChip';
export type { Severity } from './components/SeverityChip';
export { FindingList, WRAP } from './components/FindingList';
export type { FindingListItem } from './components/FindingList';
export { EntityResultCard } from './components/EntityResultCard';
export type { LoadState } from './components/EntityResultCard';
export { errorMessage, isNotFound } from './errors';
export { formatDateTime, formatDay } from './dates';
export { quantity } from './words';
