/**
 * Conway's scorecards in the portal (new frontend system).
 *
 * @packageDocumentation
 */

export { scorecardsPlugin as default } from './plugin';
export { scorecardsApiRef } from './api/ScorecardsApi';
export type {
  ExportedFile,
  ScorecardsApi,
  ServiceQuery,
} from './api/ScorecardsApi';
export { ScorecardsClient } from './api/ScorecardsClient';
