import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

import type { EncodedSpanBatch, EncodedSpanExporter } from './spanQueue';

/**
 * OTLP/HTTP protobuf export of batches that spanQueue.ts has already encoded.
 * It is the SDK's own OTLP trace exporter with the serialisation step taken out:
 * the same HTTP transport, retries and timeout, and the same environment settings
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, compression,
 * TLS certificates), so vendors' collectors keep working as configured.
 */
export function createOtlpSpanExporter(url: string): EncodedSpanExporter {
  return new OTLPExporterBase<EncodedSpanBatch>(
    createOtlpHttpExportDelegate(
      // What the SDK's own OTLPTraceExporter calls: its replacement is not exported yet.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      convertLegacyHttpOptions({ url }, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
      {
        serializeRequest: batch => batch.request,
        // The collector's answer (partial success, rejected spans) is read as the SDK reads it.
        deserializeResponse: data => ProtobufTraceSerializer.deserializeResponse(data),
      },
      'otlp_http_span_exporter',
      { name: 'span', countItems: batch => batch.spans },
      undefined,
    ),
  );
}
