export { mineRepository } from './mineRepository';
export type { MineRepositoryOptions, MinedHistory } from './mineRepository';
export { mineCatalogHistory } from './mineCatalogHistory';
export type {
  CatalogHistoryResult,
  MineCatalogHistoryOptions,
  RepositoryRun,
} from './mineCatalogHistory';
export { RepositoryCache } from './RepositoryCache';
export type { RepositoryCacheOptions } from './RepositoryCache';
export {
  FileHistoryStateStore,
  MemoryHistoryStateStore,
} from './historyStateStore';
export type { HistoryStateStore } from './historyStateStore';
export { GitLogParser, gitLogArgs } from './gitLogParser';
export {
  ensureExampleRepositories,
  parseExampleHistories,
} from './exampleRepositories';
export type {
  DescribedCommit,
  ExampleHistories,
  ExampleRepositories,
} from './exampleRepositories';
