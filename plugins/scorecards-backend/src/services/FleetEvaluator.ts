import {
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LocalRepositories,
  serviceRepositoryOf,
} from '@conway/plugin-golden-paths-node';
import { CatalogAnalysisService } from '@conway/plugin-ownership-node';
import { compareVersions } from '@conway/golden-path';
import {
  OwnershipFindingFact,
  ScorecardDefinitions,
  ScorecardEngine,
  ServiceFacts,
} from './engine';
import {
  FleetDirectory,
  readServiceEtags,
  readServices,
  refOf,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './fleetCatalog';
import {
  EvaluatedService,
  RunRecord,
  ScorecardStore,
} from './ScorecardStore';

import type { ClusterFactsOf } from './clusterFacts';

/** Services evaluated at the same time (repository reads are I/O bound). */
const DEFAULT_CONCURRENCY = 4;

export interface FleetEvaluatorOptions {
  engine: ScorecardEngine;
  store: ScorecardStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  repositories: LocalRepositories;
  /** The golden paths' released versions (the templates' git history). */
  templateVersions?: {
    source(): Promise<{ listVersions(name: string): Promise<string[]> }>;
  };
  /** The process's ownership analysis; its findings become facts. */
  analysis?: CatalogAnalysisService;
  /** Reads, once per run, how the clusters compare with the catalog; without it cluster facts are unknown. */
  clusterFacts?: () => Promise<ClusterFactsOf>;
  concurrency?: number;
}

type FindingsIndex = Map<string, OwnershipFindingFact[]>;

/** What a run did. */
export interface RunOutcome {
  run?: RunRecord;
  /** Why nothing was written, when nothing was. */
  skipped?: string;
}

/**
 * Evaluates the fleet and stores each run: the whole fleet, only the services
 * whose catalog entity changed since their last result, or one service. The
 * definitions are re-read before each run; an invalid new definition is
 * logged (file, line, reason) and the previous ones stay in force.
 */
export class FleetEvaluator {
  #definitions: ScorecardDefinitions | undefined;

  static create(options: FleetEvaluatorOptions) {
    return new FleetEvaluator(options);
  }

  private constructor(private readonly options: FleetEvaluatorOptions) {}

  /** The definitions in force: the last valid ones loaded. */
  async definitions(): Promise<ScorecardDefinitions> {
    try {
      const loaded = await this.options.engine.load();
      for (const e of loaded.errors) {
        this.options.logger.error(
          `Invalid scorecard definition ${e.file}:${e.line}: ${e.message}; its previous definition (if any) stays in force`,
        );
      }
      this.#definitions = loaded;
    } catch (error) {
      if (!this.#definitions) throw error;
      this.options.logger.error(
        `Invalid scorecard definition, keeping the previous ones: ${stringifyError(
          error,
        )}`,
      );
    }
    return this.#definitions;
  }

  /** Evaluates every service and replaces every current result. */
  async evaluateFleet(): Promise<RunOutcome> {
    const startedAt = new Date().toISOString();
    const definitions = await this.definitions();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [services, directory] = await Promise.all([
      readServices(this.options.catalog, credentials),
      FleetDirectory.read(this.options.catalog, credentials),
    ]);
    if (services.length === 0 && (await this.options.store.latestRun())) {
      // A catalog still starting (or emptied by mistake) must not wipe the fleet's results.
      return {
        skipped: 'the catalog lists no services; the previous results are kept',
      };
    }
    const evaluated = await this.evaluateAll(services, directory, definitions);
    const run = await this.options.store.writeRun({
      trigger: 'full',
      startedAt,
      definitionsHash: definitions.hash,
      services: evaluated,
      replaceAll: true,
    });
    return { run };
  }

  /**
   * Evaluates the services whose catalog entity changed (new etag), appeared
   * or went since their last result; all of them when the definitions changed.
   */
  async evaluateChanged(): Promise<RunOutcome> {
    const startedAt = new Date().toISOString();
    const definitions = await this.definitions();
    const latest = await this.options.store.latestRun();
    if (!latest || latest.definitionsHash !== definitions.hash) {
      return this.evaluateFleet();
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [etags, stored] = await Promise.all([
      readServiceEtags(this.options.catalog, credentials),
      this.options.store.currentEtags(),
    ]);
    const changed = [...etags].filter(([ref, etag]) => stored.get(ref) !== etag);
    const removedRefs = [...stored.keys()].filter(ref => !etags.has(ref));
    if (!changed.length && !removedRefs.length) {
      return { skipped: 'no service changed since the last run' };
    }
    const changedRefs = new Set(changed.map(([ref]) => ref));
    const [services, directory] = await Promise.all([
      readServices(this.options.catalog, credentials),
      FleetDirectory.read(this.options.catalog, credentials),
    ]);
    const evaluated = await this.evaluateAll(
      services.filter(s => changedRefs.has(stringifyEntityRef(s))),
      directory,
      definitions,
    );
    const run = await this.options.store.writeRun({
      trigger: 'changed',
      startedAt,
      definitionsHash: definitions.hash,
      services: evaluated,
      removedRefs,
    });
    return { run };
  }

  /** Evaluates one service now (on demand). */
  async evaluateOne(entityRef: string): Promise<RunOutcome> {
    const startedAt = new Date().toISOString();
    const definitions = await this.definitions();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [entity, directory] = await Promise.all([
      this.options.catalog.getEntityByRef(entityRef, { credentials }),
      FleetDirectory.read(this.options.catalog, credentials),
    ]);
    if (
      !entity ||
      entity.kind.toLocaleLowerCase('en-US') !== 'component' ||
      entity.spec?.type !== 'service'
    ) {
      throw new NotFoundError(`No service found with ref '${entityRef}'`);
    }
    const evaluated = await this.evaluateAll([entity], directory, definitions);
    const run = await this.options.store.writeRun({
      trigger: 'entity',
      startedAt,
      definitionsHash: definitions.hash,
      services: evaluated,
    });
    return { run };
  }

  private async evaluateAll(
    services: Entity[],
    directory: FleetDirectory,
    definitions: ScorecardDefinitions,
  ): Promise<EvaluatedService[]> {
    const findings = await this.findingsByEntity();
    const released = await this.releasedVersions(services);
    const clusterFactsOf = services.length
      ? await this.options.clusterFacts?.()
      : undefined;
    const results: EvaluatedService[] = new Array(services.length);
    let next = 0;
    const worker = async () => {
      while (next < services.length) {
        const index = next++;
        results[index] = await this.evaluateService(
          services[index],
          directory,
          definitions,
          findings,
          released,
          clusterFactsOf,
        );
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.options.concurrency ?? DEFAULT_CONCURRENCY, services.length) },
        worker,
      ),
    );
    return results;
  }

  /** Released versions (oldest first) of the golden paths the services were made from. */
  private async releasedVersions(
    services: Entity[],
  ): Promise<Map<string, string[]>> {
    const released = new Map<string, string[]>();
    const templates = new Set(
      services
        .map(s => s.metadata.annotations?.[TEMPLATE_ANNOTATION])
        .filter((t): t is string => !!t),
    );
    if (!templates.size || !this.options.templateVersions) return released;
    try {
      const source = await this.options.templateVersions.source();
      for (const template of templates) {
        const versions = await source.listVersions(template).catch(() => undefined);
        if (versions?.length) {
          released.set(template, [...versions].sort(compareVersions));
        }
      }
    } catch (error) {
      this.options.logger.warn(
        `Scorecards: the golden paths' released versions cannot be read: ${stringifyError(error)}`,
      );
    }
    return released;
  }

  /** Ownership findings per entity ref; undefined before the first analysis. */
  private async findingsByEntity(): Promise<FindingsIndex | undefined> {
    const analysis = this.options.analysis;
    if (!analysis) return undefined;
    // The ownership plugin refreshes the shared analysis on its own schedule;
    // only a process that has none yet builds it here.
    const snapshot =
      analysis.latest() ??
      (await analysis.refresh().catch(error => {
        this.options.logger.warn(
          `No ownership analysis for the scorecards: ${stringifyError(error)}`,
        );
        return undefined;
      }));
    if (!snapshot) return undefined;
    const byEntity: FindingsIndex = new Map();
    for (const finding of snapshot.report.findings) {
      const list = byEntity.get(finding.entityRef) ?? [];
      list.push({
        type: finding.type,
        severity: finding.severity,
        message: finding.message,
      });
      byEntity.set(finding.entityRef, list);
    }
    return byEntity;
  }

  private async evaluateService(
    entity: Entity,
    directory: FleetDirectory,
    definitions: ScorecardDefinitions,
    findings: FindingsIndex | undefined,
    released: Map<string, string[]>,
    clusterFactsOf?: ClusterFactsOf,
  ): Promise<EvaluatedService> {
    const entityRef = stringifyEntityRef(entity);
    const ownerRef = refOf(
      typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
      'group',
    );
    const owner = ownerRef ? directory.owner(ownerRef) : undefined;
    const facts: ServiceFacts = {
      entity,
      ...(owner ? { owner } : {}),
      goldenPath: this.goldenPathFacts(entity, released),
      repository: this.repositoryFacts(entity),
      findings: findings
        ? findings.get(entityRef) ?? []
        : { unknown: 'The ownership analysis has not run yet' },
      ...(clusterFactsOf ? { cluster: clusterFactsOf(entity) } : {}),
    };
    const scorecards = await this.options.engine.evaluate(definitions, facts);
    const ownerNamed = ownerRef ? directory.named(ownerRef) : undefined;
    return {
      etag: entity.metadata.etag ?? '',
      result: {
        entityRef,
        title: entity.metadata.title ?? entity.metadata.name,
        // An owner missing from the catalog keeps its ref: there is no name to show.
        ...(ownerRef
          ? { owner: ownerNamed ?? { ref: ownerRef, title: ownerRef } }
          : {}),
        ...directory.placement(ownerRef),
        evaluatedAt: new Date().toISOString(),
        scorecards,
      },
    };
  }

  private goldenPathFacts(
    entity: Entity,
    released: Map<string, string[]>,
  ): ServiceFacts['goldenPath'] {
    const annotations = entity.metadata.annotations ?? {};
    const template = annotations[TEMPLATE_ANNOTATION];
    if (!template) return {};
    const version = annotations[TEMPLATE_VERSION_ANNOTATION];
    const releasedVersions = released.get(template);
    return {
      template,
      ...(version ? { version } : {}),
      ...(releasedVersions ? { releasedVersions } : {}),
    };
  }

  /**
   * The service's local checkout, or why there is none. The rules print the
   * reason after "repository could not be read: ", so it says what is missing
   * without repeating that. Other plugins may know the repository in other
   * ways (the ownership history mines example repositories, say): scorecards
   * read only the checkouts under conway.localRepositories.directory.
   */
  private repositoryFacts(entity: Entity): ServiceFacts['repository'] {
    try {
      const repository = serviceRepositoryOf(entity, this.options.repositories);
      if (repository?.type === 'local') {
        return { directory: repository.location };
      }
      if (repository) {
        return {
          unknown: `it is on GitHub (${repository.location}), and scorecards read only local checkouts (conway.localRepositories.directory)`,
        };
      }
      return {
        unknown: hasDirectory(this.options.repositories)
          ? `scorecards have no local checkout of it: neither backstage.io/managed-by-location nor backstage.io/source-location is a file in a repository under conway.localRepositories.directory, and no repository there is named '${entity.metadata.name}'`
          : 'scorecards read only local checkouts, and conway.localRepositories.directory is not set',
      };
    } catch (error) {
      return { unknown: `its location cannot be worked out: ${stringifyError(error)}` };
    }
  }
}

/** Whether conway.localRepositories.directory is set (its getter throws when not). */
function hasDirectory(repositories: LocalRepositories): boolean {
  try {
    return Boolean(repositories.directory);
  } catch {
    return false;
  }
}
