/**
 * The Kubernetes clusters of app-config (`kubernetes.clusterLocatorMethods`,
 * as Backstage's Kubernetes backend reads them) as clients of the real
 * `@kubernetes/client-node`: server-side apply, paged lists, and failures
 * explained with the cluster, the object and the fix.
 *
 * @packageDocumentation
 */

export { LOCAL_KUBECTL_PROXY_URL, readKubernetesClusters } from './clusters';
export type { KubernetesClusterConfig } from './clusters';
export {
  describeObject,
  KubernetesClusterClient,
} from './KubernetesClusterClient';
export type {
  ApplyOptions,
  KubeObject,
  KubernetesClusterClientOptions,
  ServedResource,
} from './KubernetesClusterClient';
export { explainKubernetesError, KubernetesClusterError } from './errors';
export type {
  KubernetesErrorCause,
  KubernetesErrorReason,
  RequestContext,
} from './errors';
export { loadClientNode } from './loadClientNode';
export type { ClientNode } from './loadClientNode';
