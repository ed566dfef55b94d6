import { context, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';

import { type EncodedSpanGroup, ProtoWriter, writeExportRequest, writeSpan } from './otlpEncoding';

export interface SpanQueueOptions {
  /** Spans waiting for export; a span that finds the queue full is dropped, never waited for. */
  maxQueueSize: number;
  /** Encoded bytes waiting for export, the same way (a few spans with huge attributes must not hold memory either). */
  maxQueueBytes: number;
  /** An export starts as soon as this many spans wait (all that wait go in one OTLP request). */
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
  maxQueueBytes: 4 * 1024 * 1024,
  maxBatchSize: 512,
  scheduledDelayMs: 1000,
  exportTimeoutMs: 15_000,
  shutdownFlushMs: 5_000,
};

/** One OTLP ExportTraceServiceRequest, already encoded as protobuf. */
export interface EncodedSpanBatch {
  request: Uint8Array;
  spans: number;
}

/** Sends encoded batches (otlpExporter.ts: OTLP/HTTP with the SDK's transport, headers and retries). */
export interface EncodedSpanExporter {
  export(batch: EncodedSpanBatch, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

export type DropReason = 'queue_full' | 'export_failed';

export interface SpanQueueStats {
  exported: number;
  dropped: Record<DropReason, number>;
}

/** Told at most once a second per reason, not once per span, so a collector outage costs a few log lines. */
export type DropListener = (dropped: number, reason: DropReason) => void;

type Resource = ReadableSpan['resource'];
type Scope = ReadableSpan['instrumentationScope'];

/** The encoded spans of one instrumentation scope; its buffer is kept and reused batch after batch. */
interface ScopeSpans {
  resource: Resource;
  scope: Scope;
  writer: ProtoWriter;
}

/**
 * Batches finished, sampled spans for one exporter, one export in flight at a
 * time. Each span is encoded as OTLP protobuf when it ends (otlpEncoding.ts) and
 * only its bytes wait, in buffers reused from batch to batch, so the span object
 * itself dies young. Memory is bounded by `maxQueueSize` spans and `maxQueueBytes`
 * plus the request in flight: when the collector is down or slow the queue fills
 * and further spans are dropped and counted, so a request never waits for telemetry.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  readonly stats: SpanQueueStats = { exported: 0, dropped: { queue_full: 0, export_failed: 0 } };
  /** Every scope seen, by identity (one per tracer); the SDK groups a request's spans the same way. */
  private readonly scopes = new Map<Scope, ScopeSpans>();
  /** Scopes with spans waiting, in the order their first waiting span ended. */
  private waiting: ScopeSpans[] = [];
  private waitingSpans = 0;
  private waitingBytes = 0;
  private readonly requestWriter = new ProtoWriter();
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
  private unreported: Record<DropReason, number> = { queue_full: 0, export_failed: 0 };
  private listener: DropListener | undefined;
  private isShutdown = false;

  constructor(
    private readonly exporter: EncodedSpanExporter,
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
    if (this.waitingSpans >= this.options.maxQueueSize || this.waitingBytes >= this.options.maxQueueBytes) {
      this.countQueueFull();
      return;
    }
    let entry = this.scopes.get(span.instrumentationScope);
    if (entry === undefined) {
      entry = { resource: span.resource, scope: span.instrumentationScope, writer: new ProtoWriter(16 * 1024) };
      this.scopes.set(span.instrumentationScope, entry);
    }
    const before = entry.writer.pos;
    try {
      writeSpan(entry.writer, span);
    } catch {
      // A span the encoder cannot write (an attribute of a type OTLP lacks) is dropped, not half-written.
      entry.writer.pos = before;
      this.stats.dropped.export_failed++;
      this.unreported.export_failed++;
      return;
    }
    if (before === 0) {
      this.waiting.push(entry);
    }
    this.waitingSpans++;
    this.waitingBytes += entry.writer.pos - before;
    if (this.waitingSpans >= this.options.maxBatchSize) {
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
   * Exports everything queued for at most `withinMs`. When an export fails the
   * collector is taken as unreachable and the rest is dropped (counted) rather
   * than tried again.
   */
  async forceFlush(withinMs: number = this.options.exportTimeoutMs): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>(resolve => {
      timer = setTimeout(() => {
        resolve('deadline');
      }, withinMs);
    });
    try {
      while (this.inFlight !== undefined || this.waitingSpans > 0) {
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
    if (this.waitingSpans > 0) {
      this.stats.dropped.export_failed += this.waitingSpans;
      this.unreported.export_failed += this.waitingSpans;
      this.takeWaiting();
    }
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

  private countQueueFull(): void {
    this.stats.dropped.queue_full++;
    this.unreported.queue_full++;
    // Reported soon, not only when the export in flight (which may be retrying) ends.
    this.reportTimer ??= setTimeout(() => {
      this.reportTimer = undefined;
      this.report();
    }, 1000).unref();
  }

  /** Everything waiting, as one encoded request; the scopes' buffers are emptied for the next batch. */
  private takeWaiting(): EncodedSpanBatch {
    const groups: EncodedSpanGroup[] = [];
    for (const entry of this.waiting) {
      let group = groups.find(g => g.resource === entry.resource);
      if (group === undefined) {
        group = { resource: entry.resource, scopes: [] };
        groups.push(group);
      }
      group.scopes.push({ scope: entry.scope, spans: entry.writer.view() });
    }
    this.requestWriter.pos = 0;
    writeExportRequest(this.requestWriter, groups);
    // A copy: the transport may still hold it (retrying) after this batch has been given up on.
    const batch = { request: this.requestWriter.view().slice(), spans: this.waitingSpans };
    for (const entry of this.waiting) {
      entry.writer.pos = 0;
    }
    this.waiting = [];
    this.waitingSpans = 0;
    this.waitingBytes = 0;
    return batch;
  }

  private exportNext(): Promise<void> {
    if (this.inFlight !== undefined || this.waitingSpans === 0) {
      return this.inFlight ?? Promise.resolve();
    }
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.takeWaiting();
    this.inFlight = this.send(batch).then(exported => {
      this.inFlight = undefined;
      if (exported) {
        this.stats.exported += batch.spans;
      } else {
        this.stats.dropped.export_failed += batch.spans;
        this.unreported.export_failed += batch.spans;
      }
      this.report();
      if (this.waitingSpans >= this.options.maxBatchSize) {
        void this.exportNext();
      } else if (this.waitingSpans > 0 && this.timer === undefined) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          void this.exportNext();
        }, this.options.scheduledDelayMs);
        this.timer.unref();
      }
    });
    return this.inFlight;
  }

  private send(batch: EncodedSpanBatch): Promise<boolean> {
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
