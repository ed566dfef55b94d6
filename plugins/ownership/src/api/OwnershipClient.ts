import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import { ExportedFile, ExportFormat, OwnershipApi } from './OwnershipApi';
import {
  ComponentHistoryResponse,
  EntityAlignmentResponse,
  OwnershipHistoryResponse,
  OwnershipReportResponse,
  ProposedChange,
  RefreshResponse,
  TeamDetailsResponse,
  TeamHistoryResponse,
  WhatIfResponse,
} from './types';

/** `kind/namespace/name` URL path of an entity ref. */
function refPath(ref: string, defaultKind: string): string {
  const { kind, namespace, name } = parseEntityRef(ref, {
    defaultKind,
    defaultNamespace: 'default',
  });
  return [kind.toLocaleLowerCase('en-US'), namespace, name]
    .map(encodeURIComponent)
    .join('/');
}

/**
 * `namespace/name` URL path of a ref of one kind; another kind would ask for
 * a different entity of the same name, so it is refused.
 */
function namespacedPath(ref: string, kind: 'component' | 'group'): string {
  const [refKind, namespace, name] = refPath(ref, kind).split('/');
  if (refKind !== kind) {
    throw new InputError(`Expected a ${kind} ref, got '${ref}'`);
  }
  return `${namespace}/${name}`;
}

const EXPORTS: Record<ExportFormat, { path: string; filename: string }> = {
  csv: { path: '/export.csv', filename: 'ownership-findings.csv' },
  'owners-csv': {
    path: '/owners.csv',
    filename: 'ownership-who-owns-what.csv',
  },
  json: { path: '/export.json', filename: 'ownership-report.json' },
};

/**
 * {@link OwnershipApi} over HTTP, authenticated through the fetch API.
 *
 * @public
 */
export class OwnershipClient implements OwnershipApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getReport(): Promise<OwnershipReportResponse> {
    return this.#json('/report');
  }

  getTeam(ref: string): Promise<TeamDetailsResponse> {
    const [, namespace, name] = refPath(ref, 'group').split('/');
    return this.#json(`/teams/${namespace}/${name}`);
  }

  getEntity(ref: string): Promise<EntityAlignmentResponse> {
    return this.#json(`/entities/${refPath(ref, 'component')}`);
  }

  whatIf(changes: ProposedChange[]): Promise<WhatIfResponse> {
    return this.#json('/what-if', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changes }),
    });
  }

  refresh(): Promise<RefreshResponse> {
    return this.#json('/refresh', { method: 'POST' });
  }

  getHistory(): Promise<OwnershipHistoryResponse> {
    return this.#json('/history');
  }

  async getComponentHistory(ref: string): Promise<ComponentHistoryResponse> {
    return this.#json(
      `/history/components/${namespacedPath(ref, 'component')}`,
    );
  }

  async getTeamHistory(ref: string): Promise<TeamHistoryResponse> {
    return this.#json(`/history/teams/${namespacedPath(ref, 'group')}`);
  }

  async exportReport(format: ExportFormat): Promise<ExportedFile> {
    const { path, filename } = EXPORTS[format];
    const response = await this.#fetch(path);
    return { blob: await response.blob(), filename };
  }

  async #fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('ownership');
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
