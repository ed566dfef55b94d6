import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Campaign,
  CampaignDetailResponse,
  CampaignService,
  CreateCampaignRequest,
  ListCampaignsResponse,
} from '@conway/plugin-campaigns-common';
import type { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import type {
  ServiceResult,
  ServicesResponse,
} from '@conway/plugin-scorecards-common';

/** A scorecard check, as a campaign from a failing check names it. @public */
export interface CheckRef {
  scorecardId: string;
  checkId: string;
}

/** The campaigns backend, as the page uses it. @public */
export interface CampaignsApi {
  listCampaigns(): Promise<ListCampaignsResponse>;
  getCampaign(id: string): Promise<CampaignDetailResponse>;
  createCampaign(request: CreateCampaignRequest): Promise<Campaign>;
  closeCampaign(id: string): Promise<Campaign>;
  runCampaign(id: string): Promise<void>;
  exemptService(
    id: string,
    entityRef: string,
    reason: string,
  ): Promise<CampaignService>;
  /** The golden paths and their releases, to start a campaign from. */
  listGoldenPaths(): Promise<GoldenPathSummary[]>;
  /** The services failing a scorecard check at the last evaluation, to start a campaign from. */
  listFailingServices(check: CheckRef): Promise<ServiceResult[]>;
}

/** @public */
export const campaignsApiRef = createApiRef<CampaignsApi>({
  id: 'plugin.campaigns.service',
});

/** {@link CampaignsApi} over HTTP, authenticated through the fetch API. @public */
export class CampaignsClient implements CampaignsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listCampaigns(): Promise<ListCampaignsResponse> {
    return this.json('campaigns', '/campaigns');
  }

  getCampaign(id: string): Promise<CampaignDetailResponse> {
    return this.json('campaigns', `/campaigns/${encodeURIComponent(id)}`);
  }

  createCampaign(request: CreateCampaignRequest): Promise<Campaign> {
    return this.json('campaigns', '/campaigns', 'POST', request);
  }

  closeCampaign(id: string): Promise<Campaign> {
    return this.json(
      'campaigns',
      `/campaigns/${encodeURIComponent(id)}/close`,
      'POST',
      {},
    );
  }

  async runCampaign(id: string): Promise<void> {
    await this.json(
      'campaigns',
      `/campaigns/${encodeURIComponent(id)}/run`,
      'POST',
      {},
    );
  }

  exemptService(
    id: string,
    entityRef: string,
    reason: string,
  ): Promise<CampaignService> {
    return this.json(
      'campaigns',
      `/campaigns/${encodeURIComponent(id)}/exemptions`,
      'POST',
      {
        entityRef,
        reason,
      },
    );
  }

  listGoldenPaths(): Promise<GoldenPathSummary[]> {
    return this.json<{ items: GoldenPathSummary[] }>(
      'golden-paths',
      '/templates',
    ).then(r => r.items);
  }

  async listFailingServices(check: CheckRef): Promise<ServiceResult[]> {
    // The scorecards answer a page at a time; a campaign covers every failing service.
    const services: ServiceResult[] = [];
    for (;;) {
      const query = new URLSearchParams({
        scorecard: check.scorecardId,
        check: check.checkId,
        offset: String(services.length),
      });
      const page = await this.json<ServicesResponse>(
        'scorecards',
        `/services?${query}`,
      );
      services.push(...page.items);
      if (page.items.length === 0 || services.length >= page.total) {
        return services;
      }
    }
  }

  private async json<T>(
    plugin: string,
    path: string,
    method = 'GET',
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(plugin);
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body !== undefined
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }
        : {}),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
