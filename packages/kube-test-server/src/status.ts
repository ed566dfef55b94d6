import { qualifiedKind, qualifiedResource, ResourceType } from './resources';

/** One cause of a failed request, as in a Kubernetes `Status`. @public */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** A Kubernetes `meta/v1` `Status` object describing a failure. @public */
export interface KubernetesStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
  };
  code: number;
}

/** An error the server answers with a `Status` body. */
export class StatusError extends Error {
  constructor(readonly status: KubernetesStatus) {
    super(status.message);
  }
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubernetesStatus['details'],
): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

function resourceDetails(t: ResourceType, name?: string) {
  return {
    ...(name ? { name } : {}),
    ...(t.group ? { group: t.group } : {}),
    kind: t.plural,
  };
}

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export function forbidden(options: {
  user: string;
  verb: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
}): StatusError {
  const { user, verb, type, namespace, name } = options;
  const subject = `${qualifiedResource(type)}${name ? ` "${name}"` : ''}`;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return failure(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${scope}`,
    resourceDetails(type, name),
  );
}

export const forbiddenPath = (user: string, path: string) =>
  failure(
    403,
    'Forbidden',
    `forbidden: User "${user}" cannot get path "${path}"`,
  );

export const notFound = (type: ResourceType, name: string) =>
  failure(
    404,
    'NotFound',
    `${qualifiedResource(type)} "${name}" not found`,
    resourceDetails(type, name),
  );

export const namespaceNotFound = (namespace: string) =>
  failure(404, 'NotFound', `namespaces "${namespace}" not found`, {
    name: namespace,
    kind: 'namespaces',
  });

export const badRequest = (message: string) =>
  failure(400, 'BadRequest', message);

export const methodNotAllowed = () =>
  failure(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );

export const unsupportedMediaType = (contentType: string) =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format (${
      contentType || 'no Content-Type'
    }) - accepted media types include: application/apply-patch+yaml`,
  );

/** A 422 as the API server words it: `Deployment.apps "x" is invalid: ...` */
export function invalid(
  type: ResourceType,
  name: string,
  causes: StatusCause[],
): StatusError {
  const parts = causes.map(c => `${c.field}: ${c.message}`);
  return failure(
    422,
    'Invalid',
    `${qualifiedKind(type)} "${name}" is invalid: ${
      parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`
    }`,
    {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.kind,
      causes,
    },
  );
}

/** A server-side apply conflict, worded as the API server does. */
export function applyConflict(
  type: ResourceType,
  name: string,
  conflicts: Array<{ manager: string; apiVersion: string; field: string }>,
): StatusError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const key = `"${c.manager}" using ${c.apiVersion}`;
    byManager.set(key, [...(byManager.get(key) ?? []), c.field]);
  }
  const count = conflicts.length;
  const lines = [...byManager].map(([who, fields]) =>
    fields.length === 1
      ? `conflict with ${who}: ${fields[0]}`
      : `conflicts with ${who}:\n${fields.map(f => `- ${f}`).join('\n')}`,
  );
  return failure(
    409,
    'Conflict',
    `Apply failed with ${count} conflict${count === 1 ? '' : 's'}: ${lines.join(
      '\n',
    )}`,
    {
      ...resourceDetails(type, name),
      causes: conflicts.map(c => ({
        reason: 'FieldManagerConflict',
        message: `conflict with "${c.manager}" using ${c.apiVersion}`,
        field: c.field,
      })),
    },
  );
}
