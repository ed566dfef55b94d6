import {
  AuthService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  analyzeOwnership,
  OwnershipAnalysisOptions,
  OwnershipReport,
} from '@conway/plugin-ownership-common';
import {
  catalogFingerprint,
  DEFAULT_PAGE_SIZE,
  loadEntities,
} from './catalogEntities';

/**
 * One analysis of the whole catalog.
 *
 * @public
 */
export interface CatalogAnalysisSnapshot {
  /** When the catalog was last read for this report. */
  generatedAt: string;
  /** uid/etag hash of the entities read, compared with the catalog's to detect changes. */
  fingerprint: string;
  /** Hash of the analysed fields; unchanged content keeps the report. */
  contentHash: string;
  /** The entities analysed (analysed fields only). */
  entities: Entity[];
  report: OwnershipReport;
}

/**
 * The analysis of the catalog, one per backend process, shared by the
 * ownership API and the catalog processor: whichever asks first reads and
 * analyses the catalog, the other gets the same snapshot.
 *
 * @public
 */
export interface CatalogAnalysisService {
  /** The options every analysis in this process uses. */
  readonly options: OwnershipAnalysisOptions;
  /** The latest snapshot; undefined before the first analysis has completed. */
  latest(): CatalogAnalysisSnapshot | undefined;
  /** Whether a read and analysis is under way. */
  isBuilding(): boolean;
  /** Reads and analyses the catalog now, or joins the build under way. */
  refresh(): Promise<CatalogAnalysisSnapshot>;
  /**
   * The scheduled check: compares the catalog's fingerprint with the latest
   * snapshot's and rebuilds only when they differ (or there is none yet).
   * Answers 'busy', after waiting for it, when a build was already under way.
   */
  refreshIfChanged(): Promise<'built' | 'unchanged' | 'busy'>;
}

/**
 * What a caller reads the catalog with: its own catalog client and service credentials.
 *
 * @public
 */
export interface CatalogReader {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Settings shared by everything that analyses the catalog (`ownership.pageSize`, `ownership.analysis`).
 *
 * @public
 */
export interface CatalogAnalysisSettings {
  pageSize: number;
  analysis: OwnershipAnalysisOptions;
}

/**
 * The state of the process's analysis: the latest snapshot and the build
 * under way. Readers differ by plugin (each plugin has its own catalog
 * client and credentials); the state is one.
 *
 * @public
 */
export class CatalogAnalysis {
  readonly #settings: CatalogAnalysisSettings;
  #snapshot: CatalogAnalysisSnapshot | undefined;
  #building: Promise<CatalogAnalysisSnapshot> | undefined;

  static create(settings: Partial<CatalogAnalysisSettings> = {}) {
    return new CatalogAnalysis({
      pageSize: settings.pageSize ?? DEFAULT_PAGE_SIZE,
      analysis: settings.analysis ?? {},
    });
  }

  private constructor(settings: CatalogAnalysisSettings) {
    this.#settings = settings;
  }

  /** The service as one plugin sees it: builds it starts read the catalog with that plugin's client. */
  forReader(reader: CatalogReader): CatalogAnalysisService {
    return {
      options: this.#settings.analysis,
      latest: () => this.#snapshot,
      isBuilding: () => this.#building !== undefined,
      refresh: () => this.#build(reader),
      refreshIfChanged: () => this.#refreshIfChanged(reader),
    };
  }

  async #refreshIfChanged(
    reader: CatalogReader,
  ): Promise<'built' | 'unchanged' | 'busy'> {
    if (this.#building) {
      await this.#building;
      return 'busy';
    }
    const current = this.#snapshot;
    if (current) {
      const fingerprint = await catalogFingerprint({
        catalog: reader.catalog,
        credentials: await reader.auth.getOwnServiceCredentials(),
        pageSize: this.#settings.pageSize,
      });
      // Another caller may have rebuilt while this one read the fingerprint.
      if (fingerprint === this.#snapshot?.fingerprint) return 'unchanged';
      reader.logger.debug('Catalog changed, rebuilding the ownership analysis');
    }
    await this.#build(reader);
    return 'built';
  }

  #build(reader: CatalogReader): Promise<CatalogAnalysisSnapshot> {
    if (!this.#building) {
      this.#building = this.#load(reader).finally(() => {
        this.#building = undefined;
      });
    }
    return this.#building;
  }

  async #load(reader: CatalogReader): Promise<CatalogAnalysisSnapshot> {
    const started = Date.now();
    const loaded = await loadEntities({
      catalog: reader.catalog,
      credentials: await reader.auth.getOwnServiceCredentials(),
      pageSize: this.#settings.pageSize,
    });
    const previous = this.#snapshot;
    if (previous && previous.contentHash === loaded.contentHash) {
      // Only fields the analysis ignores changed (annotations, status, ...):
      // the report stands, as of this read.
      this.#snapshot = {
        ...previous,
        generatedAt: new Date().toISOString(),
        fingerprint: loaded.fingerprint,
      };
      return this.#snapshot;
    }
    const report = analyzeOwnership(loaded.entities, this.#settings.analysis);
    this.#snapshot = {
      generatedAt: new Date().toISOString(),
      fingerprint: loaded.fingerprint,
      contentHash: loaded.contentHash,
      entities: loaded.entities,
      report,
    };
    reader.logger.info(
      `Analysed ownership of ${report.summary.entityCount} entities in ${
        Date.now() - started
      } ms: score ${report.summary.score}, ${report.findings.length} findings`,
    );
    return this.#snapshot;
  }
}

/**
 * A positive number from config, or the fallback when the key is absent.
 *
 * @throws Error naming the key when the value is not positive.
 *
 * @public
 */
export function positiveConfigNumber(
  config: RootConfigService,
  key: string,
  fallback: number,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config '${key}': must be a positive number, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `ownership.pageSize` and `ownership.analysis.*`.
 *
 * @throws Error naming the key when a value is invalid.
 *
 * @public
 */
export function readCatalogAnalysisSettings(
  config: RootConfigService,
): CatalogAnalysisSettings {
  const analysis: OwnershipAnalysisOptions = {};
  const teamLoadThreshold = config.getOptionalNumber(
    'ownership.analysis.teamLoadThreshold',
  );
  const teamTypes = config.getOptionalStringArray(
    'ownership.analysis.teamTypes',
  );
  if (teamLoadThreshold !== undefined)
    analysis.teamLoadThreshold = teamLoadThreshold;
  if (teamTypes !== undefined) analysis.teamTypes = teamTypes;
  const layerOrder = config.getOptionalStringArray(
    'ownership.analysis.layerOrder',
  );
  if (layerOrder !== undefined) analysis.layerOrder = layerOrder;
  const hubMinDegree = config.getOptionalNumber(
    'ownership.analysis.hubMinDegree',
  );
  if (hubMinDegree !== undefined) analysis.hubMinDegree = hubMinDegree;
  try {
    // Fails fast on options the analysis would reject at the first request.
    analyzeOwnership([], analysis);
  } catch (error) {
    throw new Error(
      `Invalid config 'ownership.analysis': ${(error as Error).message}`,
    );
  }
  return {
    pageSize: Math.floor(
      positiveConfigNumber(config, 'ownership.pageSize', DEFAULT_PAGE_SIZE),
    ),
    analysis,
  };
}

/**
 * The process's one analysis of the catalog. Plugin-scoped so that each
 * plugin reads the catalog with its own client and credentials; the state
 * lives in the root context, created once per backend process.
 *
 * @public
 */
export const catalogAnalysisServiceRef =
  createServiceRef<CatalogAnalysisService>({
    id: 'conway.ownership.catalog-analysis',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          auth: coreServices.auth,
          logger: coreServices.logger,
          catalog: catalogServiceRef,
        },
        createRootContext({ config }) {
          return CatalogAnalysis.create(readCatalogAnalysisSettings(config));
        },
        factory({ auth, logger, catalog }, analysis) {
          return analysis.forReader({ auth, logger, catalog });
        },
      }),
  });
