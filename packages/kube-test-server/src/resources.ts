/** A resource type the test server serves, as discovery describes it. @public */
export interface ResourceType {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** URL segment, e.g. `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
}

/**
 * The resource types served. The first group are the kinds Conway's golden path
 * generates and the consistency check reads; the rest are what Backstage's
 * Kubernetes tab lists for an entity, so that it can run against the double.
 *
 * @public
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  core('Namespace', 'namespaces', false, ['ns']),
  core('Service', 'services', true, ['svc']),
  core('ServiceAccount', 'serviceaccounts', true, ['sa']),
  core('ConfigMap', 'configmaps', true, ['cm']),
  apps('Deployment', 'deployments', ['deploy']),
  apps('StatefulSet', 'statefulsets', ['sts']),
  type('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  type(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    true,
    ['hpa'],
  ),
  type('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, [
    'pdb',
  ]),
  type('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, [
    'netpol',
  ]),
  type(
    'monitoring.coreos.com',
    'v1',
    'ServiceMonitor',
    'servicemonitors',
    true,
    ['smon'],
  ),
  type(
    'monitoring.coreos.com',
    'v1',
    'PrometheusRule',
    'prometheusrules',
    true,
    ['promrule'],
  ),
  // Listed by Backstage's Kubernetes tab.
  core('Pod', 'pods', true, ['po']),
  core('Secret', 'secrets', true),
  core('LimitRange', 'limitranges', true, ['limits']),
  core('ResourceQuota', 'resourcequotas', true, ['quota']),
  core('PersistentVolume', 'persistentvolumes', false, ['pv']),
  core('PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  apps('ReplicaSet', 'replicasets', ['rs']),
  apps('DaemonSet', 'daemonsets', ['ds']),
  type('batch', 'v1', 'Job', 'jobs', true),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
];

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames?: string[],
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLocaleLowerCase('en-US'),
    namespaced,
    ...(shortNames ? { shortNames } : {}),
  };
}

function core(
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames?: string[],
) {
  return type('', 'v1', kind, plural, namespaced, shortNames);
}

function apps(kind: string, plural: string, shortNames?: string[]) {
  return type('apps', 'v1', kind, plural, true, shortNames);
}

/** `apps/v1`, or `v1` for the core group. @public */
export function groupVersion(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** `deployments.apps`, or `services` for the core group, as API server messages name resources. */
export function qualifiedResource(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** `Deployment.apps`, or `Service`, as validation messages name kinds. */
export function qualifiedKind(t: ResourceType): string {
  return t.group ? `${t.kind}.${t.group}` : t.kind;
}

// The verbs this double implements; discovery advertises only these.
const VERBS = ['get', 'list', 'patch'];

/** The discovery documents for a set of resource types. */
export class Discovery {
  readonly #types: readonly ResourceType[];

  constructor(types: readonly ResourceType[]) {
    this.#types = types;
  }

  get types(): readonly ResourceType[] {
    return this.#types;
  }

  /** The type served at `<groupVersion>/<plural>`, if any. */
  find(gv: string, plural: string): ResourceType | undefined {
    return this.#types.find(t => groupVersion(t) === gv && t.plural === plural);
  }

  /** The type of an object's `apiVersion` and `kind`, if served. */
  findKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.#types.find(
      t => groupVersion(t) === apiVersion && t.kind === kind,
    );
  }

  hasGroupVersion(gv: string): boolean {
    return this.#types.some(t => groupVersion(t) === gv);
  }

  /** `GET /api` */
  apiVersions(serverAddress: string) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  /** `GET /apis` */
  apiGroupList() {
    const groups = new Map<string, Set<string>>();
    for (const t of this.#types) {
      if (t.group) {
        const versions = groups.get(t.group) ?? new Set<string>();
        versions.add(t.version);
        groups.set(t.group, versions);
      }
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => {
        const list = [...versions].map(version => ({
          groupVersion: `${name}/${version}`,
          version,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  }

  /** `GET /api/v1`, `GET /apis/<group>/<version>` */
  apiResourceList(gv: string) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: this.#types
        .filter(t => groupVersion(t) === gv)
        .map(t => ({
          name: t.plural,
          singularName: t.singular,
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: VERBS,
          ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        })),
    };
  }
}
