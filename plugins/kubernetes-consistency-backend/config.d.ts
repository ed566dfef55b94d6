export interface Config {
  /**
   * Conway's comparison of the Kubernetes clusters with the catalog. The
   * clusters are those of `kubernetes.clusterLocatorMethods` (declared by
   * `@backstage/plugin-kubernetes-backend`): every `config` cluster with the
   * `serviceAccount` auth provider, and `local` for `localKubectlProxy`.
   */
  kubernetesConsistency?: {
    /** Seconds a report is reused before the clusters and the catalog are read again. Default 300. */
    refreshIntervalSeconds?: number;
    /** Objects per page when listing workloads and querying the catalog. Default 500. */
    pageSize?: number;
    /** Namespaces whose workloads are not compared. Default `[kube-system, kube-public, kube-node-lease]`. */
    ignoreNamespaces?: string[];
    /** Group `spec.type` values that count as teams. Default `[team]`. */
    teamTypes?: string[];
    /** Compare only these clusters (names in kubernetes.clusterLocatorMethods). Default: all. */
    clusters?: string[];
    /** Time limit of each request to a cluster, in seconds. Default 30. */
    requestTimeoutSeconds?: number;
  };
}
