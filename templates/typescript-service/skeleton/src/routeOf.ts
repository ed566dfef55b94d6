import type { FastifyRequest } from 'fastify';

const kRoute = Symbol('route pattern');

type RequestWithRoute = FastifyRequest & { [kRoute]?: string | null };

/**
 * The route pattern a request matched (`/v1/greetings/:id`), or undefined when it
 * matched none. Fastify's `request.routeOptions` builds a new object of a dozen
 * fields on every read; the metrics, the span and the access-log line each need
 * the pattern, so it is read once per request and kept on the request.
 */
export function routeOf(request: FastifyRequest): string | undefined {
  const withRoute = request as RequestWithRoute;
  let route = withRoute[kRoute];
  if (route === undefined) {
    route = request.routeOptions.url ?? null;
    withRoute[kRoute] = route;
  }
  return route ?? undefined;
}
