import {
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import {
  EntityAlignmentResponse,
  FindingFilter,
  FindingsResponse,
  HealthResponse,
  OwnershipReportResponse,
  OwnershipSummaryResponse,
  ProposedChange,
  RefreshResponse,
  reportToCsv,
  TeamDetailsResponse,
  whatIf,
  WhatIfResponse,
  whoOwnsWhat,
  whoOwnsWhatToCsv,
} from '@conway/plugin-ownership-common';
import {
  CatalogAnalysisService,
  CatalogAnalysisSnapshot,
} from '@conway/plugin-ownership-node';
import { ReportIndex } from './reportIndex';

/** A snapshot of the shared analysis with this plugin's lookups over it. */
interface Snapshot extends CatalogAnalysisSnapshot {
  index: ReportIndex;
}

export interface OwnershipServiceOptions {
  /** The process's analysis of the catalog, shared with the catalog processor. */
  analysis: CatalogAnalysisService;
}

/**
 * The Conway's-law analysis of the catalog as the HTTP API serves it. The
 * analysis itself (reading the catalog in pages, analysing it once, reading
 * it again only when {@link OwnershipService.refreshIfChanged} sees that it
 * changed, or on an explicit {@link OwnershipService.refresh}) is the
 * process's shared {@link CatalogAnalysisService}; this service adds the
 * lookups each request needs, built once per report.
 */
export class OwnershipService {
  readonly #analysis: CatalogAnalysisService;
  /** Lookups per report: a snapshot whose content did not change keeps its report, and its index. */
  readonly #indexes = new WeakMap<object, ReportIndex>();

  static create(options: OwnershipServiceOptions): OwnershipService {
    return new OwnershipService(options);
  }

  private constructor(options: OwnershipServiceOptions) {
    this.#analysis = options.analysis;
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
    const descendants = index.teamDescendants(team);
    return {
      generatedAt,
      team,
      ancestorRefs: index.teamAncestorRefs(team),
      findings: index.teamFindings(team),
      descendants,
      aggregatedFindings: index.subtreeFindings(team, descendants),
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

  /** Who owns what: every owned entity with its owner, team path, system, domain and lifecycle. */
  async exportOwnersCsv(): Promise<string> {
    const { entities, report } = await this.#current();
    return whoOwnsWhatToCsv(whoOwnsWhat(entities, report));
  }

  /** Analyses the cached entities with the changes applied; never writes to the catalog. */
  async whatIf(changes: ProposedChange[]): Promise<WhatIfResponse> {
    const { entities, index } = await this.#current();
    const result = whatIf(entities, changes, this.#analysis.options);
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
    const snapshot = await this.#analysis.refresh();
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
  refreshIfChanged(): Promise<'built' | 'unchanged' | 'busy'> {
    return this.#analysis.refreshIfChanged();
  }

  health(): HealthResponse {
    const latest = this.#analysis.latest();
    return {
      status: 'ok',
      report: {
        available: latest !== undefined,
        ...(latest ? { generatedAt: latest.generatedAt } : {}),
        building: this.#analysis.isBuilding(),
      },
    };
  }

  async #current(): Promise<Snapshot> {
    let snapshot = this.#analysis.latest();
    if (!snapshot) {
      try {
        snapshot = await this.#analysis.refresh();
      } catch (error) {
        throw new ServiceUnavailableError(
          `The ownership report is not available yet: ${stringifyError(error)}`,
        );
      }
    }
    let index = this.#indexes.get(snapshot.report);
    if (!index) {
      index = new ReportIndex(snapshot.report, snapshot.entities);
      this.#indexes.set(snapshot.report, index);
    }
    return { ...snapshot, index };
  }
}
