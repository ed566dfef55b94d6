import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  analyzeOwnership,
  OwnershipAnalysisOptions,
  OwnershipReport,
  ProposedChange,
  reportToCsv,
  whatIf,
} from '@conway/plugin-ownership-common';
import {
  catalogFingerprint,
  DEFAULT_PAGE_SIZE,
  loadEntities,
} from '@conway/plugin-ownership-node';
import { ReportIndex } from './reportIndex';
import {
  EntityAlignmentResponse,
  FindingFilter,
  FindingsResponse,
  HealthResponse,
  OwnershipReportResponse,
  OwnershipSummaryResponse,
  RefreshResponse,
  TeamDetailsResponse,
  WhatIfResponse,
} from '@conway/plugin-ownership-common';

/** One analysis of the catalog and everything derived from it. */
interface Snapshot {
  /** When the catalog was last read for this report. */
  generatedAt: string;
  /** uid/etag hash of the entities read, compared with the catalog's to detect changes. */
  fingerprint: string;
  /** Hash of the analysed fields; unchanged content keeps the report. */
  contentHash: string;
  entities: Entity[];
  report: OwnershipReport;
  index: ReportIndex;
}

export interface OwnershipServiceOptions {
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  /** Entities per catalog page. */
  pageSize?: number;
  analysis?: OwnershipAnalysisOptions;
}

/**
 * The Conway's-law analysis of the catalog, cached: the catalog is read in
 * pages with the plugin's own credentials, analysed once, and read again only
 * when {@link OwnershipService.refreshIfChanged} sees that it changed, or on
 * an explicit {@link OwnershipService.refresh}. Concurrent callers share one
 * in-flight build.
 */
export class OwnershipService {
  readonly #logger: LoggerService;
  readonly #auth: AuthService;
  readonly #catalog: CatalogService;
  readonly #pageSize: number;
  readonly #analysis: OwnershipAnalysisOptions;
  #snapshot: Snapshot | undefined;
  #building: Promise<Snapshot> | undefined;

  static create(options: OwnershipServiceOptions): OwnershipService {
    return new OwnershipService(options);
  }

  private constructor(options: OwnershipServiceOptions) {
    this.#logger = options.logger;
    this.#auth = options.auth;
    this.#catalog = options.catalog;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#analysis = options.analysis ?? {};
  }

  async getReport(): Promise<OwnershipReportResponse> {
    const { report, generatedAt } = await this.#current();
    return { ...report, generatedAt };
  }

  async getSummary(): Promise<OwnershipSummaryResponse> {
    const { report, generatedAt } = await this.#current();
    return { ...report.summary, generatedAt };
  }

  async getTeam(ref: string): Promise<TeamDetailsResponse> {
    const { index, generatedAt } = await this.#current();
    const team = index.team(ref);
    if (!team) {
      throw new NotFoundError(`No group found with ref '${ref}'`);
    }
    return {
      generatedAt,
      team,
      ancestorRefs: index.teamAncestorRefs(team),
      findings: index.teamFindings(team),
    };
  }

  async getEntity(ref: string): Promise<EntityAlignmentResponse> {
    const { index, generatedAt } = await this.#current();
    const alignment = index.entityAlignment(ref);
    if (!alignment) {
      throw new NotFoundError(`No entity found with ref '${ref}'`);
    }
    return { generatedAt, ...alignment };
  }

  async getFindings(filter: FindingFilter): Promise<FindingsResponse> {
    const { index, generatedAt } = await this.#current();
    return { generatedAt, items: index.filterFindings(filter) };
  }

  async exportCsv(filter: FindingFilter): Promise<string> {
    const { index, report } = await this.#current();
    return reportToCsv({ ...report, findings: index.filterFindings(filter) });
  }

  /** Analyses the cached entities with the changes applied; never writes to the catalog. */
  async whatIf(changes: ProposedChange[]): Promise<WhatIfResponse> {
    const { entities, index } = await this.#current();
    const result = whatIf(entities, changes, this.#analysis);
    const newIds = new Set(result.delta.newFindingIds);
    return {
      before: result.before,
      after: result.after.summary,
      delta: result.delta,
      resolvedFindings: index.findingsById(result.delta.resolvedFindingIds),
      newFindings: result.after.findings.filter(f => newIds.has(f.id)),
    };
  }

  /** Reads and analyses the catalog now (or joins the build under way). */
  async refresh(): Promise<RefreshResponse> {
    const snapshot = await this.#build();
    return {
      generatedAt: snapshot.generatedAt,
      entityCount: snapshot.report.summary.entityCount,
    };
  }

  /**
   * The scheduled check: compares the catalog's fingerprint with the one of
   * the cached report and rebuilds only when they differ. Builds the first
   * report when there is none yet.
   */
  async refreshIfChanged(): Promise<'built' | 'unchanged' | 'busy'> {
    if (this.#building) return 'busy';
    const current = this.#snapshot;
    if (current) {
      const fingerprint = await catalogFingerprint({
        catalog: this.#catalog,
        credentials: await this.#auth.getOwnServiceCredentials(),
        pageSize: this.#pageSize,
      });
      if (fingerprint === current.fingerprint) return 'unchanged';
      this.#logger.debug('Catalog changed, rebuilding the ownership report');
    }
    await this.#build();
    return 'built';
  }

  health(): HealthResponse {
    return {
      status: 'ok',
      report: {
        available: this.#snapshot !== undefined,
        ...(this.#snapshot ? { generatedAt: this.#snapshot.generatedAt } : {}),
        building: this.#building !== undefined,
      },
    };
  }

  async #current(): Promise<Snapshot> {
    if (this.#snapshot) return this.#snapshot;
    try {
      return await this.#build();
    } catch (error) {
      throw new ServiceUnavailableError(
        `The ownership report is not available yet: ${stringifyError(error)}`,
      );
    }
  }

  #build(): Promise<Snapshot> {
    if (!this.#building) {
      this.#building = this.#load().finally(() => {
        this.#building = undefined;
      });
    }
    return this.#building;
  }

  async #load(): Promise<Snapshot> {
    const started = Date.now();
    const loaded = await loadEntities({
      catalog: this.#catalog,
      credentials: await this.#auth.getOwnServiceCredentials(),
      pageSize: this.#pageSize,
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
    const report = analyzeOwnership(loaded.entities, this.#analysis);
    this.#snapshot = {
      generatedAt: new Date().toISOString(),
      fingerprint: loaded.fingerprint,
      contentHash: loaded.contentHash,
      entities: loaded.entities,
      report,
      index: new ReportIndex(report, loaded.entities),
    };
    this.#logger.info(
      `Analysed ownership of ${report.summary.entityCount} entities in ${
        Date.now() - started
      } ms: score ${report.summary.score}, ${report.findings.length} findings`,
    );
    return this.#snapshot;
  }
}
