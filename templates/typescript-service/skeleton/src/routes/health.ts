import type { FastifyInstance } from 'fastify';

/** A dependency check for readiness: resolves when healthy, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  readinessChecks: Record<string, ReadinessCheck>;
  /** Reports not ready once it returns true, e.g. while shutting down. */
  isDraining: () => boolean;
  checkTimeoutMs: number;
}

type CheckResult = 'ok' | 'failing' | 'timeout';

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>(resolve => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    return await Promise.race([check().then((): CheckResult => 'ok'), timeout]);
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  // Liveness: the process is up and the event loop answers. No dependencies here,
  // or a database outage would make Kubernetes restart every pod.
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Readiness: may this instance receive traffic now?
  app.get('/readyz', async (request, reply) => {
    if (options.isDraining()) {
      return reply.code(503).send({ status: 'draining', checks: {} });
    }
    const names = Object.keys(options.readinessChecks);
    const results = await Promise.all(
      names.map(async name => {
        const check = options.readinessChecks[name];
        return check === undefined ? 'ok' : runCheck(check, options.checkTimeoutMs);
      }),
    );
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every(result => result === 'ok');
    if (!ready) {
      request.log.warn({ checks }, 'readiness check failed');
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}
