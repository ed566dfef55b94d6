import fs from 'node:fs';
import type {
  KubernetesListObject,
  KubernetesObject,
  KubernetesObjectApi,
  ResponseContext,
  V1APIResource,
} from '@kubernetes/client-node';
import { KubernetesClusterConfig } from './clusters';
import {
  explainKubernetesError,
  KubernetesClusterError,
  RequestContext,
} from './errors';
import { loadClientNode } from './loadClientNode';

/** A Kubernetes object as JSON. @public */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Options of {@link KubernetesClusterClient.create}. @public */
export interface KubernetesClusterClientOptions {
  /** Time limit of each request. Default 30 s. */
  requestTimeoutMs?: number;
}

/** Options of {@link KubernetesClusterClient.apply}. @public */
export interface ApplyOptions {
  fieldManager: string;
  /** Server-side dry run (`dryRun=All`): validated and admitted, not stored. */
  dryRun?: boolean;
  /** Take over fields owned by other field managers. */
  force?: boolean;
}

/** How the API server serves a kind. @public */
export interface ServedResource {
  /** URL name, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
}

const IN_CLUSTER = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * `Deployment production/orders`
 *
 * @public
 */
export function describeObject(object: {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}): string {
  const { name, namespace } = object.metadata ?? {};
  return `${object.kind ?? 'object'} ${namespace ? `${namespace}/` : ''}${
    name ?? '(no name)'
  }`;
}

type ObjectApi = KubernetesObjectApi & {
  lookup(apiVersion: string, kind: string): Promise<V1APIResource | undefined>;
};

/** The bearer token and CA for a cluster, or why there is none. */
function credentials(cluster: KubernetesClusterConfig): {
  token?: string;
  caFile?: string;
} {
  if (cluster.authProvider === 'localKubectlProxy') {
    return {};
  }
  if (cluster.authProvider !== 'serviceAccount') {
    throw new KubernetesClusterError({
      reason: 'unsupported-auth',
      cluster: cluster.name,
      message: `Cluster '${cluster.name}' uses authProvider '${cluster.authProvider}', which Conway's Kubernetes actions do not support; use 'serviceAccount' (with serviceAccountToken, or the backend pod's own service account) or a localKubectlProxy locator.`,
    });
  }
  if (cluster.serviceAccountToken) {
    return { token: cluster.serviceAccountToken };
  }
  // As Backstage's serviceAccount strategy: inside a pod, its own account.
  const tokenFile = `${IN_CLUSTER}/token`;
  if (fs.existsSync(tokenFile)) {
    return {
      token: fs.readFileSync(tokenFile, 'utf8').trim(),
      ...(cluster.caData || cluster.caFile
        ? {}
        : { caFile: `${IN_CLUSTER}/ca.crt` }),
    };
  }
  throw new KubernetesClusterError({
    reason: 'unauthorized',
    cluster: cluster.name,
    message: `Cluster '${cluster.name}' has no serviceAccountToken in kubernetes.clusterLocatorMethods, and the backend does not run in a pod with a service account token (${tokenFile}).`,
  });
}

/**
 * One cluster of app-config through the real `@kubernetes/client-node`
 * (`KubernetesObjectApi`): discovery, read, paged list and server-side apply.
 * Every failure is a {@link KubernetesClusterError} with a message that names
 * the cluster, the object and what to do.
 *
 * @public
 */
export class KubernetesClusterClient {
  readonly cluster: KubernetesClusterConfig;
  readonly #api: ObjectApi;
  readonly #timeoutMs: number;
  readonly #patchStrategy: string;

  static async create(
    cluster: KubernetesClusterConfig,
    options: KubernetesClusterClientOptions = {},
  ): Promise<KubernetesClusterClient> {
    const k8s = await loadClientNode();
    const { token, caFile } = credentials(cluster);
    const proxy = cluster.authProvider === 'localKubectlProxy';
    if (cluster.url.startsWith('http:') && !cluster.skipTLSVerify && !proxy) {
      // @kubernetes/client-node refuses it too, with a less helpful message.
      throw new KubernetesClusterError({
        reason: 'config',
        cluster: cluster.name,
        message: `Cluster '${cluster.name}' has a plain http:// url (${cluster.url}); the portal sends its token over it only with skipTLSVerify: true. Use the API server's https:// url with caData for a real cluster.`,
      });
    }
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          // kubectl proxy speaks plain HTTP on loopback: there is no TLS to verify.
          skipTLSVerify: cluster.skipTLSVerify || proxy,
          ...(cluster.caData ? { caData: cluster.caData } : {}),
          ...(cluster.caFile ?? caFile
            ? { caFile: cluster.caFile ?? caFile }
            : {}),
        },
      ],
      users: [{ name: 'conway', ...(token ? { token } : {}) }],
      contexts: [{ name: 'conway', cluster: cluster.name, user: 'conway' }],
      currentContext: 'conway',
    });
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    const configuration = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(cluster.url, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          // Without a limit a black-holed API server holds a task for minutes.
          pre: async context => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async response => response,
        },
      ],
    });
    class PlainObjectApi extends k8s.KubernetesObjectApi {
      // Discovery is protected; the apply needs it to know which kinds are
      // namespaced (and served at all) before it writes anything.
      lookup(apiVersion: string, kind: string) {
        return this.resource(apiVersion, kind);
      }

      // Objects as the API server sent them: the typed models rename fields
      // (`continue` is `_continue`) and turn timestamps into Dates, and
      // converting 5,000 workloads through them costs seconds.
      protected async processResponse<T extends KubernetesObject>(
        response: ResponseContext,
        type?: string,
      ): Promise<T> {
        if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
          return JSON.parse(await response.body.text()) as T;
        }
        return super.processResponse<T>(response, type);
      }
    }
    return new KubernetesClusterClient(
      cluster,
      new PlainObjectApi(configuration),
      timeoutMs,
      k8s.PatchStrategy.ServerSideApply,
    );
  }

  private constructor(
    cluster: KubernetesClusterConfig,
    api: ObjectApi,
    timeoutMs: number,
    patchStrategy: string,
  ) {
    this.cluster = cluster;
    this.#api = api;
    this.#timeoutMs = timeoutMs;
    this.#patchStrategy = patchStrategy;
  }

  #explain(
    error: unknown,
    context: Omit<RequestContext, 'cluster' | 'timeoutMs'>,
  ) {
    return explainKubernetesError(error, {
      ...context,
      cluster: this.cluster,
      timeoutMs: this.#timeoutMs,
    });
  }

  /**
   * How the cluster serves a kind (discovery, cached per client), or undefined
   * when it does not serve it (e.g. a CRD that is not installed).
   */
  async served(
    apiVersion: string,
    kind: string,
  ): Promise<ServedResource | undefined> {
    try {
      const resource = await this.#api.lookup(apiVersion, kind);
      return (
        resource && { plural: resource.name, namespaced: resource.namespaced }
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) {
        return undefined; // the group/version itself is not served
      }
      throw this.#explain(error, {
        verb: 'discover',
        target: `${apiVersion} ${kind}`,
      });
    }
  }

  /** An object, or undefined when it does not exist. */
  async read(object: KubeObject): Promise<KubeObject | undefined> {
    const { apiVersion, kind, metadata } = object;
    try {
      return (await this.#api.read({
        apiVersion,
        kind,
        metadata: { name: metadata.name, namespace: metadata.namespace },
      })) as KubeObject;
    } catch (error) {
      const status = parseCode(error);
      if (status === 404 && !isNamespaceNotFound(error)) {
        return undefined;
      }
      throw this.#explain(error, {
        verb: 'read',
        target: describeObject(object),
        namespace: metadata.namespace,
      });
    }
  }

  /**
   * Server-side apply (`PATCH` with `application/apply-patch+yaml`) of one
   * object; it must carry its namespace when its kind is namespaced.
   */
  async apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    try {
      const result = await this.#api.patch(
        structuredClone(object) as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager,
        options.force ?? false,
        this.#patchStrategy as Parameters<KubernetesObjectApi['patch']>[5],
      );
      return result as KubeObject;
    } catch (error) {
      throw this.#explain(error, {
        verb: 'apply',
        target: describeObject(object),
        namespace: object.metadata.namespace,
      });
    }
  }

  /**
   * Lists a kind in every namespace (or one), page by page with `limit` and
   * `continue`, so a large cluster is never read in one response.
   */
  async *list(
    apiVersion: string,
    kind: string,
    options: {
      namespace?: string;
      labelSelector?: string;
      pageSize?: number;
    } = {},
  ): AsyncGenerator<KubeObject[]> {
    let continueToken: string | undefined;
    const target = `${kind} objects (${
      options.namespace ? `namespace '${options.namespace}'` : 'all namespaces'
    })`;
    do {
      let page: KubernetesListObject<KubernetesObject>;
      try {
        page = await this.#api.list(
          apiVersion,
          kind,
          options.namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          options.labelSelector,
          options.pageSize ?? 500,
          continueToken,
        );
      } catch (error) {
        throw this.#explain(error, {
          verb: 'list',
          target,
          namespace: options.namespace,
        });
      }
      // List items carry no apiVersion/kind on the wire.
      yield page.items.map(item => ({
        ...(item as KubeObject),
        apiVersion,
        kind,
      }));
      // Plain JSON (see processResponse): `continue`, not the model's `_continue`.
      continueToken =
        (page.metadata as { continue?: string } | undefined)?.continue ||
        undefined;
    } while (continueToken);
  }
}

function parseCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function isNamespaceNotFound(error: unknown): boolean {
  const body = (error as { body?: unknown })?.body;
  return typeof body === 'string' && body.includes('"kind":"namespaces"');
}
