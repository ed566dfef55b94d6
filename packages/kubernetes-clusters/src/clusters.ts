import { Config } from '@backstage/config';

/**
 * A cluster from app-config, as Backstage's Kubernetes backend reads it.
 * @public
 */
export interface KubernetesClusterConfig {
  name: string;
  title?: string;
  /** API server URL. */
  url: string;
  /** `serviceAccount`, `localKubectlProxy`, or another provider (not supported here). */
  authProvider: string;
  /** Bearer token; without one, the pod's own service account token is used. */
  serviceAccountToken?: string;
  /** Base64 PEM of the API server's CA. */
  caData?: string;
  /** Path of the API server's CA file. */
  caFile?: string;
  skipTLSVerify: boolean;
}

/**
 * Where `kubectl proxy` listens; Backstage's `localKubectlProxy` locator uses it too.
 *
 * @public
 */
export const LOCAL_KUBECTL_PROXY_URL = 'http://127.0.0.1:8001';

/**
 * The clusters of `kubernetes.clusterLocatorMethods` that can be used without
 * a catalog or cloud lookup: every cluster of a `config` locator, and `local`
 * for a `localKubectlProxy` locator. Other locators (`catalog`, `gke`) are
 * skipped.
 *
 * @throws Error naming the cluster when one is configured twice
 * @public
 */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterConfig[] {
  const clusters: KubernetesClusterConfig[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    const type = method.getString('type');
    if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: LOCAL_KUBECTL_PROXY_URL,
        authProvider: 'localKubectlProxy',
        skipTLSVerify: false,
      });
    } else if (type === 'config') {
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const title = c.getOptionalString('title');
        const token = c.getOptionalString('serviceAccountToken');
        const caData = c.getOptionalString('caData');
        const caFile = c.getOptionalString('caFile');
        clusters.push({
          name: c.getString('name'),
          ...(title ? { title } : {}),
          url: c.getString('url'),
          authProvider:
            c.getOptionalString('authProvider') ??
            c.getOptional<Record<string, string>>('authMetadata')?.[
              'kubernetes.io/auth-provider'
            ] ??
            'serviceAccount',
          ...(token ? { serviceAccountToken: token } : {}),
          ...(caData ? { caData } : {}),
          ...(caFile ? { caFile } : {}),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        });
      }
    }
  }
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) {
      throw new Error(
        `Duplicate Kubernetes cluster name '${name}' in kubernetes.clusterLocatorMethods`,
      );
    }
    seen.add(name);
  }
  return clusters;
}
