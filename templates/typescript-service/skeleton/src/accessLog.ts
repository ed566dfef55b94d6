import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

import { RequestLogger } from './requestLogger';
import { routeOf } from './routeOf';

/** The URL without its query string, which may carry tokens and never reaches the log. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Writes one access-log line per request, once the response has gone out.
 * Fastify's default writes two (`incoming request` and `request completed`);
 * every line costs serialisation and a write on the request path, and the
 * second one carries everything the first did.
 */
export class AccessLogController extends LogController {
  /** @param quietPaths paths (without query string) that are never logged, e.g. probes. */
  constructor(quietPaths: ReadonlySet<string>) {
    super({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: request => quietPaths.has(pathOf(request.url)),
    });
  }

  override incomingRequest(): void {
    // Folded into the line written by requestCompleted.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) {
      return;
    }
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
      return;
    }
    const path = pathOf(request.url);
    const log: unknown = request.log;
    if (log instanceof RequestLogger) {
      // The common case: one line, written without building a child logger (requestLogger.ts).
      log.writeAccessLine(request.method, path, routeOf(request), reply.statusCode, reply.elapsedTime);
      return;
    }
    // Flat fields rather than fastify's req/res serialisers: fewer instructions per
    // line, and nothing for the redaction paths to scan.
    reply.log.info(
      {
        method: request.method,
        url: path,
        route: routeOf(request),
        status_code: reply.statusCode,
        duration_ms: reply.elapsedTime,
      },
      'request completed',
    );
  }
}
