import { context, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-node';

export interface SpanQueueOptions {
  /** Spans waiting for export; a span that finds the queue full is dropped, never waited for. */
  maxQueueSize: number;
  /** Spans per OTLP request. */
  maxBatchSize: number;
  /** How long a span may wait for a batch to fill before it is sent anyway. */
  scheduledDelayMs: number;
  /** An export that has not answered by then counts as failed (the exporter's own timeout is the first line). */
  exportTimeoutMs: number;
  /** How long shutdown may spend exporting what is queued; the rest is dropped and counted. */
  shutdownFlushMs: number;
}

export const DEFAULT_SPAN_QUEUE_OPTIONS: SpanQueueOptions = {
  maxQueueSize: 2048,
  maxBatchSize: 512,
  scheduledDelayMs: 1000,
  exportTimeoutMs: 15_000,
  shutdownFlushMs: 5_000,
};

export type DropReason = 'queue_full' | 'export_failed';

export interface SpanQueueStats {
  exported: number;
  dropped: Record<DropReason, number>;
}

/** Told at most once a second per reason, not once per span, so a collector outage costs a few log lines. */
export type DropListener = (dropped: number, reason: DropReason) => void;

/**
 * Batches finished, sampled spans for one exporter, one export in flight at a
 * time. Memory is bounded by `maxQueueSize` plus the batch in flight: when the
 * collector is down or slow the queue fills and further spans are dropped and
 * counted, so a request never waits for telemetry.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  readonly stats: SpanQueueStats = { exported: 0, dropped: { queue_full: 0, export_failed: 0 } };
  private queue: ReadableSpan[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
  private unreported: Record<DropReason, number> = { queue_full: 0, export_failed: 0 };
  private listener: DropListener | undefined;
  private isShutdown = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: SpanQueueOptions = DEFAULT_SPAN_QUEUE_OPTIONS,
  ) {}

  /** Where drops are reported (the service's logger, once it exists). */
  onDrop(listener: DropListener): void {
    this.listener = listener;
  }

  onStart(): void {
    // Nothing to do until the span ends.
  }

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
      return;
    }
    if (this.queue.length >= this.options.maxQueueSize) {
      this.stats.dropped.queue_full++;
      this.unreported.queue_full++;
      // Reported soon, not only when the export in flight (which may be retrying) ends.
      this.reportTimer ??= setTimeout(() => {
        this.reportTimer = undefined;
        this.report();
      }, 1000).unref();
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxBatchSize) {
      void this.exportNext();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.exportNext();
      }, this.options.scheduledDelayMs);
      // A waiting batch does not keep the process alive; shutdown flushes it.
      this.timer.unref();
    }
  }

  /**
   * Exports everything queued, batch by batch, for at most `withinMs`. When an
   * export fails the collector is taken as unreachable and the rest is dropped
   * (counted) rather than tried batch after batch.
   */
  async forceFlush(withinMs: number = this.options.exportTimeoutMs): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>(resolve => {
      timer = setTimeout(() => {
        resolve('deadline');
      }, withinMs);
    });
    try {
      while (this.inFlight !== undefined || this.queue.length > 0) {
        const failedBefore = this.stats.dropped.export_failed;
        if ((await Promise.race([this.inFlight ?? this.exportNext(), deadline])) === 'deadline') {
          break;
        }
        if (this.stats.dropped.export_failed > failedBefore) {
          break;
        }
      }
    } finally {
      clearTimeout(timer);
    }
    this.dropQueued();
    this.report();
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) {
      return;
    }
    await this.forceFlush(this.options.shutdownFlushMs);
    this.isShutdown = true;
    // The exporter waits for an export still in flight; an unreachable collector must not hold up the exit.
    await Promise.race([this.exporter.shutdown(), new Promise(resolve => setTimeout(resolve, 1000).unref())]);
  }

  private dropQueued(): void {
    if (this.queue.length > 0) {
      this.stats.dropped.export_failed += this.queue.length;
      this.unreported.export_failed += this.queue.length;
      this.queue = [];
    }
  }

  private exportNext(): Promise<void> {
    if (this.inFlight !== undefined || this.queue.length === 0) {
      return this.inFlight ?? Promise.resolve();
    }
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let batch: ReadableSpan[];
    if (this.queue.length <= this.options.maxBatchSize) {
      batch = this.queue;
      this.queue = [];
    } else {
      batch = this.queue.splice(0, this.options.maxBatchSize);
    }
    this.inFlight = this.send(batch).then(exported => {
      this.inFlight = undefined;
      if (exported) {
        this.stats.exported += batch.length;
      } else {
        this.stats.dropped.export_failed += batch.length;
        this.unreported.export_failed += batch.length;
      }
      this.report();
      if (this.queue.length >= this.options.maxBatchSize) {
        void this.exportNext();
      } else if (this.queue.length > 0 && this.timer === undefined) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          void this.exportNext();
        }, this.options.scheduledDelayMs);
        this.timer.unref();
      }
    });
    return this.inFlight;
  }

  private send(batch: ReadableSpan[]): Promise<boolean> {
    return new Promise(resolve => {
      const timeout = setTimeout(() => {
        resolve(false);
      }, this.options.exportTimeoutMs);
      timeout.unref();
      try {
        // Outside any request's context, and untraced: the export's own HTTP request must not become a span.
        context.with(suppressTracing(ROOT_CONTEXT), () => {
          this.exporter.export(batch, result => {
            clearTimeout(timeout);
            resolve(result.code === ExportResultCode.SUCCESS);
          });
        });
      } catch {
        clearTimeout(timeout);
        resolve(false);
      }
    });
  }

  private report(): void {
    for (const reason of ['queue_full', 'export_failed'] as const) {
      const dropped = this.unreported[reason];
      if (dropped > 0) {
        this.unreported[reason] = 0;
        this.listener?.(dropped, reason);
      }
    }
  }
}
