import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';

import { BoundedBatchSpanProcessor, DEFAULT_SPAN_QUEUE_OPTIONS, type DropReason } from '../src/spanQueue';

/** An exporter that records batches and answers when told to (or never, like a collector that hangs). */
class ControlledExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  private pending: ((ok: boolean) => void)[] = [];

  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    this.batches.push(spans);
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
  const tracer = new BasicTracerProvider({ spanProcessors: [queue] }).getTracer('test');
  const endSpans = (count: number) => {
    for (let i = 0; i < count; i++) {
      tracer.startSpan(`span ${String(i)}`).end();
    }
  };
  return { exporter, queue, drops, endSpans };
}

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('BoundedBatchSpanProcessor', () => {
  it('exports full batches at once and the rest after the scheduled delay', async () => {
    const { exporter, queue, endSpans } = setUp();
    endSpans(5);
    expect(exporter.batches.map(b => b.length)).toEqual([4]);
    exporter.answer(true);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(exporter.batches.map(b => b.length)).toEqual([4, 1]);
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

  it('ignores spans that are not sampled', () => {
    const exporter = new ControlledExporter();
    const queue = new BoundedBatchSpanProcessor(exporter);
    const span = { spanContext: () => ({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 0 }) };
    queue.onEnd(span as unknown as ReadableSpan);
    expect(queue.stats).toEqual({ exported: 0, dropped: { queue_full: 0, export_failed: 0 } });
  });
});
