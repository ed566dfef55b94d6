/**
 * Why a request to a cluster failed.
 * @public
 */
export type KubernetesErrorReason =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'namespace-not-found'
  | 'not-found'
  | 'kind-not-served'
  | 'conflict'
  | 'invalid'
  | 'bad-request'
  | 'server-error'
  | 'unsupported-auth'
  | 'config'
  | 'unknown';

/** A `Status` cause from the API server. @public */
export interface KubernetesErrorCause {
  field?: string;
  message?: string;
  reason?: string;
}

/**
 * A failed request to a cluster, with a message that says what happened and
 * what to do about it.
 * @public
 */
export class KubernetesClusterError extends Error {
  readonly name = 'KubernetesClusterError';
  readonly reason: KubernetesErrorReason;
  readonly cluster: string;
  /** HTTP status, when the API server answered. */
  readonly statusCode?: number;
  /** The `Status` causes (422 fields, 409 conflicting fields). */
  readonly causes: KubernetesErrorCause[];

  constructor(options: {
    reason: KubernetesErrorReason;
    cluster: string;
    message: string;
    statusCode?: number;
    causes?: KubernetesErrorCause[];
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.reason = options.reason;
    this.cluster = options.cluster;
    this.statusCode = options.statusCode;
    this.causes = options.causes ?? [];
  }
}

/**
 * What the failed request was doing, for the message.
 *
 * @public
 */
export interface RequestContext {
  cluster: { name: string; url: string };
  /** e.g. `apply`, `list`, `read`. */
  verb: string;
  /** e.g. `Deployment production/orders`, `Deployments (all namespaces)`. */
  target: string;
  namespace?: string;
  timeoutMs?: number;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { kind?: string; name?: string; causes?: KubernetesErrorCause[] };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

function parseStatus(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return parseStatus(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null
    ? (body as StatusBody)
    : undefined;
}

const CONFIG_HINT = 'kubernetes.clusterLocatorMethods in app-config';

/**
 * Turns an error of `@kubernetes/client-node` (an `ApiException` with the
 * API server's `Status`, or a network error from node-fetch) into a
 * {@link KubernetesClusterError} whose message names the cluster, the object
 * and the fix.
 *
 * @public
 */
export function explainKubernetesError(
  error: unknown,
  context: RequestContext,
): KubernetesClusterError {
  if (error instanceof KubernetesClusterError) {
    return error;
  }
  const { cluster, verb, target } = context;
  const at = `cluster '${cluster.name}' at ${cluster.url}`;
  const make = (
    reason: KubernetesErrorReason,
    message: string,
    extra: { statusCode?: number; causes?: KubernetesErrorCause[] } = {},
  ) =>
    new KubernetesClusterError({
      reason,
      cluster: cluster.name,
      message,
      cause: error,
      ...extra,
    });

  const e = error as {
    code?: unknown;
    name?: string;
    type?: string;
    body?: unknown;
    message?: string;
  };
  if (e?.name === 'AbortError' || e?.type === 'aborted') {
    const seconds = context.timeoutMs
      ? ` within ${context.timeoutMs / 1000} s`
      : '';
    return make(
      'timeout',
      `No answer from ${at}${seconds} while trying to ${verb} ${target}. Check that the API server is reachable from the backend.`,
    );
  }
  if (typeof e?.code === 'string') {
    if (NETWORK_CODES[e.code]) {
      return make(
        'unreachable',
        `Cannot reach ${at}: ${NETWORK_CODES[e.code]} (${
          e.code
        }). Check the cluster's url in ${CONFIG_HINT} and that its API server is running and reachable from the backend.`,
      );
    }
    if (TLS_CODES.has(e.code) || /certificate|TLS|SSL/i.test(e.message ?? '')) {
      return make(
        'tls',
        `TLS verification of ${at} failed (${e.code}). Set caData or caFile for cluster '${cluster.name}' in ${CONFIG_HINT} to the cluster's CA certificate.`,
      );
    }
  }
  if (typeof e?.code === 'number') {
    const code = e.code;
    const status = parseStatus(e.body);
    const serverMessage = status?.message ?? String(e.body ?? '').trim();
    const causes = status?.details?.causes ?? [];
    switch (code) {
      case 401:
        return make(
          'unauthorized',
          `${capitalize(
            at,
          )} rejected the portal's credentials (401 Unauthorized): the service account token is missing, invalid or expired. Create a new token for the portal's service account and set serviceAccountToken for cluster '${
            cluster.name
          }' in ${CONFIG_HINT}.`,
          { statusCode: code },
        );
      case 403:
        return make(
          'forbidden',
          `Cluster '${
            cluster.name
          }' does not allow the portal to ${verb} ${target} (403 Forbidden): ${serverMessage}. Grant the portal's service account that permission${
            context.namespace ? ` in namespace '${context.namespace}'` : ''
          } (a Role and RoleBinding), or use a namespace it may ${verb} in.`,
          { statusCode: code },
        );
      case 404:
        if (status?.details?.kind === 'namespaces' && status.details.name) {
          return make(
            'namespace-not-found',
            `Namespace '${status.details.name}' does not exist on cluster '${cluster.name}' (404), so ${target} cannot be applied. Create the namespace first, or apply into an existing one.`,
            { statusCode: code },
          );
        }
        return make(
          'not-found',
          `${capitalize(target)} not found on cluster '${
            cluster.name
          }' (404): ${serverMessage}`,
          { statusCode: code },
        );
      case 409:
        return make(
          'conflict',
          `Cluster '${cluster.name}' refused to ${verb} ${target} (409 Conflict): ${serverMessage}. Another field manager (kubectl, Helm, Argo CD…) owns these fields: change them with that tool, or take them over deliberately with a forced apply.`,
          { statusCode: code, causes },
        );
      case 422:
        return make(
          'invalid',
          `Cluster '${cluster.name}' rejected ${target} as invalid (422): ${
            causes.length
              ? causes.map(c => `${c.field}: ${c.message}`).join('; ')
              : serverMessage
          }`,
          { statusCode: code, causes },
        );
      case 400:
        return make(
          'bad-request',
          `Cluster '${cluster.name}' refused to ${verb} ${target} (400 Bad Request): ${serverMessage}`,
          { statusCode: code },
        );
      default:
        return make(
          code >= 500 ? 'server-error' : 'unknown',
          `Cluster '${cluster.name}' answered ${code} to ${verb} ${target}: ${
            serverMessage || 'no message'
          }`,
          { statusCode: code },
        );
    }
  }
  return make(
    'unknown',
    `Could not ${verb} ${target} on ${at}: ${e?.message ?? String(error)}`,
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1);
}
