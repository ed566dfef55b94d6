import type { FastifyRequest } from 'fastify';

import { routeOf } from '../src/routeOf';

/** A request whose `routeOptions` counts its reads (fastify builds a new object on each). */
function requestFor(url: string | undefined): { request: FastifyRequest; reads: () => number } {
  let reads = 0;
  const request = {
    get routeOptions() {
      reads += 1;
      return { url };
    },
  };
  return { request: request as unknown as FastifyRequest, reads: () => reads };
}

describe('routeOf', () => {
  it('gives the matched route pattern, reading fastify’s route options once per request', () => {
    const { request, reads } = requestFor('/v1/greetings/:id');
    expect([routeOf(request), routeOf(request), routeOf(request)]).toEqual(['/v1/greetings/:id', '/v1/greetings/:id', '/v1/greetings/:id']);
    expect(reads()).toBe(1);
  });

  it('gives undefined for a request no route matched, also once', () => {
    const { request, reads } = requestFor(undefined);
    expect([routeOf(request), routeOf(request)]).toEqual([undefined, undefined]);
    expect(reads()).toBe(1);
  });
});
