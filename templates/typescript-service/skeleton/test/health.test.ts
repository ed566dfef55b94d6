import { startTestServer } from './helpers';

describe('health endpoints', () => {
  it('GET /healthz answers 200 without consulting dependencies', async () => {
    const failing = jest.fn(() => Promise.reject(new Error('down')));
    const server = await startTestServer({ readinessChecks: { database: failing } });

    const response = await server.request('GET', '/healthz');

    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(failing).not.toHaveBeenCalled();
    await server.close();
  });

  it('GET /readyz answers 200 when every check passes', async () => {
    const check = jest.fn(() => Promise.resolve());
    const server = await startTestServer({ readinessChecks: { database: check } });

    const response = await server.request('GET', '/readyz');

    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect(check).toHaveBeenCalledTimes(1);
    await server.close();
  });

  it('GET /readyz answers 503 and names the failing check', async () => {
    const server = await startTestServer({
      readinessChecks: { database: () => Promise.reject(new Error('connection refused')) },
    });

    const response = await server.request('GET', '/readyz');

    expect(response.status).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', checks: { database: 'failing' } });
    await server.close();
  });

  it('GET /readyz answers 503 when a check hangs', async () => {
    const server = await startTestServer({
      readinessChecks: { database: () => new Promise<void>(() => undefined) },
      readinessTimeoutMs: 50,
    });

    const response = await server.request('GET', '/readyz');

    expect(response.status).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', checks: { database: 'timeout' } });
    await server.close();
  });

  it('GET /readyz answers 503 while draining for shutdown', async () => {
    let draining = false;
    const server = await startTestServer({ isDraining: () => draining });

    expect((await server.request('GET', '/readyz')).status).toBe(200);
    draining = true;
    expect((await server.request('GET', '/readyz')).status).toBe(503);
    await server.close();
  });
});
