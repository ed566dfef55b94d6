import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

import { type EncodedSpanGroup, ProtoWriter, writeExportRequest, writeSpan } from '../src/otlpEncoding';

/** Spans of every shape the SDK can record, from two tracers (two instrumentation scopes). */
function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'orders', 'service.owner': 'Team Čeština', 'deployment.replicas': 3 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const http = provider.getTracer('http-server', '1.6.0');
  const db = provider.getTracer('postgres');

  const server = http.startSpan('GET /v1/orders/:id', {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'http.route': '/v1/orders/:id',
      ratio: 0.25,
      negative: -42,
      large: 2 ** 40,
      huge: 2 ** 70,
      flag: true,
      off: false,
      tags: ['a', 'b', 'ü'],
      counts: [1, 2, 3],
      empty: '',
      unicode: 'grüße, 世界, 🚀',
      long: 'x'.repeat(300),
    },
  });
  const parent = trace.setSpan(ROOT_CONTEXT, server);
  const query = db.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, parent);
  query.addEvent('retry', { attempt: 2 });
  query.addEvent('no attributes');
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
  query.end();
  server.end();

  // A caller's context: remote parent, trace state, not-sampled-by-default flags kept as sampled here.
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=1'),
  });
  const linked = http.startSpan('POST /v1/orders', {
    kind: SpanKind.SERVER,
    links: [
      { context: server.spanContext(), attributes: { reason: 'follows' } },
      { context: { traceId: 'ABCDEF0123456789abcdef0123456789', spanId: '0123456789ABCDEF', traceFlags: TraceFlags.NONE, isRemote: true } },
    ],
  }, remote);
  linked.setStatus({ code: SpanStatusCode.OK });
  linked.end();
  context.with(ROOT_CONTEXT, () => {
    http.startSpan('internal').end();
  });
  return exporter.getFinishedSpans();
}

/** Encodes spans the way spanQueue.ts does: each span alone, grouped by resource and scope. */
function encode(spans: ReadableSpan[]): Uint8Array {
  const groups: EncodedSpanGroup[] = [];
  const writers = new Map<ReadableSpan['instrumentationScope'], ProtoWriter>();
  for (const span of spans) {
    let group = groups.find(g => g.resource === span.resource);
    if (group === undefined) {
      group = { resource: span.resource, scopes: [] };
      groups.push(group);
    }
    let writer = writers.get(span.instrumentationScope);
    if (writer === undefined) {
      // Tiny on purpose: the buffer must grow correctly while spans are written.
      writer = new ProtoWriter(8);
      writers.set(span.instrumentationScope, writer);
      group.scopes.push({ scope: span.instrumentationScope, spans: new Uint8Array() });
    }
    writeSpan(writer, span);
  }
  for (const group of groups) {
    for (const entry of group.scopes) {
      entry.spans = writers.get(entry.scope)?.view() ?? new Uint8Array();
    }
  }
  const request = new ProtoWriter(16);
  writeExportRequest(request, groups);
  return request.view();
}

/** What the OpenTelemetry SDK's own exporter would send for these spans. */
function sdkBytes(spans: ReadableSpan[]): Buffer {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) {
    throw new Error('the SDK serializer returned nothing');
  }
  return Buffer.from(bytes);
}

describe('OTLP protobuf encoding', () => {
  it('writes exactly the bytes of the OpenTelemetry SDK serializer for every kind of span', () => {
    const spans = recordSpans();
    expect(spans).toHaveLength(4);
    const ours = Buffer.from(encode(spans));
    const sdk = sdkBytes(spans);
    expect(ours.toString('hex')).toBe(sdk.toString('hex'));
  });

  it('writes the same bytes for spans encoded in separate batches as for one', () => {
    const spans = recordSpans();
    for (const span of spans) {
      expect(Buffer.from(encode([span])).equals(sdkBytes([span]))).toBe(true);
    }
  });

  it('encodes varints of every size, negative ones in ten bytes (int64 two\'s complement)', () => {
    /** The definition, on BigInt: 7 bits at a time, low first, the high bit set on all but the last byte. */
    const reference = (value: number) => {
      let v = BigInt.asUintN(64, BigInt(value));
      const bytes: number[] = [];
      do {
        const low = Number(v & 0x7fn);
        v >>= 7n;
        bytes.push(v > 0n ? low | 0x80 : low);
      } while (v > 0n);
      return Buffer.from(bytes).toString('hex');
    };
    for (const value of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, 2 ** 53 - 1, -1, -300, -(2 ** 32), -(2 ** 40) - 7]) {
      const writer = new ProtoWriter(1);
      writer.varint(value);
      expect([value, Buffer.from(writer.view()).toString('hex')]).toEqual([value, reference(value)]);
    }
    expect(reference(-1)).toHaveLength(20);
  });

  it('moves a message when its length needs more than one byte', () => {
    const writer = new ProtoWriter(4);
    const at = writer.beginLength();
    writer.string('y'.repeat(200));
    writer.endLength(at);
    const bytes = Buffer.from(writer.view());
    // Outer length 202 (0xca 0x01), inner string length 200 (0xc8 0x01), then the 200 characters.
    expect(bytes.subarray(0, 4).toString('hex')).toBe('ca01c801');
    expect(bytes).toHaveLength(4 + 200);
  });
});
