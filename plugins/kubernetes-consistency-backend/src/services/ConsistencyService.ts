import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KubernetesClusterClient,
  KubernetesClusterConfig,
  KubernetesClusterError,
} from '@conway/kubernetes-clusters';
import { readClusterWorkloads } from './clusterWorkloads';
import {
  compareClusterWithCatalog,
  KUBERNETES_NAMESPACE,
} from './compareClusterWithCatalog';
import { ConsistencySettings } from './config';
import {
  entityState,
  findingsAbout,
  reportState,
} from '@conway/plugin-kubernetes-consistency-common';
import type {
  ClusterStatus,
  ConsistencyReportResponse,
  EntityConsistencyResponse,
} from '@conway/plugin-kubernetes-consistency-common';
import { ComparisonResult, Workload } from './types';

/** Kinds read from the catalog: what the Kubernetes tab is used on, and the owners. */
export const CATALOG_KINDS = ['Component', 'Resource', 'Group', 'User'];

/** The only entity fields the comparison reads. */
export const CATALOG_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.type',
  'spec.memberOf',
];

interface Snapshot {
  createdAt: number;
  report: ConsistencyReportResponse;
  comparison: ComparisonResult;
  entities: Map<string, Entity>;
}

export interface ConsistencyServiceOptions {
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  settings: ConsistencySettings;
  /** How clients are made; tests and benchmarks may pass their own. */
  createClient?: (
    cluster: KubernetesClusterConfig,
  ) => Promise<KubernetesClusterClient>;
  now?: () => number;
}

/**
 * Reads the workloads of the configured clusters and the catalog, compares
 * them with {@link compareClusterWithCatalog}, and keeps the report for
 * `refreshIntervalSeconds`; concurrent callers share one build. A cluster
 * that cannot be read becomes an error entry of the report, never a failure
 * of it.
 */
export class ConsistencyService {
  readonly #options: ConsistencyServiceOptions;
  readonly #now: () => number;
  #snapshot: Snapshot | undefined;
  #building: Promise<Snapshot> | undefined;

  static create(options: ConsistencyServiceOptions): ConsistencyService {
    return new ConsistencyService(options);
  }

  private constructor(options: ConsistencyServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async getReport(
    options: { refresh?: boolean } = {},
  ): Promise<ConsistencyReportResponse> {
    return (await this.#current(options.refresh)).report;
  }

  async getEntity(ref: string): Promise<EntityConsistencyResponse> {
    const { report, comparison, entities } = await this.#current();
    const entity = entities.get(ref);
    if (!entity) {
      throw new NotFoundError(`No entity found with ref '${ref}'`);
    }
    const selector =
      comparison.selectorsByEntity.get(ref) ?? this.#selectorOf(entity, ref);
    const namespace = entity.metadata.annotations?.[KUBERNETES_NAMESPACE];
    const findings = findingsAbout(report.findings, ref);
    return {
      state: entityState({
        annotated: selector !== undefined,
        clusters: report.clusters,
        findingCount: findings.length,
      }),
      generatedAt: report.generatedAt,
      entityRef: ref,
      kubernetes: selector
        ? { labelSelector: selector, ...(namespace ? { namespace } : {}) }
        : null,
      workloads: comparison.workloadsByEntity.get(ref) ?? [],
      findings,
      clusters: report.clusters,
    };
  }

  /**
   * The entity's selector when the report compared no entities (no cluster
   * read): the comparison of the entity alone, whose findings are dropped.
   */
  #selectorOf(entity: Entity, ref: string): string | undefined {
    return compareClusterWithCatalog(
      { workloads: [], entities: [entity] },
      { teamTypes: this.#options.settings.teamTypes },
    ).selectorsByEntity.get(ref);
  }

  async #current(refresh = false): Promise<Snapshot> {
    const ttl = this.#options.settings.refreshIntervalSeconds * 1000;
    const fresh =
      this.#snapshot && this.#now() - this.#snapshot.createdAt < ttl;
    if (fresh && !refresh) {
      return this.#snapshot!;
    }
    this.#building ??= this.#build().finally(() => {
      this.#building = undefined;
    });
    return this.#building;
  }

  async #build(): Promise<Snapshot> {
    const { logger, settings } = this.#options;
    const started = this.#now();
    const [clusterResults, entities] = await Promise.all([
      Promise.all(settings.clusters.map(c => this.#readCluster(c))),
      this.#readCatalog(),
    ]);
    const clusters = clusterResults.map(r => r.status);
    const read = clusterResults.filter(r => r.status.status === 'ok');
    const unread = clusters.filter(c => c.status === 'error').map(c => c.name);
    // With no cluster read there is nothing to compare: every annotated entity would "lack" its workloads.
    const comparison = compareClusterWithCatalog(
      {
        workloads: read.flatMap(r => r.workloads),
        entities: read.length ? entities : [],
      },
      { teamTypes: settings.teamTypes, unreadClusters: unread },
    );
    const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
    const report: ConsistencyReportResponse = {
      state: reportState(clusters, comparison.findings.length),
      generatedAt: new Date(this.#now()).toISOString(),
      durationMs: this.#now() - started,
      clusters,
      summary: { ...comparison.summary, catalogEntities: entities.length },
      findings: comparison.findings,
    };
    logger.info(
      `Kubernetes consistency: ${comparison.summary.workloads} workload(s) in ${read.length}/${clusters.length} cluster(s) against ${entities.length} catalog entities, ${comparison.findings.length} finding(s) in ${report.durationMs} ms`,
    );
    for (const c of clusters.filter(s => s.error)) {
      logger.warn(
        `Kubernetes consistency: cluster '${c.name}' not read: ${
          c.error!.message
        }`,
      );
    }
    this.#snapshot = {
      createdAt: this.#now(),
      report,
      comparison,
      entities: byRef,
    };
    return this.#snapshot;
  }

  async #readCluster(
    cluster: KubernetesClusterConfig,
  ): Promise<{ status: ClusterStatus; workloads: Workload[] }> {
    const { settings } = this.#options;
    const started = this.#now();
    const base = {
      name: cluster.name,
      ...(cluster.title ? { title: cluster.title } : {}),
    };
    try {
      const client = await (this.#options.createClient?.(cluster) ??
        KubernetesClusterClient.create(cluster, {
          requestTimeoutMs: settings.requestTimeoutMs,
        }));
      const workloads = await readClusterWorkloads(client, settings);
      return {
        status: {
          ...base,
          status: 'ok',
          workloads: workloads.length,
          durationMs: this.#now() - started,
        },
        workloads,
      };
    } catch (error) {
      const e = error as Partial<KubernetesClusterError>;
      return {
        status: {
          ...base,
          status: 'error',
          workloads: 0,
          durationMs: this.#now() - started,
          error: {
            reason: e.reason ?? 'unknown',
            message: e.message ?? String(error),
          },
        },
        workloads: [],
      };
    }
  }

  async #readCatalog(): Promise<Entity[]> {
    const { auth, catalog, settings } = this.#options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: settings.pageSize, fields: CATALOG_FIELDS }
          : {
              filter: { kind: CATALOG_KINDS },
              limit: settings.pageSize,
              fields: CATALOG_FIELDS,
            },
        { credentials },
      );
      entities.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }
}
