import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GitIdentity, TemplateVersionSource } from '@conway/golden-path';
import {
  applyServiceEvent,
  isTrackedOnly,
  type Campaign,
  type CampaignService,
  type ServiceEvent,
  type ServiceState,
} from '@conway/plugin-campaigns-common';
import {
  affectedByRefs,
  affectedByTemplateRelease,
  detectLocalMerge,
  GitHubPullRequests,
  parseGitHubRepository,
  prepareGitHubChange,
  prepareLocalChange,
  type AffectedService,
  type PreparedChange,
  type PreparedPullRequest,
} from '@conway/plugin-campaigns-node';
import {
  LocalRepositories,
  serviceRepositoryOf,
  TEMPLATE_ANNOTATION,
} from '@conway/plugin-golden-paths-node';
import type { CampaignStore } from './CampaignStore';
import type { CheckStatusSource } from './checkStatuses';

/** The GitHub integration campaigns push branches and open pull requests with. */
export interface GitHubIntegration {
  pullRequests: GitHubPullRequests;
  token: string;
  /** Where git clones and pushes (tests: a local bare repository). */
  remoteUrl?: (repository: { owner: string; repo: string }) => string;
}

/** Told when a service's state changed, to notify its owners or re-score it. */
export type ServiceChangeListener = (
  campaign: Campaign,
  service: CampaignService,
  previous: ServiceState,
) => Promise<void>;

export interface CampaignRunnerOptions {
  store: CampaignStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  repositories: LocalRepositories;
  templateVersions: { source(): Promise<TemplateVersionSource> };
  github?: GitHubIntegration;
  /** The scorecards' results, for campaigns that only track a check. */
  checks?: CheckStatusSource;
  author: GitIdentity;
  /** Services prepared at the same time. */
  concurrency: number;
  onChange?: ServiceChangeListener;
  now?: () => Date;
}

/** States a run works on: prepare the change, or see whether it merged. */
const TO_PREPARE: ServiceState[] = ['not-started', 'failed', 'conflicted'];
const TO_WATCH: ServiceState[] = ['branch-open', 'pr-open'];

/** What one run did to one campaign. */
export interface CampaignRunSummary {
  campaignId: string;
  added: number;
  changed: number;
  durationMs: number;
}

interface StepEvent {
  event: ServiceEvent;
  versions?: { fromVersion: string; toVersion: string };
  repository?: string;
}

const failed = (error: string, repository?: string): StepEvent => ({
  event: { type: 'failed', error },
  ...(repository ? { repository } : {}),
});

function eventOf(prepared: PreparedChange | PreparedPullRequest): StepEvent {
  switch (prepared.state) {
    case 'branch-open':
      return {
        event: {
          type: 'branch-opened',
          branch: prepared.branch,
          commit: prepared.commit,
        },
        versions: prepared,
      };
    case 'pr-open':
      return {
        event: {
          type: 'pr-opened',
          branch: prepared.branch,
          commit: prepared.commit,
          pullRequest: prepared.pullRequest,
        },
        versions: prepared,
      };
    case 'conflicted':
      return {
        event: { type: 'conflicted', conflicts: prepared.conflicts },
        versions: prepared,
      };
    case 'merged':
      return { event: { type: 'merged' }, versions: prepared };
    default:
      // The versions the repository's record names, not the catalog's guess.
      return prepared.fromVersion && prepared.toVersion
        ? {
            ...failed(prepared.error),
            versions: {
              fromVersion: prepared.fromVersion,
              toVersion: prepared.toVersion,
            },
          }
        : failed(prepared.error);
  }
}

/** The same failure or the same conflicts again: nothing to write or announce. */
function isRepeat(service: CampaignService, step: StepEvent): boolean {
  const { event } = step;
  if (event.type === 'failed' && service.state === 'failed') {
    return service.error === event.error;
  }
  if (event.type === 'conflicted' && service.state === 'conflicted') {
    return (
      JSON.stringify(service.conflicts) === JSON.stringify(event.conflicts)
    );
  }
  return false;
}

/**
 * Works a campaign forward: adds the services its target affects, prepares
 * each service's change (a branch in its local repository or a GitHub pull
 * request), and watches open changes until they merge. Each service's step is
 * written on its own (a conditional update), so a run stopped halfway loses
 * nothing and the next run goes on from there; preparing is idempotent, so a
 * step whose branch was made but not recorded is recognised next time.
 */
export class CampaignRunner {
  private readonly now: () => Date;

  constructor(private readonly options: CampaignRunnerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Every active campaign, one after the other; one failing does not stop the others. */
  async runActive(): Promise<CampaignRunSummary[]> {
    const summaries: CampaignRunSummary[] = [];
    for (const campaign of await this.options.store.listCampaigns('active')) {
      try {
        summaries.push(await this.run(campaign));
      } catch (error) {
        this.options.logger.error(
          `Campaign '${campaign.id}' run failed: ${stringifyError(error)}`,
        );
      }
    }
    return summaries;
  }

  private async credentials() {
    return { credentials: await this.options.auth.getOwnServiceCredentials() };
  }

  /** Components the campaign's target names, with the owners' display names. */
  private async affected(campaign: Campaign): Promise<AffectedService[]> {
    const { catalog } = this.options;
    const { target } = campaign;
    let services: AffectedService[];
    if (target.type === 'template-release') {
      const { items } = await catalog.getEntities(
        {
          filter: {
            kind: 'Component',
            [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: target.template,
          },
        },
        await this.credentials(),
      );
      services = affectedByTemplateRelease(items, target);
    } else {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: target.entityRefs },
        await this.credentials(),
      );
      services = affectedByRefs(
        items.filter((e): e is Entity => Boolean(e)),
        target.entityRefs,
      ).services;
      if (target.template && target.minVersion) {
        // The upgrade fixes the services of that golden path only; a service
        // of another template would be "upgraded" to a version it never had.
        services = services.filter(
          s =>
            s.entity.metadata.annotations?.[TEMPLATE_ANNOTATION] ===
            target.template,
        );
      }
    }
    return services;
  }

  private async ownerTitles(owners: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(owners)];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unique },
      await this.credentials(),
    );
    const titles = new Map<string, string>();
    unique.forEach((ref, i) => {
      const group = items[i];
      const profile = (group?.spec as { profile?: { displayName?: string } })
        ?.profile;
      titles.set(
        ref,
        profile?.displayName ??
          group?.metadata.title ??
          group?.metadata.name ??
          ref.replace(/^group:(default\/)?/, ''),
      );
    });
    return titles;
  }

  /** Adds the services the target affects that the campaign does not list yet. */
  async addAffected(campaign: Campaign): Promise<number> {
    const affected = await this.affected(campaign);
    const titles = await this.ownerTitles(affected.map(s => s.owner));
    const updatedAt = this.now().toISOString();
    return this.options.store.addServices(
      campaign.id,
      affected.map(s => ({
        entityRef: s.entityRef,
        title: s.title,
        owner: s.owner,
        ownerTitle: titles.get(s.owner) ?? s.owner,
        state: 'not-started',
        ...(s.version ? { fromVersion: s.version } : {}),
        ...(targetVersionOf(campaign)
          ? { toVersion: targetVersionOf(campaign) }
          : {}),
        updatedAt,
      })),
    );
  }

  /** One run over one campaign. */
  async run(campaign: Campaign): Promise<CampaignRunSummary> {
    const started = performance.now();
    const added = await this.addAffected(campaign);
    const services = await this.options.store.listServices(campaign.id, [
      ...TO_PREPARE,
      ...TO_WATCH,
    ]);
    const entities = await this.entitiesOf(services.map(s => s.entityRef));
    const checkStatuses = await this.checkStatuses(campaign);
    let changed = 0;
    let next = 0;
    const worker = async () => {
      while (next < services.length) {
        const service = services[next++];
        try {
          if (
            await this.step(
              campaign,
              service,
              entities.get(service.entityRef),
              checkStatuses,
            )
          ) {
            changed += 1;
          }
        } catch (error) {
          this.options.logger.warn(
            `Campaign '${campaign.id}': ${
              service.entityRef
            } step failed: ${stringifyError(error)}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from(
        {
          length: Math.max(
            1,
            Math.min(this.options.concurrency, services.length),
          ),
        },
        worker,
      ),
    );
    return {
      campaignId: campaign.id,
      added,
      changed,
      durationMs: performance.now() - started,
    };
  }

  /** For a tracked-only campaign: where its check passes now. */
  private async checkStatuses(
    campaign: Campaign,
  ): Promise<Map<string, string> | undefined> {
    const { target } = campaign;
    if (target.type !== 'scorecard-check' || !isTrackedOnly(target)) {
      return undefined;
    }
    if (!this.options.checks) return undefined;
    try {
      return await this.options.checks.statuses({
        checkId: target.checkId,
        ...(target.scorecardId ? { scorecardId: target.scorecardId } : {}),
      });
    } catch (error) {
      // The scorecards being unavailable changes nothing: the next run looks again.
      this.options.logger.warn(
        `Campaign '${campaign.id}': could not read the results of check '${
          target.checkId
        }': ${stringifyError(error)}`,
      );
      return undefined;
    }
  }

  private async entitiesOf(refs: string[]): Promise<Map<string, Entity>> {
    const map = new Map<string, Entity>();
    if (refs.length === 0) return map;
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      await this.credentials(),
    );
    items.forEach((entity, i) => {
      if (entity) map.set(refs[i], entity);
    });
    return map;
  }

  /** Prepares or watches one service and records what happened. @returns whether its state changed */
  private async step(
    campaign: Campaign,
    service: CampaignService,
    entity: Entity | undefined,
    checkStatuses?: Map<string, string>,
  ): Promise<boolean> {
    const event = await this.eventFor(campaign, service, entity, checkStatuses);
    if (!event || isRepeat(service, event)) {
      return false;
    }
    const next = applyServiceEvent(service, event.event, this.now());
    if (event.versions) {
      next.fromVersion = event.versions.fromVersion;
      next.toVersion = event.versions.toVersion;
    }
    if (event.repository) next.repository = event.repository;
    const written = await this.options.store.replaceService(
      campaign.id,
      service.state,
      next,
    );
    if (written) {
      await this.options
        .onChange?.(campaign, next, service.state)
        .catch(error =>
          this.options.logger.warn(
            `Campaign '${campaign.id}': could not announce ${next.entityRef} ${
              next.state
            }: ${stringifyError(error)}`,
          ),
        );
    }
    return written;
  }

  private async eventFor(
    campaign: Campaign,
    service: CampaignService,
    entity: Entity | undefined,
    checkStatuses?: Map<string, string>,
  ): Promise<StepEvent | undefined> {
    const targetVersion = targetVersionOf(campaign);
    if (!targetVersion) {
      // A check campaign without a golden-path fix: the teams make the
      // change; the service is done once the check passes in the scorecards.
      return checkStatuses?.get(service.entityRef) === 'pass'
        ? { event: { type: 'merged' } }
        : undefined;
    }
    if (!entity) {
      return failed(`${service.entityRef} is no longer in the catalog`);
    }
    const repository = serviceRepositoryOf(entity, this.options.repositories);
    if (!repository) {
      return failed(
        `No repository found for ${stringifyEntityRef(
          entity,
        )}: neither a local repository nor a GitHub location`,
      );
    }
    const where =
      repository.type === 'local'
        ? `local:${repository.location}`
        : repository.location;
    if (service.state === 'branch-open' && repository.type === 'local') {
      const status = await detectLocalMerge({
        repoDir: repository.location,
        commit: service.commit,
        targetVersion,
      });
      return status.merged ? { event: { type: 'merged' } } : undefined;
    }
    if (service.state === 'pr-open' || service.state === 'branch-open') {
      if (!this.options.github || !service.pullRequest) return undefined;
      const state = await this.options.github.pullRequests.state({
        ...parseGitHubRepository(repository.location),
        number: service.pullRequest.number,
      });
      if (state === 'merged') return { event: { type: 'merged' } };
      if (state === 'closed') {
        return {
          event: {
            type: 'closed-unmerged',
            error: `Pull request #${service.pullRequest.number} was closed without merging`,
          },
        };
      }
      return undefined;
    }
    const source = await this.options.templateVersions.source();
    let prepared: PreparedChange | PreparedPullRequest;
    if (repository.type === 'local') {
      prepared = await prepareLocalChange({
        campaignId: campaign.id,
        repoDir: repository.location,
        source,
        targetVersion,
        author: this.options.author,
      });
    } else if (this.options.github) {
      prepared = await prepareGitHubChange({
        campaignId: campaign.id,
        campaignTitle: campaign.title,
        repositoryUrl: repository.location,
        source,
        targetVersion,
        author: this.options.author,
        ...this.options.github,
      });
    } else {
      return failed(
        `${repository.location} is on GitHub and no GitHub integration is configured (conway.campaigns.github.token)`,
        where,
      );
    }
    return { ...eventOf(prepared), repository: where };
  }
}

/** The golden-path version the campaign upgrades to, if it upgrades. */
export function targetVersionOf(campaign: Campaign): string | undefined {
  const { target } = campaign;
  if (target.type === 'template-release') return target.minVersion;
  return target.template && target.minVersion ? target.minVersion : undefined;
}
