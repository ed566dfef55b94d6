/**
 * Catalog reading for the ownership analysis, and the process's one analysis
 * of the catalog, shared by the ownership backend and the catalog processor
 * module.
 *
 * @packageDocumentation
 */
export * from './catalogEntities';
export {
  CatalogAnalysis,
  catalogAnalysisServiceRef,
  positiveConfigNumber,
  readCatalogAnalysisSettings,
} from './catalogAnalysis';
export type {
  CatalogAnalysisService,
  CatalogAnalysisSettings,
  CatalogAnalysisSnapshot,
  CatalogReader,
} from './catalogAnalysis';
export * from './history';
