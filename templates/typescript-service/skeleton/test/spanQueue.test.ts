import { ExportResultCode } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

import {
  BoundedBatchSpanProcessor,
  DEFAULT_SPAN_QUEUE_OPTIONS,
  type DropReason,
  type EncodedSpanBatch,
  type EncodedSpanExporter,
} from '../src/spanQueue';

/** An exporter that records batches and answers when told to (or never, like a collector that hangs). */
class ControlledExporter implements EncodedSpanExporter {
  readonly batches: EncodedSpanBatch[] = [];
  private pending: ((ok: boolean) => void)[] = [];

  export(batch: EncodedSpanBatch, done: (result: { code: ExportResultCode }) => void): void {
    this.batches.push(batch);
    this.pending.push(ok => {
      done({ code: ok ? ExportResultCode.SUCCESS : ExportResultCode.FAILED });
    });
  }

  answer(ok: boolean): void {
    for (const respond of this.pending.splice(0)) {
      respond(ok);
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setUp(options: Partial<typeof DEFAULT_SPAN_QUEUE_OPTIONS> = {}) {
  const exporter = new ControlledExporter();
  const queue = new BoundedBatchSpanProcessor(exporter, {
    ...DEFAULT_SPAN_QUEUE_OPTIONS,
    maxQueueSize: 8,
    maxBatchSize: 4,
    scheduledDelayMs: 20,
    ...options,
  });
  const drops: [number, DropReason][] = [];
  queue.onDrop((dropped, reason) => drops.push([dropped, reason]));
  // The same spans also go to an in-memory exporter, to compare what was sent with the SDK's own encoding.
  const recorded = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [queue, new SimpleSpanProcessor(recorded)] });
  const tracer = provider.getTracer('test');
  const endSpans = (count: number, name = 'span') => {
    for (let i = 0; i < count; i++) {
      tracer.startSpan(`${name} ${String(i)}`).end();
    }
  };
  return { exporter, queue, drops, endSpans, recorded, provider };
}

/** What the OpenTelemetry SDK's own exporter would send for these spans. */
function sdkBytes(spans: ReadableSpan[]): Buffer {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) {
    throw new Error('the SDK serializer returned nothing');
  }
  return Buffer.from(bytes);
}

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('BoundedBatchSpanProcessor', () => {
  it('exports full batches at once and the rest after the scheduled delay, encoded as the SDK encodes them', async () => {
    const { exporter, queue, endSpans, recorded } = setUp();
    endSpans(5);
    expect(exporter.batches.map(b => b.spans)).toEqual([4]);
    exporter.answer(true);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(exporter.batches.map(b => b.spans)).toEqual([4, 1]);
    const spans = recorded.getFinishedSpans();
    expect(Buffer.from(exporter.batches[0]?.request ?? [])).toEqual(sdkBytes(spans.slice(0, 4)));
    expect(Buffer.from(exporter.batches[1]?.request ?? [])).toEqual(sdkBytes(spans.slice(4)));
    exporter.answer(true);
    await tick();
    expect(queue.stats).toEqual({ exported: 5, dropped: { queue_full: 0, export_failed: 0 } });
  });

  it('drops and counts spans once the queue is full instead of holding more, and reports them once', async () => {
    const { exporter, queue, drops, endSpans } = setUp();
    // One batch in flight that never answers: the collector hangs.
    endSpans(4 + 8 + 100);
    expect(exporter.batches).toHaveLength(1);
    expect(queue.stats.dropped.queue_full).toBe(100);
    exporter.answer(false);
    await tick();
    expect(queue.stats.dropped.export_failed).toBe(4);
    expect(drops).toEqual([
      [100, 'queue_full'],
      [4, 'export_failed'],
    ]);
  });

  it('gives up flushing on shutdown when the collector does not answer, counting what is lost', async () => {
    const { queue, endSpans } = setUp({ shutdownFlushMs: 50 });
    endSpans(6);
    const started = Date.now();
    await queue.shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(queue.stats.dropped.export_failed).toBe(2);
  });

  it('sends every span that waited while an export was in flight in the next request, grouped by scope', async () => {
    const { exporter, queue, provider, recorded } = setUp({ maxBatchSize: 2, maxQueueSize: 100 });
    const a = provider.getTracer('a');
    const b = provider.getTracer('b', '2.0.0');
    a.startSpan('a1').end();
    a.startSpan('a2').end();
    expect(exporter.batches.map(x => x.spans)).toEqual([2]);
    // The collector has not answered: these wait, interleaved between two scopes.
    b.startSpan('b1').end();
    a.startSpan('a3').end();
    b.startSpan('b2').end();
    exporter.answer(true);
    await tick();
    expect(exporter.batches.map(x => x.spans)).toEqual([2, 3]);
    const waited = recorded.getFinishedSpans().slice(2);
    // The SDK groups by scope in order of first appearance: b1, b2, then a3.
    expect(Buffer.from(exporter.batches[1]?.request ?? [])).toEqual(sdkBytes(waited));
    exporter.answer(true);
    await tick();
    expect(queue.stats.exported).toBe(5);
  });

  it('bounds the bytes waiting as well as the spans: spans with huge attributes are dropped, not held', () => {
    const { exporter, queue, provider } = setUp({ maxBatchSize: 100, maxQueueSize: 100, maxQueueBytes: 10_000 });
    const tracer = provider.getTracer('big');
    for (let i = 0; i < 10; i++) {
      tracer.startSpan('big', { attributes: { 'db.query.text': 'x'.repeat(4_000) } }).end();
    }
    // 4 KB each: the third one finds 8 KB waiting (under 10 KB) and is taken; the rest are dropped.
    expect(exporter.batches).toHaveLength(0);
    expect(queue.stats.dropped.queue_full).toBe(7);
  });

  it('ignores spans that are not sampled', () => {
    const exporter = new ControlledExporter();
    const queue = new BoundedBatchSpanProcessor(exporter);
    const span = { spanContext: () => ({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 0 }) };
    queue.onEnd(span as unknown as ReadableSpan);
    expect(queue.stats).toEqual({ exported: 0, dropped: { queue_full: 0, export_failed: 0 } });
  });
});
