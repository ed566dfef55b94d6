/**
 * OTLP protobuf encoding of spans (opentelemetry-proto's trace.proto), written the
 * moment a span ends (spanQueue.ts) instead of when its batch is exported. A span
 * object then dies young: at thousands of requests per second, spans held for a
 * second in the export queue outlived V8's young generation, were promoted, and
 * made the old generation grow and be collected (page faults and mark-compacts
 * that cost more than the span itself). The bytes are exactly what the OpenTelemetry
 * SDK's own serializer writes for the same spans (test/otlpEncoding.test.ts compares
 * them), so collectors and vendors see no difference.
 */
import type { Attributes, AttributeValue, HrTime, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';

const TWO_32 = 0x1_0000_0000;
const utf8 = new TextEncoder();
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;
// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
// Span.flags: the W3C trace flags, and whether the parent's context came from another process.
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

/** Protobuf bytes appended to one reusable, growing buffer. */
export class ProtoWriter {
  bytes: Uint8Array;
  pos = 0;
  private readonly float = new Float64Array(1);
  private readonly floatBytes = new Uint8Array(this.float.buffer);

  constructor(initialSize = 64 * 1024) {
    this.bytes = new Uint8Array(initialSize);
  }

  private ensure(more: number): void {
    if (this.pos + more <= this.bytes.length) {
      return;
    }
    let size = this.bytes.length * 2;
    while (size < this.pos + more) {
      size *= 2;
    }
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  /** An unsigned or signed integer; negative ones take ten bytes (int64 two's complement), as protobuf does. */
  varint(value: number): void {
    this.ensure(10);
    const bytes = this.bytes;
    if (value >= 0 && value < TWO_32) {
      let v = value >>> 0;
      while (v > 0x7f) {
        bytes[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      bytes[this.pos++] = v;
      return;
    }
    const magnitude = Math.abs(value);
    let low = magnitude >>> 0;
    let high = Math.floor(magnitude / TWO_32) >>> 0;
    if (value < 0) {
      low = (~low + 1) >>> 0;
      high = (~high + (low === 0 ? 1 : 0)) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      bytes[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    bytes[this.pos++] = low;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  fixed32(value: number): void {
    this.ensure(4);
    const v = value >>> 0;
    this.bytes[this.pos++] = v & 0xff;
    this.bytes[this.pos++] = (v >>> 8) & 0xff;
    this.bytes[this.pos++] = (v >>> 16) & 0xff;
    this.bytes[this.pos++] = v >>> 24;
  }

  fixed64(low: number, high: number): void {
    this.fixed32(low);
    this.fixed32(high);
  }

  double(value: number): void {
    this.ensure(8);
    this.float[0] = value;
    this.bytes.set(this.floatBytes, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string. */
  string(value: string): void {
    const length = value.length;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.varint(length);
      this.ensure(length);
      for (let i = 0; i < length; i++) {
        this.bytes[this.pos++] = value.charCodeAt(i);
      }
      return;
    }
    const at = this.beginLength();
    this.ensure(length * 3);
    this.pos += utf8.encodeInto(value, this.bytes.subarray(this.pos)).written;
    this.endLength(at);
  }

  /** Bytes already encoded, as they are (no length prefix). */
  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Length-delimited bytes. */
  raw(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A trace or span id, given in hexadecimal, as length-delimited bytes (no intermediate buffer). */
  hexId(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.ensure(length);
    for (let i = 0; i < length; i++) {
      this.bytes[this.pos++] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
    }
  }

  /**
   * Starts a length-delimited field: reserves one byte for its length and returns
   * where; {@link endLength} writes the length once the field's bytes are written.
   * A pair of calls rather than a callback, so that a span's dozens of nested
   * fields allocate no closures.
   */
  beginLength(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the field {@link beginLength} started at `at` (moved when its length needs more than one byte). */
  endLength(at: number): void {
    const length = this.pos - at - 1;
    if (length < 0x80) {
      this.bytes[at] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.bytes.copyWithin(at + 1 + extra, at + 1, this.pos);
    this.pos += extra;
    const end = this.pos;
    this.pos = at;
    this.varint(length);
    this.pos = end;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }
}

function hexDigit(code: number): number {
  // '0'-'9', 'a'-'f', 'A'-'F'; ids are validated by the API before a span is recorded.
  return code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57;
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** Nanoseconds since the epoch as fixed64, exactly (the product overflows a double's 53 bits). */
function writeTime(writer: ProtoWriter, [seconds, nanos]: HrTime): void {
  const thousandMillionsHigh = Math.floor(seconds / 0x10000) * 1e9;
  let low = (thousandMillionsHigh % 0x10000) * 0x10000 + (seconds % 0x10000) * 1e9 + nanos;
  const high = Math.floor(thousandMillionsHigh / 0x10000) + Math.floor(low / TWO_32);
  low %= TWO_32;
  writer.fixed64(low, high);
}

function writeAnyValue(writer: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      writer.tag(1, LENGTH_DELIMITED);
      writer.string(value);
      return;
    case 'boolean':
      writer.tag(2, VARINT);
      writer.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        writer.tag(3, VARINT);
        writer.varint(value);
      } else {
        writer.tag(4, FIXED64);
        writer.double(value);
      }
      return;
    default:
  }
  if (value instanceof Uint8Array) {
    writer.tag(7, LENGTH_DELIMITED);
    writer.raw(value);
  } else if (Array.isArray(value)) {
    writer.tag(5, LENGTH_DELIMITED);
    const at = writer.beginLength();
    for (const item of value) {
      writer.tag(1, LENGTH_DELIMITED);
      const inner = writer.beginLength();
      writeAnyValue(writer, item);
      writer.endLength(inner);
    }
    writer.endLength(at);
  } else if (typeof value === 'object' && value !== null) {
    writer.tag(6, LENGTH_DELIMITED);
    const at = writer.beginLength();
    writeAttributes(writer, value as Attributes, 1);
    writer.endLength(at);
  }
}

/** Repeated KeyValue under `field`; own keys only, in insertion order. */
function writeAttributes(writer: ProtoWriter, attributes: Attributes, field: number): void {
  // for-in over own keys: no array of keys per span (V8 caches an object's enumeration).
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) {
      continue;
    }
    const value: AttributeValue | undefined = attributes[key];
    writer.tag(field, LENGTH_DELIMITED);
    const at = writer.beginLength();
    writer.tag(1, LENGTH_DELIMITED);
    writer.string(key);
    writer.tag(2, LENGTH_DELIMITED);
    const inner = writer.beginLength();
    writeAnyValue(writer, value);
    writer.endLength(inner);
    writer.endLength(at);
  }
}

function spanFlags(context: SpanContext, parentIsRemote: boolean | undefined): number {
  return (context.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (parentIsRemote === true ? FLAGS_IS_REMOTE : 0);
}

/** One Span message, with its ScopeSpans.spans tag, appended to `writer`. */
export function writeSpan(writer: ProtoWriter, span: ReadableSpan): void {
  writer.tag(2, LENGTH_DELIMITED);
  const at = writer.beginLength();
  const context = span.spanContext();
  writer.tag(1, LENGTH_DELIMITED);
  writer.hexId(context.traceId);
  writer.tag(2, LENGTH_DELIMITED);
  writer.hexId(context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) {
    writer.tag(3, LENGTH_DELIMITED);
    writer.string(traceState);
  }
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    writer.tag(4, LENGTH_DELIMITED);
    writer.hexId(parent.spanId);
  }
  writer.tag(5, LENGTH_DELIMITED);
  writer.string(span.name);
  // The API's SpanKind starts at INTERNAL = 0; protobuf's at UNSPECIFIED = 0.
  writer.tag(6, VARINT);
  writer.varint(span.kind + 1);
  writer.tag(7, FIXED64);
  writeTime(writer, span.startTime);
  writer.tag(8, FIXED64);
  writeTime(writer, span.endTime);
  writeAttributes(writer, span.attributes, 9);
  writer.tag(10, VARINT);
  writer.varint(span.droppedAttributesCount);
  for (const event of span.events) {
    writer.tag(11, LENGTH_DELIMITED);
    const inner = writer.beginLength();
    writer.tag(1, FIXED64);
    writeTime(writer, event.time);
    writer.tag(2, LENGTH_DELIMITED);
    writer.string(event.name);
    if (event.attributes) {
      writeAttributes(writer, event.attributes, 3);
    }
    writer.tag(4, VARINT);
    writer.varint(event.droppedAttributesCount ?? 0);
    writer.endLength(inner);
  }
  writer.tag(12, VARINT);
  writer.varint(span.droppedEventsCount);
  for (const link of span.links) {
    writer.tag(13, LENGTH_DELIMITED);
    const inner = writer.beginLength();
    writer.tag(1, LENGTH_DELIMITED);
    writer.hexId(link.context.traceId);
    writer.tag(2, LENGTH_DELIMITED);
    writer.hexId(link.context.spanId);
    const linkState = link.context.traceState?.serialize();
    if (linkState) {
      writer.tag(3, LENGTH_DELIMITED);
      writer.string(linkState);
    }
    if (link.attributes) {
      writeAttributes(writer, link.attributes, 4);
    }
    writer.tag(5, VARINT);
    writer.varint(link.droppedAttributesCount ?? 0);
    writer.tag(6, FIXED32);
    writer.fixed32(spanFlags(link.context, link.context.isRemote));
    writer.endLength(inner);
  }
  writer.tag(14, VARINT);
  writer.varint(span.droppedLinksCount);
  writer.tag(15, LENGTH_DELIMITED);
  const status = writer.beginLength();
  if (span.status.message) {
    writer.tag(2, LENGTH_DELIMITED);
    writer.string(span.status.message);
  }
  writer.tag(3, VARINT);
  writer.varint(span.status.code);
  writer.endLength(status);
  writer.tag(16, FIXED32);
  writer.fixed32(spanFlags(context, parent?.isRemote));
  writer.endLength(at);
}

type Scope = ReadableSpan['instrumentationScope'] & { attributes?: Attributes; droppedAttributesCount?: number };

/** The InstrumentationScope of a span, as ScopeSpans field 1. */
export function writeScope(writer: ProtoWriter, scope: Scope): void {
  writer.tag(1, LENGTH_DELIMITED);
  const at = writer.beginLength();
  writer.tag(1, LENGTH_DELIMITED);
  writer.string(scope.name);
  if (scope.version) {
    writer.tag(2, LENGTH_DELIMITED);
    writer.string(scope.version);
  }
  if (scope.attributes) {
    writeAttributes(writer, scope.attributes, 3);
  }
  if (scope.droppedAttributesCount) {
    writer.tag(4, VARINT);
    writer.varint(scope.droppedAttributesCount);
  }
  writer.endLength(at);
}

/** The Resource of the spans, as ResourceSpans field 1. */
export function writeResource(writer: ProtoWriter, resource: ReadableSpan['resource']): void {
  writer.tag(1, LENGTH_DELIMITED);
  const at = writer.beginLength();
  writeAttributes(writer, resource.attributes, 1);
  writer.tag(2, VARINT);
  writer.varint(0);
  writer.endLength(at);
}

/** Spans already encoded, grouped by resource and then by instrumentation scope in order of first appearance. */
export interface EncodedSpanGroup {
  resource: ReadableSpan['resource'];
  scopes: { scope: ReadableSpan['instrumentationScope']; spans: Uint8Array }[];
}

/**
 * An ExportTraceServiceRequest around spans encoded by {@link writeSpan}: what
 * the SDK's serializer would write for the same spans.
 */
export function writeExportRequest(writer: ProtoWriter, groups: readonly EncodedSpanGroup[]): void {
  for (const group of groups) {
    writer.tag(1, LENGTH_DELIMITED);
    const at = writer.beginLength();
    writeResource(writer, group.resource);
    for (const { scope, spans } of group.scopes) {
      writer.tag(2, LENGTH_DELIMITED);
      const inner = writer.beginLength();
      writeScope(writer, scope);
      writer.append(spans);
      if (scope.schemaUrl) {
        writer.tag(3, LENGTH_DELIMITED);
        writer.string(scope.schemaUrl);
      }
      writer.endLength(inner);
    }
    if (group.resource.schemaUrl) {
      writer.tag(3, LENGTH_DELIMITED);
      writer.string(group.resource.schemaUrl);
    }
    writer.endLength(at);
  }
}
