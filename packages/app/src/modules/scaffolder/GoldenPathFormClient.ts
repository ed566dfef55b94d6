import {
  ApiHolder,
  DiscoveryApi,
  discoveryApiRef,
  FetchApi,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useMemo } from 'react';

/** Whether a name can be used for a new service (`GET /api/golden-paths/templates/:name/name-availability`). */
export interface NameAvailability {
  available: boolean;
  reason?: string;
}

/** A group offered as owner (`GET /api/golden-paths/owners`). */
export interface OwnerChoice {
  entityRef: string;
  title: string;
  type?: string;
  member: boolean;
}

/** The owners the signed-in user may pick. */
export interface OwnerChoices {
  owners: OwnerChoice[];
  defaultOwner?: string;
  anyOwner: boolean;
}

/** The golden-paths backend's answers for golden-path forms. */
export class GoldenPathFormClient {
  static fromApis(apis: ApiHolder): GoldenPathFormClient | undefined {
    const discoveryApi = apis.get(discoveryApiRef);
    const fetchApi = apis.get(fetchApiRef);
    return discoveryApi && fetchApi
      ? new GoldenPathFormClient(discoveryApi, fetchApi)
      : undefined;
  }

  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  private async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('golden-paths');
    const response = await this.fetchApi.fetch(`${base}${path}`, { signal });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  checkName(
    template: string,
    value: string,
    options: { field?: string; signal?: AbortSignal } = {},
  ): Promise<NameAvailability> {
    const query = new URLSearchParams({
      field: options.field ?? 'name',
      value,
    });
    return this.get(
      `/templates/${encodeURIComponent(template)}/name-availability?${query}`,
      options.signal,
    );
  }

  getOwners(): Promise<OwnerChoices> {
    return this.get('/owners');
  }
}

/** The client, from the app's discovery and fetch APIs. */
export function useGoldenPathFormClient(): GoldenPathFormClient {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(
    () => new GoldenPathFormClient(discoveryApi, fetchApi),
    [discoveryApi, fetchApi],
  );
}
