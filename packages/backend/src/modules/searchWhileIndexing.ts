import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import {
  searchEngineRegistryExtensionPoint,
  type SearchEngineRegistryExtensionPoint,
} from '@backstage/plugin-search-backend-node/alpha';

type SearchEngine = Parameters<
  SearchEngineRegistryExtensionPoint['setSearchEngine']
>[0];

/**
 * The in-memory engine builds each index in a scheduled task a few seconds
 * after start-up, and until then answers every query for that document type
 * with a 500 (`MissingIndexError`). Someone searching in the portal right after
 * a deploy sees a server error for what is only a matter of time; this wrapper
 * answers an empty page instead, as the PostgreSQL engine does before its
 * first indexing run. Any other failure is passed on.
 */
export function answerEmptyWhileIndexing(engine: SearchEngine): SearchEngine {
  return {
    setTranslator: translator => engine.setTranslator(translator),
    getIndexer: type => engine.getIndexer(type),
    async query(query, options) {
      try {
        return await engine.query(query, options);
      } catch (error) {
        if (error instanceof MissingIndexError) {
          return { results: [], numberOfResults: 0 };
        }
        throw error;
      }
    },
  };
}

/**
 * Search's in-memory engine (used when the database is not PostgreSQL; with
 * PostgreSQL, search-backend-module-pg sets its own), answering an empty page
 * while its indices are still being built.
 */
export const searchModuleAnswerWhileIndexing = createBackendModule({
  pluginId: 'search',
  moduleId: 'conway-answer-while-indexing',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        engines: searchEngineRegistryExtensionPoint,
      },
      async init({ config, logger, engines }) {
        if (config.getOptionalString('backend.database.client') === 'pg') {
          return;
        }
        engines.setSearchEngine(
          answerEmptyWhileIndexing(new LunrSearchEngine({ logger })),
        );
      },
    });
  },
});
