/**
 * The OTLP/HTTP receiver of the benchmarks (goldenPathBench.ts, serviceProfile.ts): it accepts
 * every export and counts the spans in it.
 */
import http from 'node:http';
import { freePort } from '../lib/backend';

/**
 * Spans in an OTLP protobuf ExportTraceServiceRequest, counted by walking the
 * message's tags (resource_spans = 1 → scope_spans = 2 → spans = 2) without decoding them.
 */
export function countProtobufSpans(body: Buffer): number {
  const fields = (
    buffer: Buffer,
    wanted: number,
    each: (value: Buffer) => void,
  ) => {
    let at = 0;
    const varint = () => {
      let result = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = buffer[at++];
        result += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return result;
      }
    };
    while (at < buffer.length) {
      const tag = varint();
      const wireType = tag & 7;
      if (wireType === 0) varint();
      else if (wireType === 1) at += 8;
      else if (wireType === 5) at += 4;
      else if (wireType === 2) {
        const length = varint();
        if (tag >>> 3 === wanted) each(buffer.subarray(at, at + length));
        at += length;
      } else throw new Error(`unexpected protobuf wire type ${wireType}`);
    }
  };
  let spans = 0;
  fields(body, 1, resourceSpans =>
    fields(resourceSpans, 2, scopeSpans =>
      fields(scopeSpans, 2, () => spans++),
    ),
  );
  return spans;
}

/**
 * An OTLP/HTTP receiver that accepts every export and counts the spans in it,
 * so the generated service really serialises and sends each span. Protobuf
 * (the generated service, the SDK's default) is walked, not decoded; JSON
 * (an older template) is counted by its `"spanId":` keys: it runs in this
 * process, beside autocannon, and must not slow the load generator. Metrics
 * and logs that the common way exports by default are accepted and ignored.
 */
export async function startSpanCounter() {
  const marker = Buffer.from('"spanId":');
  let spans = 0;
  let exports = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const json = String(req.headers['content-type']).includes('json');
      if (req.url === '/v1/traces') {
        if (json) {
          for (
            let at = body.indexOf(marker);
            at !== -1;
            at = body.indexOf(marker, at + marker.length)
          )
            spans++;
        } else {
          spans += countProtobufSpans(body);
        }
        exports++;
      }
      res
        .writeHead(200, {
          'content-type': json ? 'application/json' : 'application/x-protobuf',
        })
        .end(json ? '{}' : undefined);
    });
  });
  const port = await freePort();
  await new Promise<void>(r => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ spans, exports }),
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}
