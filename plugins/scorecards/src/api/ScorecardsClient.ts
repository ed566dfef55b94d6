import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { ExportedFile, ScorecardsApi, ServiceQuery } from './ScorecardsApi';
import type {
  EntityResultResponse,
  OverviewResponse,
  RefreshResponse,
  ServicesResponse,
} from '@conway/plugin-scorecards-common';

function queryString(
  query: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * {@link ScorecardsApi} over HTTP, authenticated through the fetch API.
 *
 * @public
 */
export class ScorecardsClient implements ScorecardsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getOverview(options: { team?: string } = {}): Promise<OverviewResponse> {
    return this.#json(`/overview${queryString(options)}`);
  }

  getServices(query: ServiceQuery = {}): Promise<ServicesResponse> {
    return this.#json(`/services${queryString({ ...query })}`);
  }

  getEntity(ref: string): Promise<EntityResultResponse> {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    const path = [kind.toLocaleLowerCase('en-US'), namespace, name]
      .map(encodeURIComponent)
      .join('/');
    return this.#json(`/entity/${path}`);
  }

  async exportFile(
    format: 'csv' | 'json',
    query: ServiceQuery = {},
  ): Promise<ExportedFile> {
    const response = await this.#fetch(
      `/export.${format}${queryString({ ...query })}`,
    );
    return { blob: await response.blob(), filename: `scorecards.${format}` };
  }

  getGuide(path: string): Promise<{ path: string; markdown: string }> {
    return this.#json(`/guide${queryString({ path })}`);
  }

  refresh(entityRef?: string): Promise<RefreshResponse> {
    return this.#json('/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(entityRef ? { entityRef } : {}),
    });
  }

  async #fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('scorecards');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.#fetch(path, init)).json();
  }
}
