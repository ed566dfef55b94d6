/**
 * The servers the generated service is measured against (issues 3 and 15), all
 * built at bench time from the descriptions here, nothing of theirs committed:
 * bare fastify with the same routes; the same generated service instrumented the
 * way most teams do it (OpenTelemetry's Node SDK with the auto-instrumentations'
 * defaults); and Red Hat Developer Hub's `nodejs-backend` software template.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The service's no-I/O route on a fastify instance named `fastify`: the same validation and answer. */
const GREETING_POST_ROUTE = `
fastify.post('/v1/greetings', { schema: { body: { type: 'object', additionalProperties: false, required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } } } },
  async (req, reply) => reply.code(201).send({ name: req.body.name, message: 'Hello, ' + req.body.name + '!' }));`;

/**
 * The service's database route on `fastify` (same validation, query and response schema), the
 * query run by the expression `query` over `text` and `values`, e.g. `pool.query(text, values)`.
 */
const greetingReadRoute = (query: string) => `
fastify.get('/v1/greetings/:id', { schema: { params: { type: 'object', required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } } }, response: { 200: { type: 'object', required: ['name', 'message'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' } } } } } },
  async (req, reply) => {
    const text = 'select id, name, message, created_at from greetings where id = $1';
    const values = [req.params.id];
    const { rows } = await ${query};
    if (rows.length === 0) return reply.code(404).send({ statusCode: 404 });
    const row = rows[0];
    return { id: row.id, name: row.name, message: row.message, createdAt: row.created_at.toISOString() };
  });`;

/** Bare fastify with the same routes and validation, and no observability. */
export const BARE_SERVER = `
const fastify = require('fastify')({ logger: false });
fastify.get('/healthz', async () => ({ status: 'ok' }));
${GREETING_POST_ROUTE}
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/**
 * The in-place floor: bare fastify's routes with the service's telemetry written by hand in
 * two hooks, the least a request can do for the same output. Ids and the parent-based ratio
 * decision, the context entered once (the API's AsyncLocalStorage manager, W3C `traceparent`
 * honoured), a recorded span as a plain object encoded when it ends by the service's own export
 * queue (spanQueue.ts, otlpEncoding.ts, otlpExporter.ts), the service's access-log line (its
 * fields and request id, all but the `version` binding) through its log destination, and one
 * observation of its histogram.
 * No SDK tracer, no logger plumbing, no spans for requests not recorded. It runs in the built
 * service's directory (its dist/ and node_modules); what the service costs above it is plumbing,
 * not telemetry. Its routes are bare fastify's: the no-I/O route, and with DATABASE_URL the database
 * route of BARE_DATABASE_SERVER, its query recorded as a child span by hand.
 *
 * `HANDMADE_PARTS` (comma-separated) builds it up part by part, each step adding one: `hooks` (the
 * two hooks, empty), `log` (the access line, with a request id), `metrics` (the histogram),
 * `context` (ids, the sampling decision, the context entered), `spans` (sampled requests
 * recorded and exported); so the cost of each part in place is the difference between neighbours.
 */
export const HANDMADE_TELEMETRY_SERVER = `
const crypto = require('node:crypto');
const { context, propagation, trace, SpanKind, SpanStatusCode, TraceFlags } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BoundedBatchSpanProcessor } = require('./dist/spanQueue');
const { createOtlpSpanExporter } = require('./dist/otlpExporter');
const { BatchingDestination } = require('./dist/logDestination');
const { createMetrics } = require('./dist/metrics');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const queue = new BoundedBatchSpanProcessor(createOtlpSpanExporter(process.env.OTEL_EXPORTER_OTLP_ENDPOINT + '/v1/traces'));
const resource = resourceFromAttributes({ 'service.name': 'rps-service' });
const scope = { name: 'http-server' };
const ratio = Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? '1');
const out = new BatchingDestination(1);
const { httpRequestDuration } = createMetrics();
const parts = new Set((process.env.HANDMADE_PARTS ?? 'hooks,log,metrics,context,spans').split(','));
const [logs, observes, traces, records] = ['log', 'metrics', 'context', 'spans'].map(part => parts.has(part));
const UNTRACED = { traceId: '', spanId: '', traceFlags: 0 };

let pool = Buffer.alloc(0);
let at = 0;
function randomHex(bytes) {
  if (at + bytes > pool.length) { pool = crypto.randomBytes(4096); at = 0; }
  at += bytes;
  return pool.toString('hex', at - bytes, at);
}
const hrTime = ms => { const s = Math.floor(ms / 1000); return [s, Math.round((ms - s * 1000) * 1e6)]; };
const EMPTY = Object.freeze([]);
/** A recorded span: the fields the export queue reads, set in the hooks. */
class RecordedSpan {
  constructor(spanContext, parent) {
    this.ctx = spanContext; this.parentSpanContext = parent; this.name = 'POST'; this.kind = SpanKind.SERVER;
    this.start = performance.timeOrigin + performance.now(); this.end = 0; this.attributes = {};
    this.events = EMPTY; this.links = EMPTY; this.status = { code: SpanStatusCode.UNSET }; this.resource = resource;
    this.instrumentationScope = scope; this.droppedAttributesCount = 0; this.droppedEventsCount = 0; this.droppedLinksCount = 0;
  }
  spanContext() { return this.ctx; }
  isRecording() { return this.end === 0; }
  get startTime() { return hrTime(this.start); }
  get endTime() { return hrTime(this.end); }
}
const databaseUrl = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined;
const dbAttributes = databaseUrl && { 'db.system.name': 'postgresql', 'db.namespace': databaseUrl.pathname.slice(1),
  'server.address': databaseUrl.hostname, 'server.port': Number(databaseUrl.port || 5432) };
/** A query span by hand: a child of the request's span, recorded when it is. */
async function tracedQuery(pool, text, values) {
  const parent = trace.getSpan(context.active());
  if (parent === undefined || !parent.isRecording()) return pool.query(text, values);
  const span = new RecordedSpan({ traceId: parent.ctx.traceId, spanId: randomHex(8), traceFlags: TraceFlags.SAMPLED }, parent.ctx);
  span.name = 'SELECT greetings';
  span.kind = SpanKind.CLIENT;
  span.attributes = { ...dbAttributes, 'db.operation.name': 'SELECT', 'db.collection.name': 'greetings', 'db.query.text': text };
  try {
    return await pool.query(text, values);
  } finally {
    span.end = performance.timeOrigin + performance.now();
    queue.onEnd(span);
  }
}
class NotRecorded {
  constructor(spanContext) { this.ctx = spanContext; }
  spanContext() { return this.ctx; }
  isRecording() { return false; }
}
const kTelemetry = Symbol('telemetry');
const fastify = require('fastify')({ logger: false });
fastify.addHook('onRequest', (request, reply, done) => {
  const requestId = logs ? crypto.randomUUID() : '';
  if (!traces) { request[kTelemetry] = { span: new NotRecorded(UNTRACED), requestId }; done(); return; }
  const parent = request.headers.traceparent === undefined ? undefined : trace.getSpanContext(propagation.extract(context.active(), request.headers));
  const traceId = parent?.traceId ?? randomHex(16);
  const sampled = parent === undefined ? ratio >= 1 || parseInt(traceId.slice(24), 16) < ratio * 0x100000000 : (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
  const spanContext = { traceId, spanId: randomHex(8), traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, traceState: parent?.traceState };
  const span = sampled && records ? new RecordedSpan(spanContext, parent) : new NotRecorded(spanContext);
  request[kTelemetry] = { span, requestId };
  context.with(trace.setSpan(context.active(), span), done);
});
fastify.addHook('onResponse', (request, reply, done) => {
  const { span, requestId } = request[kTelemetry];
  const route = request.routeOptions.url;
  const query = request.url.indexOf('?');
  const path = query === -1 ? request.url : request.url.slice(0, query);
  const status = reply.statusCode;
  const ms = reply.elapsedTime;
  if (span.isRecording()) {
    span.name = request.method + ' ' + route;
    span.attributes['http.request.method'] = request.method;
    span.attributes['url.path'] = path;
    span.attributes['url.scheme'] = 'http';
    span.attributes['client.address'] = request.ip;
    span.attributes['http.response.status_code'] = status;
    span.attributes['http.route'] = route;
    span.end = performance.timeOrigin + performance.now();
    queue.onEnd(span);
  }
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (logs) out.write('{"level":"info","time":"' + new Date().toISOString() + '","service":"rps-service","request_id":"' + requestId +
    '","trace_id":"' + traceId + '","span_id":"' + spanId + '","trace_flags":"0' + traceFlags + '","method":"' + request.method +
    '","url":' + JSON.stringify(path) + ',"route":"' + route + '","status_code":' + status + ',"duration_ms":' + ms + ',"msg":"request completed"}\\n');
  if (observes) httpRequestDuration.observe(request.method, route, status, ms / 1000);
  done();
});
fastify.get('/healthz', async () => ({ status: 'ok' }));
if (process.env.DATABASE_URL) {
  // The database route of BARE_DATABASE_SERVER, its query recorded as a span.
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  ${greetingReadRoute('tracedQuery(pool, text, values)')}
}
${GREETING_POST_ROUTE}
process.on('SIGTERM', () => queue.shutdown().finally(() => process.exit(0)));
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/** Bare fastify with the database route of the service: same validation, query, pool size and response schema. */
export const BARE_DATABASE_SERVER = `
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const fastify = require('fastify')({ logger: false });
fastify.get('/healthz', async () => ({ status: 'ok' }));
${greetingReadRoute('pool.query(text, values)')}
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/**
 * The common way, as OpenTelemetry's getting-started guide for Node.js has it:
 * `@opentelemetry/sdk-node` with `getNodeAutoInstrumentations()` and every default
 * (OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, parent-based always-on sampling).
 * The versions are the newest of the OpenTelemetry release the service itself uses
 * (API 1.9, SDK 2.12 / 0.223; the next release needs API 1.10).
 */
const COMMON_WAY_PACKAGES = ['@opentelemetry/sdk-node@0.223.0', '@opentelemetry/auto-instrumentations-node@0.81.2'];

/** Replaces the service's dist/telemetry.js: the same exports, the common way inside. */
const COMMON_WAY_TELEMETRY = `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const sdk = new NodeSDK({ serviceName: process.env.OTEL_SERVICE_NAME || 'rps-service', instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
let stopping;
exports.shutdownTelemetry = () => (stopping ??= sdk.shutdown());
exports.spanQueueStats = () => ({ exported: 0, dropped: { queue_full: 0, export_failed: 0 } });
exports.onSpansDropped = () => {};
`;

/** Replaces the service's dist/requestTracing.js: no request spans of its own (the http instrumentation makes them). */
const COMMON_WAY_REQUEST_TRACING = `
exports.kTraceBound = Symbol('trace ids bound');
exports.tracingChildLoggerFactory = () => (logger, bindings, options) => logger.child(bindings, options);
exports.registerRequestTracing = () => {};
`;

/**
 * Copies the built service to `target` and instruments the copy the common way
 * instead of with its own telemetry; metrics, access log and routes stay as they are.
 */
export function prepareCommonWayService(service: string, target: string): void {
  fs.cpSync(service, target, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...COMMON_WAY_PACKAGES], { cwd: target, stdio: 'inherit' });
  fs.writeFileSync(path.join(target, 'dist/telemetry.js'), COMMON_WAY_TELEMETRY);
  fs.writeFileSync(path.join(target, 'dist/requestTracing.js'), COMMON_WAY_REQUEST_TRACING);
}

/**
 * Red Hat Developer Hub's `nodejs-backend` template
 * (redhat-developer/red-hat-developer-hub-software-templates, templates/github/nodejs-backend):
 * Express `~4.19.2`, JSON and urlencoded body parsers, a router answering `GET /` with
 * `Hello World!`, no logging, metrics or tracing. Its build bundles src/index.ts with
 * esbuild into one file; here the same code runs unbundled.
 */
const RHDH_NODEJS_BACKEND = `
const express = require('express')
const app = express()
const router = express.Router()

app.use(express.json())
app.use(express.urlencoded({ extended: false }))

router.get('/', function (req, res) {
  res.send('Hello World!')
})

app.use('/', router)

const listenPort = process.env.PORT || 7007;

app.listen(listenPort)
console.log(\`Running at port \${listenPort}\`)
`;

/** Builds RHDH's nodejs-backend skeleton in `target`; its one route is `GET /`. */
export function prepareRhdhNodejsBackend(target: string): void {
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({ name: 'rhdh-nodejs-backend', version: '1.0.0', private: true, scripts: { start: 'node index.js' } }, null, 2),
  );
  fs.writeFileSync(path.join(target, 'index.js'), RHDH_NODEJS_BACKEND);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'express@~4.19.2'], { cwd: target, stdio: 'inherit' });
}
