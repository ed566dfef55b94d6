import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { TemplateVersionSource } from '@conway/golden-path';
import {
  applyServiceEvent,
  assertCampaignId,
  burndown,
  campaignIdFromTitle,
  campaignsManagePermission,
  canApply,
  emptyCounts,
  groupByTeam,
  isDone,
  isOverdue,
  type Campaign,
  type CampaignDetailResponse,
  type CampaignService,
  type CampaignSummary,
  type CreateCampaignRequest,
  type UpdateCampaignRequest,
} from '@conway/plugin-campaigns-common';
import type { CampaignRunner } from './CampaignRunner';
import type { CampaignStore } from './CampaignStore';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const isUser = (c: BackstageCredentials): c is UserCredentials =>
  (c.principal as { type?: string }).type === 'user';

export interface CampaignsServiceOptions {
  store: CampaignStore;
  runner: CampaignRunner;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  templateVersions: { source(): Promise<TemplateVersionSource> };
  /** Starts a run now (through the scheduler, so still one across replicas). */
  triggerRun: () => Promise<void>;
  now?: () => Date;
}

/**
 * Campaigns as the API serves them: who may start, edit and close them
 * (the platform team, through `campaigns.manage`), who may exempt a service
 * (its owners), and each campaign's services per team with the burndown.
 */
export class CampaignsService {
  private readonly now: () => Date;

  constructor(private readonly options: CampaignsServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async canManage(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: campaignsManagePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async assertCanManage(
    credentials: BackstageCredentials,
    action: string,
  ) {
    if (!(await this.canManage(credentials))) {
      throw new NotAllowedError(
        `Only the platform team may ${action} campaigns (permission campaigns.manage)`,
      );
    }
  }

  private async checkTarget(target: CreateCampaignRequest['target']) {
    const { template, minVersion: version } = target;
    if (!template || !version) return;
    const source = await this.options.templateVersions.source();
    const versions = await source.listVersions(template).catch(() => {
      throw new InputError(
        `target.template: no golden path named '${template}'`,
      );
    });
    if (!versions.includes(version)) {
      throw new InputError(
        `target.minVersion: '${version}' is not a released version of '${template}'; known versions: ${versions.join(
          ', ',
        )}`,
      );
    }
  }

  async create(
    request: CreateCampaignRequest,
    credentials: UserCredentials,
  ): Promise<Campaign> {
    await this.assertCanManage(credentials, 'start');
    const id = request.id ?? campaignIdFromTitle(request.title);
    try {
      assertCampaignId(id);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    await this.checkTarget(request.target);
    const campaign: Campaign = {
      id,
      title: request.title,
      description: request.description ?? '',
      target: request.target,
      deadline: request.deadline,
      status: 'active',
      createdBy: credentials.principal.userEntityRef,
      createdAt: this.now().toISOString(),
    };
    await this.options.store.insertCampaign(campaign);
    // The page lists the affected services at once; their changes follow on the next run.
    await this.options.runner.addAffected(campaign);
    await this.triggerRun();
    return campaign;
  }

  async update(
    id: string,
    request: UpdateCampaignRequest,
    credentials: BackstageCredentials,
  ): Promise<Campaign> {
    await this.assertCanManage(credentials, 'edit');
    const campaign = await this.options.store.getCampaign(id);
    if (campaign.status === 'closed') {
      throw new ConflictError(`Campaign '${id}' is closed`);
    }
    return this.options.store.updateCampaign(id, request);
  }

  async close(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Campaign> {
    await this.assertCanManage(credentials, 'close');
    const campaign = await this.options.store.getCampaign(id);
    if (campaign.status === 'closed') return campaign;
    return this.options.store.updateCampaign(id, {
      status: 'closed',
      closedAt: this.now().toISOString(),
    });
  }

  async run(id: string, credentials: BackstageCredentials): Promise<void> {
    await this.assertCanManage(credentials, 'run');
    const campaign = await this.options.store.getCampaign(id);
    if (campaign.status === 'closed') {
      throw new ConflictError(`Campaign '${id}' is closed`);
    }
    await this.triggerRun();
  }

  /** A run already under way is fine: the next one picks the campaign up. */
  private async triggerRun() {
    await this.options.triggerRun().catch(error => {
      if (error?.name !== 'ConflictError') throw error;
    });
  }

  async list(): Promise<CampaignSummary[]> {
    const campaigns = await this.options.store.listCampaigns();
    return Promise.all(
      campaigns.map(async c =>
        this.summarize(c, await this.options.store.listServices(c.id)),
      ),
    );
  }

  private summarize(
    campaign: Campaign,
    services: CampaignService[],
  ): CampaignSummary {
    const counts = emptyCounts();
    let done = 0;
    let overdue = 0;
    const now = this.now();
    for (const s of services) {
      counts[s.state] += 1;
      if (isDone(s.state)) done += 1;
      if (isOverdue(s, campaign.deadline, now)) overdue += 1;
    }
    return { ...campaign, counts, total: services.length, done, overdue };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<CampaignDetailResponse> {
    const campaign = await this.options.store.getCampaign(id);
    const services = await this.options.store.listServices(id);
    const now = this.now();
    const [canManage, { ownershipEntityRefs }] = await Promise.all([
      this.canManage(credentials),
      isUser(credentials)
        ? this.options.userInfo.getUserInfo(credentials)
        : { ownershipEntityRefs: [] as string[] },
    ]);
    return {
      campaign: this.summarize(campaign, services),
      teams: groupByTeam(services, campaign.deadline, now),
      burndown: burndown(campaign, services, now),
      canManage,
      ownershipRefs: ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
    };
  }

  /** Exempts a service: only a member of its owning team (or the owner itself) may. */
  async exempt(
    id: string,
    request: { entityRef: string; reason: string },
    credentials: UserCredentials,
  ): Promise<CampaignService> {
    const campaign = await this.options.store.getCampaign(id);
    if (campaign.status === 'closed') {
      throw new ConflictError(`Campaign '${id}' is closed`);
    }
    const entityRef = request.entityRef.toLocaleLowerCase('en-US');
    const service = await this.options.store.findService(id, entityRef);
    if (!service) {
      throw new NotFoundError(
        `Campaign '${id}' has no service '${request.entityRef}'`,
      );
    }
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      credentials,
    );
    const mine = ownershipEntityRefs.some(
      r => r.toLocaleLowerCase('en-US') === service.owner,
    );
    if (!mine) {
      throw new NotAllowedError(
        `Only members of ${service.owner} may exempt ${service.entityRef}`,
      );
    }
    if (!canApply(service.state, 'exempted')) {
      throw new ConflictError(
        `${service.entityRef} is ${service.state} and cannot be exempted`,
      );
    }
    const next = applyServiceEvent(
      service,
      {
        type: 'exempted',
        exemption: {
          reason: request.reason,
          by: credentials.principal.userEntityRef,
          at: this.now().toISOString(),
        },
      },
      this.now(),
    );
    if (!(await this.options.store.replaceService(id, service.state, next))) {
      throw new ConflictError(
        `${service.entityRef} changed meanwhile; reload and try again`,
      );
    }
    return next;
  }
}
