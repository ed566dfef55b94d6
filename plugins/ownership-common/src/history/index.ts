export * from './types';
export {
  DEFAULT_HISTORY_OPTIONS,
  HistoryOptionError,
  historyOptionsFrom,
  resolveHistoryOptions,
} from './options';
export { DEFAULT_HISTORY_EXCLUDES, createPathFilter } from './pathFilter';
export { HistoryAggregator, authorKey } from './HistoryAggregator';
export type {
  HistoryAggregatorState,
  HistoryScope,
  HistoryWindows,
  ScopeWindow,
  AuthorWindow,
} from './HistoryAggregator';
export {
  GIT_EMAILS_ANNOTATION,
  SOURCE_LOCATION_ANNOTATION,
  parseSourceLocation,
} from './catalogPeople';
export type { SourceLocation } from './catalogPeople';
export { analyzeHistory } from './analyzeHistory';
export type {
  HistoryReport,
  MinedRepository,
  UnavailableHistory,
} from './analyzeHistory';
export { isoWeekLabel, windowText } from './weeks';
export type {
  HistoryState,
  HistoryRepositoryRun,
  HistoryRunStamp,
  OwnershipHistoryResponse,
  ComponentHistoryResponse,
  TeamComponentHistory,
  TeamHistoryResponse,
} from './apiTypes';
