import http from 'node:http';
import { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { parseLabelSelector } from './labelSelector';
import { clone, isObject, KubeObject } from './objects';
import {
  Discovery,
  groupVersion,
  RESOURCE_TYPES,
  ResourceType,
} from './resources';
import {
  badRequest,
  forbidden,
  forbiddenPath,
  methodNotAllowed,
  StatusError,
  unauthorized,
  unsupportedMediaType,
} from './status';
import { ObjectStore } from './store';

/** What a request asks for, as an authorizer sees it. @public */
export interface RequestAttributes {
  /** The authenticated user, e.g. `system:serviceaccount:conway:backstage`. */
  user: string;
  /** `create` is asked as well when a server-side apply creates the object, as in Kubernetes. */
  verb: 'get' | 'list' | 'patch' | 'create';
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** Options of {@link KubeTestServer.start}. @public */
export interface KubeTestServerOptions {
  /**
   * Bearer token every request must carry. A wrong token answers 401 (as an
   * expired or revoked token does); no token means the anonymous user, who may
   * read `/version` and `/healthz` only. Unset: no authentication.
   */
  token?: string;
  /** User name the token authenticates as, shown in 403 messages. */
  user?: string;
  /** Namespaces whose resources the user may not touch: every request into them answers 403. */
  forbiddenNamespaces?: string[];
  /** Further authorization: return false to answer 403. */
  authorize?: (attributes: RequestAttributes) => boolean;
  /** API groups not to serve, e.g. `['monitoring.coreos.com']` for a cluster without the Prometheus Operator. */
  withoutGroups?: string[];
  /** Delay before each answer, to test timeouts. */
  responseDelayMs?: number;
  /** Port on 127.0.0.1; default: any free port. */
  port?: number;
}

/** One request the server answered, for assertions. @public */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  status: number;
}

/** Options of {@link KubeTestServer.seed}. @public */
export interface SeedOptions {
  /** Record the objects as written by this field manager (to provoke apply conflicts). */
  fieldManager?: string;
  /** Operation of that manager's managedFields entry. Default `Update`. */
  operation?: 'Apply' | 'Update';
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

/** Answered with the API server's plain-text 404 for unknown paths. */
class NotFoundPage extends Error {}

const VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-kube-test-server',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'none (TypeScript test double)',
  compiler: 'none',
  platform: `${process.platform}/${process.arch}`,
};

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/**
 * TEST DOUBLE of a Kubernetes API server, in memory on 127.0.0.1. It answers
 * the few endpoints Conway uses (discovery, get, list, server-side apply) with
 * real Kubernetes JSON shapes and `Status` errors, so tests can drive the real
 * `@kubernetes/client-node` without a cluster. It is not Kubernetes: no
 * controllers, no watch, no admission, lists merged atomically in apply.
 *
 * @public
 */
export class KubeTestServer {
  readonly #options: KubeTestServerOptions;
  readonly #discovery: Discovery;
  readonly #store: ObjectStore;
  readonly #server: http.Server;
  readonly requests: RecordedRequest[] = [];
  #url = '';

  /** Starts a server on 127.0.0.1 with the namespaces `default`, `kube-system` and `kube-public`. */
  static async start(
    options: KubeTestServerOptions = {},
  ): Promise<KubeTestServer> {
    const server = new KubeTestServer(options);
    await server.#listen();
    return server;
  }

  private constructor(options: KubeTestServerOptions) {
    this.#options = options;
    const without = new Set(options.withoutGroups ?? []);
    this.#discovery = new Discovery(
      RESOURCE_TYPES.filter(t => !without.has(t.group)),
    );
    this.#store = new ObjectStore(this.#discovery);
    this.#seedDefaults();
    this.#server = http.createServer((req, res) => {
      this.#handle(req, res).catch(error => {
        this.#send(res, req, 500, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `kube-test-server internal error: ${String(error)}`,
          reason: 'InternalError',
          code: 500,
        });
      });
    });
    // Clients keep connections alive; stop() must not wait for them.
    this.#server.keepAliveTimeout = 1000;
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.#url;
  }

  /** Current cluster-wide resourceVersion. */
  get resourceVersion(): string {
    return this.#store.resourceVersion;
  }

  async #listen() {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port ?? 0, '127.0.0.1', resolve);
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #seedDefaults() {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      this.#store.seed({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
  }

  /**
   * Stores objects as they are (validated; uid, resourceVersion and
   * creationTimestamp filled in). Missing namespaces are created.
   * @throws Error when an object is invalid or of a kind the server does not serve
   */
  seed(objects: KubeObject[], options: SeedOptions = {}): void {
    for (const object of objects) {
      this.#store.seed(object, options.fieldManager, options.operation);
    }
  }

  /** Removes every object and restores the default namespaces. */
  reset(): void {
    this.#store.clear();
    this.#seedDefaults();
    this.requests.length = 0;
  }

  /** A stored object, or undefined. */
  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubeObject | undefined {
    const type = this.#discovery.findKind(apiVersion, kind);
    const object =
      type &&
      this.#store.get(
        type,
        type.namespaced ? namespace ?? 'default' : undefined,
        name,
      );
    return object && clone(object);
  }

  /** Removes a stored object (there is no DELETE endpoint). */
  remove(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): boolean {
    const type = this.#discovery.findKind(apiVersion, kind);
    return Boolean(
      type &&
        this.#store.delete(
          type,
          type.namespaced ? namespace ?? 'default' : undefined,
          name,
        ),
    );
  }

  /** Every stored object (Namespaces included). */
  objects(): KubeObject[] {
    return this.#store.all().map(clone);
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      ...(req.headers['content-type']
        ? { contentType: req.headers['content-type'] }
        : {}),
      status: 0,
    };
    this.requests.push(record);
    const body = await readBody(req);
    if (this.#options.responseDelayMs) {
      await new Promise(r => setTimeout(r, this.#options.responseDelayMs));
    }
    try {
      const [status, payload] = this.#route(req, url, body);
      record.status = status;
      this.#send(res, req, status, payload);
    } catch (error) {
      if (error instanceof StatusError) {
        record.status = error.status.code;
        this.#send(res, req, error.status.code, error.status);
      } else if (error instanceof NotFoundPage) {
        record.status = 404;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('404 page not found\n');
      } else {
        throw error;
      }
    }
  }

  #send(
    res: http.ServerResponse,
    _req: http.IncomingMessage,
    status: number,
    payload: unknown,
  ) {
    if (res.headersSent) {
      return;
    }
    const text =
      typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(status, {
      'Content-Type':
        typeof payload === 'string'
          ? 'text/plain; charset=utf-8'
          : 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'X-Kube-Test-Server': 'test double',
    });
    res.end(text);
  }

  /** The authenticated user, or the anonymous one; throws 401 on a wrong token. */
  #authenticate(req: http.IncomingMessage): string {
    const { token } = this.#options;
    const user = this.#options.user ?? 'system:serviceaccount:conway:backstage';
    if (token === undefined) {
      return user;
    }
    const header = req.headers.authorization;
    if (header === undefined) {
      return 'system:anonymous';
    }
    if (header !== `Bearer ${token}`) {
      throw unauthorized();
    }
    return user;
  }

  #authorize(attributes: RequestAttributes, type: ResourceType) {
    const { namespace, user } = attributes;
    const denied =
      user === 'system:anonymous' ||
      (namespace !== undefined &&
        (this.#options.forbiddenNamespaces ?? []).includes(namespace)) ||
      this.#options.authorize?.(attributes) === false;
    if (denied) {
      throw forbidden({ ...attributes, type });
    }
  }

  #route(req: http.IncomingMessage, url: URL, body: string): [number, unknown] {
    const user = this.#authenticate(req);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const anonymous = user === 'system:anonymous';

    if (PUBLIC_PATHS.has(path)) {
      if (method !== 'GET') throw methodNotAllowed();
      return path === '/version' ? [200, VERSION] : [200, 'ok'];
    }
    if (anonymous) {
      throw forbiddenPath(user, path);
    }
    if (path === '/api' && method === 'GET') {
      return [200, this.#discovery.apiVersions(url.host || '127.0.0.1')];
    }
    if (path === '/apis' && method === 'GET') {
      return [200, this.#discovery.apiGroupList()];
    }
    const route = this.#parseRoute(path);
    if (route === 'discovery') {
      if (method !== 'GET') throw methodNotAllowed();
      const gv = path.startsWith('/api/') ? 'v1' : path.slice('/apis/'.length);
      return [200, this.#discovery.apiResourceList(gv)];
    }
    if (
      url.searchParams.get('watch') === 'true' ||
      url.searchParams.get('watch') === '1'
    ) {
      throw badRequest(
        'watch is not supported by kube-test-server (a test double)',
      );
    }
    if (url.searchParams.has('fieldSelector')) {
      throw badRequest(
        'fieldSelector is not supported by kube-test-server (a test double)',
      );
    }
    const { type, namespace, name } = route;
    const attributes = (
      verb: RequestAttributes['verb'],
    ): RequestAttributes => ({
      user,
      verb,
      group: type.group,
      resource: type.plural,
      ...(namespace ? { namespace } : {}),
      ...(name ? { name } : {}),
    });

    if (method === 'GET' && name === undefined) {
      this.#authorize(attributes('list'), type);
      return [200, this.#list(type, namespace, url.searchParams)];
    }
    if (method === 'GET' && name !== undefined) {
      this.#authorize(attributes('get'), type);
      const object = this.#store.get(type, namespace, name);
      if (!object) throw this.#store.notFound(type, name);
      return [200, object];
    }
    if (method === 'PATCH' && name !== undefined) {
      this.#authorize(attributes('patch'), type);
      // An apply that creates is authorized as a create too.
      if (!this.#store.get(type, namespace, name)) {
        this.#authorize(attributes('create'), type);
      }
      return this.#apply(req, url, body, { type, namespace, name });
    }
    throw methodNotAllowed();
  }

  /** `discovery` for `/api/v1` and `/apis/<g>/<v>`, else the resource addressed. */
  #parseRoute(path: string): Route | 'discovery' {
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    let gv: string;
    let rest: string[];
    if (segments[0] === 'api' && segments[1] === 'v1') {
      gv = 'v1';
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      gv = `${segments[1]}/${segments[2]}`;
      rest = segments.slice(3);
    } else {
      throw new NotFoundPage();
    }
    if (!this.#discovery.hasGroupVersion(gv)) {
      throw new NotFoundPage();
    }
    if (rest.length === 0) {
      return 'discovery';
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const type = this.#discovery.find(gv, rest[0]);
    if (!type || rest.length > 2 || (namespace && !type.namespaced)) {
      throw new NotFoundPage();
    }
    if (!namespace && type.namespaced && rest.length === 2) {
      throw new NotFoundPage();
    }
    return { type, namespace, name: rest[1] };
  }

  #list(
    type: ResourceType,
    namespace: string | undefined,
    params: URLSearchParams,
  ) {
    const selector = parseLabelSelector(params.get('labelSelector') ?? '');
    const limit = Number(params.get('limit') ?? 0);
    if (!Number.isInteger(limit) || limit < 0) {
      throw badRequest(`invalid limit: ${params.get('limit')}`);
    }
    const start = decodeContinue(params.get('continue'));
    const matching = this.#store
      .list(type, namespace)
      .filter(([key]) => start === undefined || key >= start)
      .filter(([, o]) => selector(o.metadata?.labels ?? {}));
    const page = limit ? matching.slice(0, limit) : matching;
    const more = limit > 0 && matching.length > limit;
    return {
      kind: `${type.kind}List`,
      apiVersion: groupVersion(type),
      metadata: {
        resourceVersion: this.#store.resourceVersion,
        ...(more
          ? {
              continue: encodeContinue(
                matching[limit][0],
                this.#store.resourceVersion,
              ),
              remainingItemCount: matching.length - limit,
            }
          : {}),
      },
      // As from the API server: list items carry no apiVersion and kind.
      items: page.map(([, { apiVersion: _a, kind: _k, ...item }]) => item),
    };
  }

  #apply(
    req: http.IncomingMessage,
    url: URL,
    body: string,
    route: Route & { name: string },
  ): [number, unknown] {
    const contentType = (req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (contentType !== 'application/apply-patch+yaml') {
      throw unsupportedMediaType(contentType);
    }
    const fieldManager = url.searchParams.get('fieldManager');
    if (!fieldManager) {
      throw badRequest(
        'PATCH, application/apply-patch+yaml: fieldManager is required for apply requests',
      );
    }
    const dryRun = url.searchParams.getAll('dryRun');
    if (dryRun.some(v => v !== 'All')) {
      throw badRequest(
        `Invalid dry run value: ${JSON.stringify(
          dryRun,
        )}: valid values are "All"`,
      );
    }
    const force = url.searchParams.get('force');
    let applied: unknown;
    try {
      applied = parseYaml(body);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
    if (!isObject(applied)) {
      throw badRequest('the body of an apply patch must be an object');
    }
    const { object, created } = this.#store.apply(applied as KubeObject, {
      type: route.type,
      namespace: route.namespace,
      name: route.name,
      fieldManager,
      force: force === 'true',
      dryRun: dryRun.length > 0,
    });
    return [created ? 201 : 200, object];
  }
}

function encodeContinue(start: string, resourceVersion: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'kts1', rv: resourceVersion, start }),
  ).toString('base64url');
}

function decodeContinue(token: string | null): string | undefined {
  if (!token) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed.v === 'kts1' && typeof parsed.start === 'string') {
      return parsed.start;
    }
  } catch {
    // answered below
  }
  throw badRequest(`continue key is not valid: ${token}`);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
