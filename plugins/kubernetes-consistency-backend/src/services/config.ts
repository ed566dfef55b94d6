import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  KubernetesClusterConfig,
  readKubernetesClusters,
} from '@conway/kubernetes-clusters';

/** Settings of the consistency check, from `kubernetesConsistency` in app-config. */
export interface ConsistencySettings {
  refreshIntervalSeconds: number;
  pageSize: number;
  ignoreNamespaces: string[];
  teamTypes: string[];
  requestTimeoutMs: number;
  clusters: KubernetesClusterConfig[];
}

export const DEFAULT_IGNORED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(`${key} must be a positive number, got ${value}`);
  }
  return value;
}

export function readConsistencySettings(config: Config): ConsistencySettings {
  const all = readKubernetesClusters(config);
  const only = config.getOptionalStringArray('kubernetesConsistency.clusters');
  for (const name of only ?? []) {
    if (!all.some(c => c.name === name)) {
      throw new InputError(
        `kubernetesConsistency.clusters names '${name}', which is not in kubernetes.clusterLocatorMethods`,
      );
    }
  }
  return {
    refreshIntervalSeconds: positive(
      config,
      'kubernetesConsistency.refreshIntervalSeconds',
      300,
    ),
    pageSize: Math.round(
      positive(config, 'kubernetesConsistency.pageSize', 500),
    ),
    ignoreNamespaces:
      config.getOptionalStringArray('kubernetesConsistency.ignoreNamespaces') ??
      DEFAULT_IGNORED_NAMESPACES,
    teamTypes: config.getOptionalStringArray(
      'kubernetesConsistency.teamTypes',
    ) ?? ['team'],
    requestTimeoutMs:
      positive(config, 'kubernetesConsistency.requestTimeoutSeconds', 30) *
      1000,
    clusters: only ? all.filter(c => only.includes(c.name)) : all,
  };
}
