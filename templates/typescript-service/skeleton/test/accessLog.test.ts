import { Writable } from 'node:stream';

import { createLogger } from '../src/logger';
import { startTestServer, type TestServer } from './helpers';

interface LogLine {
  level: string;
  msg: string;
  request_id?: string;
  method?: string;
  url?: string;
  route?: string;
  status_code?: number;
  duration_ms?: number;
}

/** A logger configured as in production, writing its JSON lines into an array. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: LogLine[] } {
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
  const logger = createLogger({ serviceName: 'test', serviceVersion: '0.0.0', logLevel: 'info' }, destination);
  return { logger, lines };
}

describe('access log', () => {
  let server: TestServer;
  let lines: LogLine[];

  beforeEach(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    server = await startTestServer({ logger: captured.logger });
  });

  afterEach(async () => {
    await server.close();
  });

  /** The line is written once the response has gone out, so it may trail the response. */
  async function linesFor(url: string): Promise<LogLine[]> {
    await new Promise(resolve => setTimeout(resolve, 50));
    return lines.filter(line => line.url === url);
  }

  it('writes exactly one line per request, with method, route, status and duration', async () => {
    await server.request('POST', '/v1/greetings', { name: 'Ada' });

    const written = await linesFor('/v1/greetings');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      level: 'info',
      msg: 'request completed',
      method: 'POST',
      route: '/v1/greetings',
      status_code: 201,
    });
    expect(written[0]?.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof written[0]?.duration_ms).toBe('number');
  });

  it('never logs the query string, which may carry tokens', async () => {
    await server.request('GET', '/v1/nothing-here?token=secret');

    await new Promise(resolve => setTimeout(resolve, 50));
    const written = lines.filter(line => line.msg === 'request completed');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ url: '/v1/nothing-here', status_code: 404 });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('logs rejected requests with their status code', async () => {
    await server.request('POST', '/v1/greetings', { name: '' });

    const written = await linesFor('/v1/greetings');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ msg: 'request completed', status_code: 400 });
  });

  it('does not log probes and scrapes', async () => {
    await server.request('GET', '/healthz');
    await server.request('GET', '/readyz');
    await server.request('GET', '/metrics');

    await new Promise(resolve => setTimeout(resolve, 50));
    expect(lines.filter(line => line.msg === 'request completed')).toEqual([]);
  });
});
