/**
 * The floor of the generated service's telemetry (issue 15): each component
 * measured alone, in a loop, on the service's own modules and dependencies and on
 * the Node.js it runs on. A request cannot cost less telemetry than the sum of
 * the components it uses; a missed target is explained against these figures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Runs in the rendered and built service's directory (CommonJS, its node_modules). */
const FLOOR_SCRIPT = `
const fs = require('node:fs');
const { context, trace, ROOT_CONTEXT, SpanKind } = require('@opentelemetry/api');
const { NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace-node');
const { ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { createLogger } = require('./dist/logger');
const { BatchingDestination } = require('./dist/logDestination');
const { createMetrics } = require('./dist/metrics');
const { BoundedBatchSpanProcessor } = require('./dist/spanQueue');
const { kTraceBound, RequestLogger } = require('./dist/requestLogger');

/** CPU µs per call: median of 7 runs of n calls, after a warm-up run. */
async function perCall(n, fn) {
  const runs = [];
  for (let run = 0; run < 8; run++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) { const r = fn(i); if (r !== undefined && typeof r.then === 'function') await r; }
    const used = process.cpuUsage(start);
    if (run > 0) runs.push((used.user + used.system) / n);
  }
  return runs.sort((a, b) => a - b)[3];
}

function tracerWith(ratio, kept) {
  // The service's own export queue; what it hands over (spans, or since 1.6.0 encoded batches) is accepted and dropped.
  const exporter = { export(batch, done) { done({ code: 0 }); }, shutdown: async () => {} };
  // A copy of the first 512 finished spans, for the serialisation figures.
  const keep = { onStart() {}, onEnd(span) { if (kept.length < 512) kept.push(span); }, forceFlush: async () => {}, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: [new BoundedBatchSpanProcessor(exporter), keep],
  });
  return provider.getTracer('floor');
}

(async () => {
  const floor = {};
  // Context propagation: a request-like async function (two awaits) inside context.with, minus the same without.
  const provider = new NodeTracerProvider();
  provider.register();
  const span = trace.getTracer('floor').startSpan('x');
  const ctx = trace.setSpan(ROOT_CONTEXT, span);
  const work = async () => { await null; await null; };
  const bare = await perCall(200000, work);
  const propagated = await perCall(200000, () => context.with(ctx, work));
  floor.context = propagated - bare;

  const exported = [];
  const recorded = tracerWith(1, exported);
  const attributes = { 'http.request.method': 'POST', 'url.path': '/v1/greetings', 'url.scheme': 'http', 'client.address': '127.0.0.1', 'http.response.status_code': 201 };
  floor.span = await perCall(100000, () => {
    const s = recorded.startSpan('POST', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    s.setAttributes(attributes);
    s.updateName('POST /v1/greetings');
    s.setAttribute('http.route', '/v1/greetings');
    s.end();
  });
  const notRecorded = tracerWith(0, []);
  floor.unsampled = await perCall(200000, () => {
    const s = notRecorded.startSpan('POST', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    if (s.isRecording()) s.end();
  });
  await new Promise(resolve => setTimeout(resolve, 1500));
  const batch = exported.slice(0, 512);
  floor.sdkSerialize = (await perCall(50, () => ProtobufTraceSerializer.serializeRequest(batch))) / batch.length;
  // Since template 1.6.0 each span is encoded when it ends (otlpEncoding.ts); older releases have no such module.
  let encoding;
  try { encoding = require('./dist/otlpEncoding'); } catch { encoding = undefined; }
  floor.encodedAtEnd = Boolean(encoding);
  if (encoding) {
    const writer = new encoding.ProtoWriter();
    floor.serialize = (await perCall(50, () => { writer.pos = 0; for (const s of batch) encoding.writeSpan(writer, s); })) / batch.length;
  } else {
    floor.serialize = floor.sdkSerialize;
  }

  const file = process.argv[2];
  const destination = new BatchingDestination(fs.openSync(file, 'w'));
  const logger = createLogger({ serviceName: 'floor', serviceVersion: '0.0.0', logLevel: 'info' }, destination);
  const bindings = { request_id: 'c5d0c8a4-9d4b-4e0a-8a8d-1d3f1f0c9e1a', trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', trace_flags: '01' };
  // What the service does since template 1.4.0: a lazy request logger and the access line written directly.
  const jsonBindings = ',"request_id":"' + bindings.request_id + '","trace_id":"' + bindings.trace_id + '","span_id":"' + bindings.span_id + '","trace_flags":"01"';
  floor.requestLogger = await perCall(200000, () => new RequestLogger(logger, bindings, jsonBindings, true));
  const requestLogger = new RequestLogger(logger, bindings, jsonBindings, true);
  // Flushed every 20 lines, as 20 concurrent connections would share a turn of the event loop.
  floor.logLine = await perCall(200000, i => { requestLogger.writeAccessLine('POST', '/v1/greetings', '/v1/greetings', 201, 0.41); if (i % 20 === 19) destination.flushSync(); });
  // The same through pino (template 1.3.0): a child logger per request and pino's line.
  floor.pinoRequestLogger = await perCall(200000, () => logger.child(bindings)[kTraceBound] = true);
  const child = logger.child(bindings);
  child[kTraceBound] = true;
  const line = { method: 'POST', url: '/v1/greetings', route: '/v1/greetings', status_code: 201, duration_ms: 0.41 };
  floor.pinoLogLine = await perCall(200000, i => { child.info(line, 'request completed'); if (i % 20 === 19) destination.flushSync(); });

  const { httpRequestDuration } = createMetrics();
  // The service's own call since template 1.6.2 (requestDurationHistogram.ts: method, route, status code, seconds).
  floor.histogram = await perCall(1000000, () => httpRequestDuration.observe('POST', '/v1/greetings', 201, 0.0004));
  process.stdout.write(JSON.stringify(floor));
  process.exit(0);
})();
`;

/** CPU µs per call of each telemetry component. */
export interface TelemetryFloor {
  /** context.with around a request-like async function, above the same function without it. */
  context: number;
  /** Starting a recorded server span, setting its attributes and name, ending it into the export queue (since 1.6.0 the queue encodes it there). */
  span: number;
  /** Whether `span` already includes the span's encoding (template 1.6.0 and later). */
  encodedAtEnd: boolean;
  /** The sampling decision and ids of a request that is not recorded (no span object). */
  unsampled: number;
  /** OTLP protobuf serialisation per span as the service does it (1.6.0: encoded when the span ends), in a 512-span batch. */
  serialize: number;
  /** The same spans through the OpenTelemetry SDK's serializer, for comparison. */
  sdkSerialize: number;
  /** The request's logger with its trace ids bound (requestLogger.ts: no pino child unless used). */
  requestLogger: number;
  /** One access-log line (requestLogger.ts), written in batches of 20 lines per system call. */
  logLine: number;
  /** For comparison, template 1.3.0's way: a pino child logger per request. */
  pinoRequestLogger: number;
  /** For comparison, the same access-log line through pino. */
  pinoLogLine: number;
  /** One observation of the request-duration histogram. */
  histogram: number;
}

/** Measures the floor in the built service at `serviceDir` with the given node binary. */
export function measureTelemetryFloor(node: string, serviceDir: string, scratchDir: string): TelemetryFloor {
  const script = path.join(serviceDir, 'telemetry-floor.js');
  fs.writeFileSync(script, FLOOR_SCRIPT);
  const output = execFileSync(node, [script, path.join(scratchDir, 'floor.log')], { cwd: serviceDir, encoding: 'utf8' });
  return JSON.parse(output) as TelemetryFloor;
}

/** What a request with all telemetry on cannot go below: every component once, `spans` spans exported. */
export function floorPerRequest(floor: TelemetryFloor, spans: number, sampledFraction = 1): number {
  const recorded = spans * (floor.span + (floor.encodedAtEnd ? 0 : floor.serialize));
  return (
    floor.context +
    sampledFraction * recorded +
    (1 - sampledFraction) * floor.unsampled +
    floor.requestLogger +
    floor.logLine +
    floor.histogram
  );
}
