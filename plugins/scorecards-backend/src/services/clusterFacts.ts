import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  entityState,
  findingsAbout,
  KUBERNETES_ANNOTATIONS,
  type ConsistencyReportResponse,
} from '@conway/plugin-kubernetes-consistency-common';
import type { ClusterFacts } from '@conway/plugin-scorecards-common';
import type { UnknownFact } from './engine';

/** A service's cluster facts, from one comparison of the clusters with the catalog. */
export type ClusterFactsOf = (entity: Entity) => ClusterFacts | UnknownFact;

/** The plugin that compares the clusters with the catalog. */
const CONSISTENCY_PLUGIN = 'kubernetes-consistency';

/**
 * One service's cluster facts from a comparison report: what the Cluster vs
 * catalog page says about the entity, as pass, fail or unknown. An unknown
 * always says why; a service is never "matching" because nothing was read.
 */
export function clusterFactsFromReport(
  report: Pick<ConsistencyReportResponse, 'clusters' | 'findings'>,
  entity: Entity,
): ClusterFacts | UnknownFact {
  const ref = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const annotated = KUBERNETES_ANNOTATIONS.some(a => Object.hasOwn(annotations, a));
  const findings = findingsAbout(report.findings, ref);
  const state = entityState({
    annotated,
    clusters: report.clusters,
    findingCount: findings.length,
  });
  switch (state) {
    case 'not-annotated':
      return {
        unknown: `Not tied to a workload: no ${KUBERNETES_ANNOTATIONS.join(' or ')} annotation`,
      };
    case 'no-clusters':
      return { unknown: 'No Kubernetes cluster is configured in this portal' };
    case 'clusters-unreadable':
      return {
        unknown: `No cluster could be read: ${report.clusters
          .map(c => `${c.name} (${c.error?.reason ?? 'error'})`)
          .join(', ')}`,
      };
    case 'drift':
      return { matches: false, differences: findings.map(f => f.message) };
    default: {
      const unread = report.clusters.filter(c => c.status !== 'ok');
      // Consistent in the clusters read; one that could not be read may still differ.
      return unread.length > 0
        ? {
            unknown: `Matches the clusters read, but ${unread
              .map(c => `${c.name} (${c.error?.reason ?? 'error'})`)
              .join(', ')} could not be read`,
          }
        : { matches: true, differences: [] };
    }
  }
}

/**
 * Reads the comparison report of the Kubernetes consistency plugin once per
 * evaluation run, over HTTP with the plugin's own credentials (a backend
 * never reaches into another plugin's internals). Without that plugin, or
 * when it fails, every service's cluster facts are unknown with the reason.
 */
export function createClusterFactsReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  fetch?: typeof fetch;
}): () => Promise<ClusterFactsOf> {
  const doFetch = options.fetch ?? fetch;
  return async () => {
    try {
      const baseUrl = await options.discovery.getBaseUrl(CONSISTENCY_PLUGIN);
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await options.auth.getOwnServiceCredentials(),
        targetPluginId: CONSISTENCY_PLUGIN,
      });
      const response = await doFetch(`${baseUrl}/report`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const report = (await response.json()) as ConsistencyReportResponse;
      return entity => clusterFactsFromReport(report, entity);
    } catch (error) {
      const reason = `The clusters could not be compared with the catalog: ${
        (error as Error).message
      }`;
      options.logger.warn(`Scorecards: ${reason}`);
      return () => ({ unknown: reason });
    }
  };
}
