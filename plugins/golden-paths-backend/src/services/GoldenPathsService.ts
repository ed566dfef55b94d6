import fs from 'node:fs/promises';
import path from 'node:path';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareVersions,
  inspectService,
  parseChangelog,
  TEMPLATE_VERSION_ANNOTATION,
  type ChangelogSection,
  type JsonObject,
  type ServiceTemplateStatus,
  type TemplateVersionSource,
} from '@conway/golden-path';
import type {
  FleetUpgradeRequest,
  FleetUpgradeResponse,
  GoldenPathDetails,
  GoldenPathListResponse,
  GoldenPathService,
  GoldenPathSummary,
  GoldenPathVersion,
  ServiceRepository,
  UpgradeOutcome,
  UpgradeRequest,
} from '@conway/plugin-golden-paths-common';
import { DEFAULT_PAGE_SIZE, pageEntities } from '@conway/plugin-ownership-node';
import {
  commitAuthor,
  LocalRepositories,
  serviceRepositoryOf,
  TEMPLATE_ANNOTATION,
  TemplateVersions,
  toBackstageError,
  upgradeLocalService,
  upgradeLocalServices,
} from '@conway/plugin-golden-paths-node';

/** The template that upgrades services the portal cannot reach directly. */
export const UPGRADE_TEMPLATE_REF = 'template:default/upgrade-service';

const TEMPLATE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'spec.owner',
];

const SERVICE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** Options of {@link GoldenPathsService.create}. */
export interface GoldenPathsServiceOptions {
  catalog: CatalogService;
  logger: LoggerService;
  config: Config;
  repositories: LocalRepositories;
  templateVersions: TemplateVersions;
  /** How long a service's inspection is reused. */
  inspectCacheMs: number;
  /** Services upgraded at the same time by a fleet upgrade. */
  fleetConcurrency: number;
  /** Entities per catalog page. */
  pageSize?: number;
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

const isNewer = (version: string, than: string) => {
  try {
    return compareVersions(version, than) > 0;
  } catch {
    return false;
  }
};

/**
 * The golden paths, their versions and the services made from them, read
 * from the catalog, the templates' git history and the services' repositories;
 * and upgrades of one local service or of every local service behind.
 */
export class GoldenPathsService {
  private readonly inspections = new Map<
    string,
    { at: number; status: Promise<ServiceTemplateStatus> }
  >();

  static create(options: GoldenPathsServiceOptions): GoldenPathsService {
    return new GoldenPathsService(options);
  }

  private constructor(private readonly options: GoldenPathsServiceOptions) {}

  private async readAll(
    credentials: BackstageCredentials,
    filter: Record<string, string | symbol | (string | symbol)[]>,
    fields: string[],
  ): Promise<Entity[]> {
    const entities: Entity[] = [];
    for await (const page of pageEntities({
      catalog: this.options.catalog,
      credentials,
      pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
      filter,
      fields,
    })) {
      entities.push(...page);
    }
    return entities;
  }

  private templates(credentials: BackstageCredentials) {
    return this.readAll(
      credentials,
      {
        kind: 'Template',
        [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      TEMPLATE_FIELDS,
    );
  }

  private services(credentials: BackstageCredentials, template?: string) {
    return this.readAll(
      credentials,
      {
        kind: 'Component',
        [`metadata.annotations.${TEMPLATE_ANNOTATION}`]:
          template ?? CATALOG_FILTER_EXISTS,
      },
      SERVICE_FIELDS,
    );
  }

  private async templateEntity(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const template = (await this.templates(credentials)).find(
      t => t.metadata.name === name,
    );
    if (!template) {
      throw new NotFoundError(`No golden path found with name '${name}'`);
    }
    return template;
  }

  /** Versions newest first, with their changelog, from the template's newest release. */
  private async versionsOf(
    source: TemplateVersionSource,
    name: string,
    current: string,
  ): Promise<Array<Omit<GoldenPathVersion, 'serviceCount'>>> {
    const released = await source.listVersions(name).catch(error => {
      this.options.logger.warn(
        `Cannot list the versions of golden path '${name}': ${error}`,
      );
      return [] as string[];
    });
    const versions = released.includes(current)
      ? released
      : [...released, current];
    let changelog = new Map<string, ChangelogSection>();
    const newest = released.at(-1);
    if (newest) {
      try {
        const dir = await source.checkout(name, newest);
        changelog = parseChangelog(
          await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8'),
        );
      } catch (error) {
        this.options.logger.warn(
          `No changelog for golden path '${name}' ${newest}: ${error}`,
        );
      }
    }
    return versions
      .sort((a, b) => compareVersions(b, a))
      .map(version => {
        const section = changelog.get(version);
        return {
          version,
          ...(section?.date ? { date: section.date } : {}),
          changes: section?.changes ?? [],
        };
      });
  }

  private async summaryOf(
    template: Entity,
    services: Entity[],
    source: TemplateVersionSource,
  ): Promise<GoldenPathSummary> {
    const name = template.metadata.name;
    const currentVersion =
      template.metadata.annotations![TEMPLATE_VERSION_ANNOTATION];
    const recorded = services.map(
      s => s.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ?? '',
    );
    const versions = (await this.versionsOf(source, name, currentVersion)).map(
      v => ({
        ...v,
        serviceCount: recorded.filter(r => r === v.version).length,
      }),
    );
    return {
      name,
      entityRef: stringifyEntityRef(template),
      title: template.metadata.title ?? name,
      ...(template.metadata.description
        ? { description: template.metadata.description }
        : {}),
      ...(typeof template.spec?.owner === 'string'
        ? { owner: template.spec.owner }
        : {}),
      currentVersion,
      versions,
      serviceCount: services.length,
      behindCount: recorded.filter(r => isNewer(currentVersion, r)).length,
    };
  }

  private byTemplate(services: Entity[]): Map<string, Entity[]> {
    const groups = new Map<string, Entity[]>();
    for (const service of services) {
      const template = service.metadata.annotations![TEMPLATE_ANNOTATION];
      groups.set(template, [...(groups.get(template) ?? []), service]);
    }
    return groups;
  }

  /** Every golden path with its versions and how many services are on each. */
  async listTemplates(
    credentials: BackstageCredentials,
  ): Promise<GoldenPathListResponse> {
    const [templates, services, source] = await Promise.all([
      this.templates(credentials),
      this.services(credentials),
      this.options.templateVersions.source(),
    ]);
    const groups = this.byTemplate(services);
    const items = await Promise.all(
      templates.map(t =>
        this.summaryOf(t, groups.get(t.metadata.name) ?? [], source),
      ),
    );
    return { items: items.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /** One golden path with its services, their drift and last upgrade. */
  async getTemplate(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<GoldenPathDetails> {
    const [template, services, source] = await Promise.all([
      this.templateEntity(name, credentials),
      this.services(credentials, name),
      this.options.templateVersions.source(),
    ]);
    const summary = await this.summaryOf(template, services, source);
    const released = summary.versions.map(v => v.version);
    const details = await mapLimited(services, 4, service =>
      this.describeService(service, source, released),
    );
    return {
      ...summary,
      services: details.sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    };
  }

  private inspect(
    repoDir: string,
    source: TemplateVersionSource,
  ): Promise<ServiceTemplateStatus> {
    const cached = this.inspections.get(repoDir);
    if (cached && Date.now() - cached.at < this.options.inspectCacheMs) {
      return cached.status;
    }
    const status = inspectService({ serviceDir: repoDir, source });
    this.inspections.set(repoDir, { at: Date.now(), status });
    status.catch(() => this.inspections.delete(repoDir));
    return status;
  }

  private async describeService(
    service: Entity,
    source: TemplateVersionSource,
    released: string[],
  ): Promise<GoldenPathService> {
    const annotated =
      service.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
    const repository = serviceRepositoryOf(service, this.options.repositories);
    const base = {
      entityRef: stringifyEntityRef(service),
      title: service.metadata.title ?? service.metadata.name,
      ...(typeof service.spec?.owner === 'string'
        ? { owner: service.spec.owner }
        : {}),
      ...(typeof service.spec?.system === 'string'
        ? { system: service.spec.system }
        : {}),
      ...(repository ? { repository } : {}),
    };
    const newer = (version: string) =>
      released.filter(v => isNewer(v, version)).sort(compareVersions);

    if (repository?.type !== 'local') {
      const version = annotated ?? '';
      return {
        ...base,
        version,
        newerVersions: newer(version),
        behind: newer(version).length > 0,
        upgradeable: false,
        reason: repository
          ? `Hosted on GitHub: upgrade it with the upgrade-service template (${UPGRADE_TEMPLATE_REF}), which opens a pull request`
          : 'No repository the portal can reach: neither a local repository nor a GitHub location',
      };
    }
    try {
      const status = await this.inspect(repository.location, source);
      const version = annotated ?? status.version;
      return {
        ...base,
        version,
        newerVersions: newer(version),
        behind: newer(version).length > 0,
        ...(status.drift ? { drift: status.drift } : {}),
        ...(status.driftError ? { driftError: status.driftError } : {}),
        ...(status.lastRecordChange
          ? { lastUpgrade: status.lastRecordChange }
          : {}),
        upgradeable: true,
      };
    } catch (error) {
      const version = annotated ?? '';
      return {
        ...base,
        version,
        newerVersions: newer(version),
        behind: newer(version).length > 0,
        driftError: (error as Error).message,
        upgradeable: false,
        reason: (error as Error).message,
      };
    }
  }

  /** The user's identity for the commit, from their catalog profile. */
  private async author(credentials: BackstageCredentials) {
    const principal = credentials.principal as { userEntityRef?: string };
    const user = principal.userEntityRef
      ? await this.options.catalog
          .getEntityByRef(principal.userEntityRef, { credentials })
          .catch(() => undefined)
      : undefined;
    return commitAuthor(user, this.options.config);
  }

  /** A local service the portal can upgrade, or a clear refusal. */
  private async localService(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; template: string; repoDir: string }> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(
        `entityRef: '${entityRef}' is not an entity ref: ${
          (error as Error).message
        }`,
      );
    }
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`entityRef: no entity '${ref}' in the catalog`);
    }
    const template = entity.metadata.annotations?.[TEMPLATE_ANNOTATION];
    if (!template) {
      throw new InputError(
        `entityRef: '${ref}' was not scaffolded from a golden path (no ${TEMPLATE_ANNOTATION} annotation)`,
      );
    }
    const repository: ServiceRepository | undefined = serviceRepositoryOf(
      entity,
      this.options.repositories,
    );
    if (repository?.type !== 'local') {
      throw new InputError(
        repository
          ? `entityRef: '${ref}' is hosted on GitHub (${repository.location}); upgrade it with the upgrade-service template (${UPGRADE_TEMPLATE_REF}), which opens a pull request`
          : `entityRef: '${ref}' has no repository the portal can reach`,
      );
    }
    return { entity, template, repoDir: repository.location };
  }

  /** The version a request means: the one given, else the template's current version. */
  private async targetVersion(
    template: string,
    requested: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    if (requested) return requested;
    const entity = await this.options.catalog.getEntityByRef(
      { kind: 'template', namespace: 'default', name: template },
      { credentials },
    );
    return entity?.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  }

  /** Upgrades one local service, committing on a new branch of its repository. */
  async upgrade(
    request: UpgradeRequest,
    credentials: BackstageCredentials,
  ): Promise<UpgradeOutcome> {
    const { entity, template, repoDir } = await this.localService(
      request.entityRef,
      credentials,
    );
    const entityRef = stringifyEntityRef(entity);
    const [source, targetVersion, author] = await Promise.all([
      this.options.templateVersions.source(),
      this.targetVersion(template, request.targetVersion, credentials),
      this.author(credentials),
    ]);
    try {
      const outcome = await upgradeLocalService({
        entityRef,
        repoDir,
        source,
        targetVersion,
        answers: request.answers as JsonObject | undefined,
        dryRun: request.dryRun,
        author,
      });
      this.options.logger.info(
        `Golden-path upgrade of ${entityRef}: ${outcome.status} ${
          outcome.fromVersion
        } -> ${outcome.toVersion}${
          outcome.branch ? ` on ${outcome.branch}` : ''
        } by ${author.email}`,
      );
      return outcome;
    } finally {
      this.inspections.delete(repoDir);
    }
  }

  /** Upgrades every local service of a golden path that is behind the target version. */
  async upgradeFleet(
    name: string,
    request: FleetUpgradeRequest,
    credentials: BackstageCredentials,
  ): Promise<FleetUpgradeResponse> {
    const started = performance.now();
    const template = await this.templateEntity(name, credentials);
    const toVersion =
      request.targetVersion ??
      template.metadata.annotations![TEMPLATE_VERSION_ANNOTATION];
    const [services, source, author] = await Promise.all([
      this.services(credentials, name),
      this.options.templateVersions.source(),
      this.author(credentials),
    ]);
    const known = await source.listVersions(name);
    if (!known.includes(toVersion)) {
      throw new InputError(
        `targetVersion: unknown version ${toVersion} of golden path '${name}'; known versions: ${
          known.join(', ') || 'none'
        }`,
      );
    }
    const behind = services.flatMap(service => {
      const repository = serviceRepositoryOf(
        service,
        this.options.repositories,
      );
      const version =
        service.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ?? '';
      return repository?.type === 'local' && isNewer(toVersion, version)
        ? [
            {
              entityRef: stringifyEntityRef(service),
              repoDir: repository.location,
            },
          ]
        : [];
    });
    try {
      const outcomes = await upgradeLocalServices({
        services: behind,
        source,
        targetVersion: toVersion,
        dryRun: request.dryRun,
        author,
        concurrency: this.options.fleetConcurrency,
      });
      const durationMs = Math.round(performance.now() - started);
      this.options.logger.info(
        `Fleet upgrade of '${name}' to ${toVersion} by ${author.email}: ${
          outcomes.map(o => `${o.entityRef} ${o.status}`).join(', ') ||
          'nothing behind'
        } in ${durationMs} ms`,
      );
      return { template: name, toVersion, outcomes, durationMs };
    } catch (error) {
      throw toBackstageError(error, toVersion);
    } finally {
      for (const service of behind) this.inspections.delete(service.repoDir);
    }
  }
}
