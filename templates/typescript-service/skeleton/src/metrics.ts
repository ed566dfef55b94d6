import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

import { RequestDurationHistogram } from './requestDurationHistogram';
import { routeOf } from './routeOf';
import type { SpanQueueStats } from './spanQueue';

/** Bucket bounds in seconds; 0.25 is the latency SLO threshold used by the alerts. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Label for requests that matched no route, so unknown URLs cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface Metrics {
  registry: Registry;
  httpRequestDuration: RequestDurationHistogram;
}

export interface MetricsOptions {
  /** The span export queue's counters (telemetry.ts), read at each scrape. */
  spanQueueStats?: () => SpanQueueStats;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { spanQueueStats } = options;
  if (spanQueueStats !== undefined) {
    new Counter({
      name: 'otel_spans_exported_total',
      help: 'Spans the collector accepted.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(spanQueueStats().exported);
      },
    });
    new Counter({
      name: 'otel_spans_dropped_total',
      help: 'Spans dropped instead of blocking requests: queue_full (collector slow or down), export_failed (collector refused or unreachable).',
      labelNames: ['reason'] as const,
      registers: [registry],
      collect() {
        const { dropped } = spanQueueStats();
        this.reset();
        this.inc({ reason: 'queue_full' }, dropped.queue_full);
        this.inc({ reason: 'export_failed' }, dropped.export_failed);
      },
    });
  }
  const httpRequestDuration = new RequestDurationHistogram(
    'http_request_duration_seconds',
    'Duration of HTTP requests in seconds, by method, route pattern and status code.',
    DURATION_BUCKETS,
    [registry],
  );
  return { registry, httpRequestDuration };
}

/** Records every response in the histogram and serves the registry on GET /metrics. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestDuration.observe(
      request.method,
      // The route pattern (/v1/greetings/:id), never the raw URL.
      routeOf(request) ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
