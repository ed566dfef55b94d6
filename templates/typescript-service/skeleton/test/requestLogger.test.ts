import { Writable } from 'node:stream';

import { createLogger } from '../src/logger';
import { RequestLogger } from '../src/requestLogger';

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

function capture(logLevel: 'info' | 'warn' = 'info'): { logger: ReturnType<typeof createLogger>; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') {
          lines.push(JSON.parse(line) as LogLine);
        }
      }
      callback();
    },
  });
  return { logger: createLogger({ serviceName: 'svc', serviceVersion: '1.2.3', logLevel }, destination), lines };
}

const BINDINGS = {
  request_id: 'c5d0c8a4-9d4b-4e0a-8a8d-1d3f1f0c9e1a',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  span_id: 'b7ad6b7169203331',
  trace_flags: '01',
};
const JSON_BINDINGS =
  ',"request_id":"c5d0c8a4-9d4b-4e0a-8a8d-1d3f1f0c9e1a","trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","trace_flags":"01"';

async function settled(): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 20));
}

describe('RequestLogger', () => {
  it('writes the access line with exactly the fields pino writes for the same call', async () => {
    const { logger, lines } = capture();
    new RequestLogger(logger, BINDINGS, JSON_BINDINGS, true).writeAccessLine('POST', '/v1/greetings', '/v1/greetings', 201, 0.5);
    logger
      .child(BINDINGS)
      .info({ method: 'POST', url: '/v1/greetings', route: '/v1/greetings', status_code: 201, duration_ms: 0.5 }, 'request completed');
    await settled();

    expect(lines).toHaveLength(2);
    const [direct, throughPino] = lines.map(({ time, ...rest }) => {
      expect(typeof time).toBe('string');
      return rest;
    });
    expect(direct).toEqual(throughPino);
    expect(direct).toMatchObject({ service: 'svc', version: '1.2.3', trace_id: BINDINGS.trace_id, msg: 'request completed' });
  });

  it('escapes what came from the request', async () => {
    const { logger, lines } = capture();
    new RequestLogger(logger, BINDINGS, JSON_BINDINGS, true).writeAccessLine('GET', '/a"b\\c\n', undefined, 404, 1);
    await settled();

    expect(lines[0]).toMatchObject({ url: '/a"b\\c\n', status_code: 404 });
    expect(lines[0]).not.toHaveProperty('route');
  });

  it("builds a pino child only for the request's own lines, with the request's ids", async () => {
    const { logger, lines } = capture();
    const child = jest.spyOn(logger, 'child');
    const requestLogger = new RequestLogger(logger, BINDINGS, JSON_BINDINGS, true);
    requestLogger.writeAccessLine('POST', '/v1/greetings', '/v1/greetings', 201, 0.5);
    expect(child).not.toHaveBeenCalled();

    requestLogger.info({ greetingId: 'g-1' }, 'greeting created');
    requestLogger.error('something failed');
    await settled();

    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map(line => [line.msg, line.level, line.request_id, line.trace_id])).toEqual([
      ['request completed', 'info', BINDINGS.request_id, BINDINGS.trace_id],
      ['greeting created', 'info', BINDINGS.request_id, BINDINGS.trace_id],
      ['something failed', 'error', BINDINGS.request_id, BINDINGS.trace_id],
    ]);
  });

  it("adds the span context's ids to the child's bindings when it is built, not before", async () => {
    const { logger, lines } = capture();
    const spanContext = { traceId: BINDINGS.trace_id, spanId: BINDINGS.span_id, traceFlags: 0 };
    const bindings = { request_id: BINDINGS.request_id };
    const requestLogger = new RequestLogger(logger, bindings, JSON_BINDINGS, true, spanContext);
    requestLogger.warn('slow downstream');
    await settled();

    expect(bindings).toEqual({ request_id: BINDINGS.request_id });
    expect(lines.map(line => [line.msg, line.request_id, line.trace_id, line.span_id, line.trace_flags])).toEqual([
      ['slow downstream', BINDINGS.request_id, BINDINGS.trace_id, BINDINGS.span_id, '00'],
    ]);
  });

  it('respects the log level, for the access line too', async () => {
    const { logger, lines } = capture('warn');
    const requestLogger = new RequestLogger(logger, BINDINGS, JSON_BINDINGS, true);
    requestLogger.writeAccessLine('POST', '/v1/greetings', '/v1/greetings', 201, 0.5);
    requestLogger.info('not written');
    requestLogger.warn('written');
    await settled();

    expect(lines.map(line => line.msg)).toEqual(['written']);
    expect(requestLogger.isLevelEnabled('info')).toBe(false);
  });
});
