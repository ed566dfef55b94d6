import type { IncomingMessage } from 'node:http';

import {
  type Context,
  context,
  isSpanContextValid,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';

import { LinkedContext } from './requestContext';
import { RequestLogger, traceFlagsHex } from './requestLogger';
import { routeOf } from './routeOf';

const tracer = trace.getTracer('http-server');

const kTrace = Symbol('request trace');

interface RequestTrace {
  span: Span;
  context: Context;
}

type TracedRequest = IncomingMessage & { [kTrace]?: RequestTrace };

/**
 * Starts the trace of a request before fastify's hooks run. The caller's W3C
 * `traceparent` is honoured: its sampled flag decides (parent-based sampler),
 * and a request that is not sampled gets no span object at all, only the
 * propagated (or a new) trace id, so its log lines still lead to the trace.
 */
function startRequestTrace(raw: TracedRequest, quietPaths: ReadonlySet<string>): RequestTrace | undefined {
  const url = raw.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (quietPaths.has(path)) {
    return undefined;
  }
  const parent = raw.headers.traceparent === undefined ? LinkedContext.EMPTY : propagation.extract(LinkedContext.EMPTY, raw.headers);
  // Named by method until the route is known (onResponse renames it to `POST /v1/greetings`);
  // attributes are set there too, only on spans that are recorded.
  const span = tracer.startSpan(raw.method ?? 'HTTP', { kind: SpanKind.SERVER }, parent);
  // Tracing off (OTEL_SDK_DISABLED=true): the no-op tracer's span has no ids; nothing to carry.
  if (!isSpanContextValid(span.spanContext())) {
    return undefined;
  }
  const requestTrace = { span, context: trace.setSpan(parent, span) };
  raw[kTrace] = requestTrace;
  if (span.isRecording()) {
    raw.on('close', endAbortedSpan);
  }
  return requestTrace;
}

/**
 * fastify's `childLoggerFactory`: fastify calls it first for every request, so
 * the trace starts here and its ids are bound to the request's logger once,
 * instead of being looked up again for every line the request writes. The
 * logger is a {@link RequestLogger}: its pino child is built only if the
 * request writes more than its access-log line.
 */
export function tracingChildLoggerFactory(quietPaths: ReadonlySet<string>) {
  return function childLoggerFactory(
    logger: FastifyBaseLogger,
    bindings: Record<string, unknown>,
    options: object,
    raw: IncomingMessage,
  ): FastifyBaseLogger {
    // A route's own log level or serialisers: an ordinary child (rare, not worth a fast path).
    if (Object.keys(options).length > 0) {
      return logger.child(bindings, options);
    }
    const requestId = JSON.stringify(bindings.request_id);
    const spanContext = startRequestTrace(raw, quietPaths)?.span.spanContext();
    if (spanContext === undefined) {
      return new RequestLogger(logger, bindings, `,"request_id":${requestId}`, false);
    }
    const traceFlags = traceFlagsHex(spanContext);
    return new RequestLogger(
      logger,
      bindings,
      // Trace and span ids are hexadecimal (isSpanContextValid checked them): nothing to escape.
      `,"request_id":${requestId},"trace_id":"${spanContext.traceId}","span_id":"${spanContext.spanId}","trace_flags":"${traceFlags}"`,
      true,
      spanContext,
    );
  };
}

function traceOf(request: FastifyRequest): RequestTrace | undefined {
  return (request.raw as TracedRequest)[kTrace];
}

/**
 * Ends a recorded span whose client went away before the response was sent
 * (fastify's onRequestAbort does the same check, but as a hook it would add a
 * `close` listener and a closure to every request; this one is added only to
 * requests whose span is recorded, and is one shared function).
 */
function endAbortedSpan(this: TracedRequest): void {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- what fastify's onRequestAbort checks
  if (this.aborted) {
    const span = this[kTrace]?.span;
    span?.setAttribute('error.type', 'aborted');
    span?.end();
  }
}

/**
 * Runs each request's hooks and handler inside its trace context (so manual
 * spans, outgoing calls and queries become its children) and ends its span
 * with the route and status once the response has gone out.
 *
 * One context entry per request, in the first hook: fastify's body parser
 * carries the async context over to a body that arrives in later packets
 * (an AsyncResource), so the hooks and handler after it run in the request's
 * context too (test/requestTracing.test.ts sends a body in two packets).
 */
export function registerRequestTracing(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const requestTrace = traceOf(request);
    if (requestTrace === undefined) {
      done();
      return;
    }
    context.with(requestTrace.context, done);
  });

  app.addHook('onError', (request, _reply, error, done) => {
    const span = traceOf(request)?.span;
    if (span?.isRecording() === true) {
      span.recordException(error);
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const span = traceOf(request)?.span;
    if (span?.isRecording() === true) {
      const route = routeOf(request);
      const query = request.url.indexOf('?');
      span.setAttributes({
        'http.request.method': request.method,
        // Without the query string, which may carry tokens.
        'url.path': query === -1 ? request.url : request.url.slice(0, query),
        'url.scheme': request.protocol,
        'client.address': request.ip,
        'http.response.status_code': reply.statusCode,
      });
      if (route !== undefined) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      if (reply.statusCode >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    done();
  });
}
