import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ConsistencyReportResponse,
  EntityConsistencyResponse,
  KubernetesConsistencyApi,
} from './KubernetesConsistencyApi';

/**
 * {@link KubernetesConsistencyApi} over HTTP, authenticated through the fetch API.
 *
 * @public
 */
export class KubernetesConsistencyClient implements KubernetesConsistencyApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getReport(
    options: { refresh?: boolean } = {},
  ): Promise<ConsistencyReportResponse> {
    return this.#json(`/report${options.refresh ? '?refresh=true' : ''}`);
  }

  getEntity(ref: string): Promise<EntityConsistencyResponse> {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    const path = [kind.toLocaleLowerCase('en-US'), namespace, name]
      .map(encodeURIComponent)
      .join('/');
    return this.#json(`/entities/${path}`);
  }

  async #json<T>(path: string): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl(
      'kubernetes-consistency',
    );
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
