import {
  context,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import {
  CompositePropagator,
  isTracingSuppressed,
  suppressTracing,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

import { LinkedContext } from '../src/requestContext';

const KEY_A = createContextKey('a');
const KEY_B = createContextKey('b');

describe('LinkedContext', () => {
  it('reads, shadows and deletes values as the API context does, never changing a context in place', () => {
    for (const empty of [LinkedContext.EMPTY, ROOT_CONTEXT]) {
      const one = empty.setValue(KEY_A, 1);
      const two = one.setValue(KEY_B, 2).setValue(KEY_A, 3);
      const deleted = two.deleteValue(KEY_A);
      expect([empty.getValue(KEY_A), one.getValue(KEY_A), one.getValue(KEY_B)]).toEqual([undefined, 1, undefined]);
      expect([two.getValue(KEY_A), two.getValue(KEY_B)]).toEqual([3, 2]);
      expect([deleted.getValue(KEY_A), deleted.getValue(KEY_B)]).toEqual([undefined, 2]);
    }
  });

  it('carries a caller\'s trace context and baggage through the standard propagators and back out', () => {
    const propagator = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
    const headers = {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=abc',
      baggage: 'tenant=acme',
    };
    const extracted = propagator.extract(LinkedContext.EMPTY, headers, defaultTextMapGetter);
    expect(trace.getSpanContext(extracted)).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');
    const out: Record<string, string> = {};
    propagator.inject(extracted, out, defaultTextMapSetter);
    expect(out).toEqual(headers);
  });

  it('is the parent of the SDK\'s spans and carries suppressTracing', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    // The service's setup: the AsyncLocalStorage context manager, so that context.with applies.
    provider.register();
    const tracer = provider.getTracer('test');
    const server = tracer.startSpan('server', {}, LinkedContext.EMPTY);
    const requestContext = trace.setSpan(LinkedContext.EMPTY, server);
    expect(requestContext).toBeInstanceOf(LinkedContext);
    expect(trace.getSpan(requestContext)).toBe(server);
    context.with(requestContext, () => {
      tracer.startSpan('child').end();
    });
    const child = tracer.startSpan('explicit child', {}, requestContext);
    child.end();
    server.end();
    const [first, second] = exporter.getFinishedSpans();
    expect(first?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(second?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(isTracingSuppressed(requestContext)).toBe(false);
    expect(isTracingSuppressed(suppressTracing(requestContext))).toBe(true);
  });
});
