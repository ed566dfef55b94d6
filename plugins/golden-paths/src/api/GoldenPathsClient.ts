import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  FleetUpgradeRequest,
  FleetUpgradeResponse,
  GoldenPathDetails,
  GoldenPathListResponse,
  UpgradeOutcome,
  UpgradeRequest,
} from '@conway/plugin-golden-paths-common';
import { GoldenPathsApi } from './GoldenPathsApi';

/**
 * {@link GoldenPathsApi} over HTTP, authenticated through the fetch API.
 * Failed requests reject with a `ResponseError` carrying the backend's error.
 *
 * @public
 */
export class GoldenPathsClient implements GoldenPathsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  listGoldenPaths(): Promise<GoldenPathListResponse> {
    return this.#json('/templates');
  }

  getGoldenPath(name: string): Promise<GoldenPathDetails> {
    return this.#json(`/templates/${encodeURIComponent(name)}`);
  }

  upgradeService(request: UpgradeRequest): Promise<UpgradeOutcome> {
    return this.#post('/upgrades', request);
  }

  upgradeFleet(
    name: string,
    request: FleetUpgradeRequest,
  ): Promise<FleetUpgradeResponse> {
    return this.#post(
      `/templates/${encodeURIComponent(name)}/upgrades`,
      request,
    );
  }

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.#json(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('golden-paths');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
