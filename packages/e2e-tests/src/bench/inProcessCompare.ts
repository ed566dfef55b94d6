/**
 * Two or more builds of the generated service compared in one Node.js process (issue 15): the
 * steadier comparison where the host's drift swamps a few µs between processes. Each build's app
 * (its own dist/app.js) runs under the one tracer provider the first build's dist/telemetry.js
 * registers, spans exported to a sink in this process; `app.inject` drives them in alternating
 * batches (order rotated each round, no sockets), CPU per request from this thread's CPU time, and
 * each build's median difference to the first build over the rounds is printed.
 *
 *   node --import tsx packages/e2e-tests/src/bench/inProcessCompare.ts <all|sampled|unsampled|untraced> \
 *     <name>=<built service dir> <name>=<built service dir> ... [--rounds 15] > /dev/null
 *
 * The figures go to stderr; stdout takes the services' own log lines, as in production.
 *
 * Run it with the Node.js the services target (24; the bench's nodeBinDir(24)), as the process'
 * own node. Builds: `database: none`, `npm ci && npm run build` (see serviceProfile.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const VARIANT_ENV: Record<string, Record<string, string>> = {
  all: {},
  sampled: { OTEL_TRACES_SAMPLER_ARG: '0.1' },
  unsampled: { OTEL_TRACES_SAMPLER_ARG: '0' },
  untraced: { OTEL_SDK_DISABLED: 'true' },
};
const [variant, ...rest] = process.argv.slice(2);
const ROUNDS = rest.includes('--rounds') ? Number(rest[rest.indexOf('--rounds') + 1]) : 15;
const builds = rest.filter(a => a.includes('=')).map(a => ({ name: a.split('=')[0], dir: path.resolve(a.slice(a.indexOf('=') + 1)) }));
if (!Object.hasOwn(VARIANT_ENV, variant) || builds.length < 2) {
  throw new Error('usage: inProcessCompare.ts <all|sampled|unsampled|untraced> <name>=<dir> <name>=<dir> ...');
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>(resolve => sink.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, VARIANT_ENV[variant], {
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
  });
  // The first build's telemetry registers the global provider every build's app then uses.
  const telemetry = require(path.join(builds[0].dir, 'dist/telemetry.js'));
  const apps = [];
  for (const build of builds) {
    const { buildApp } = require(path.join(build.dir, 'dist/app.js'));
    const { createLogger } = require(path.join(build.dir, 'dist/logger.js'));
    const { createMetrics } = require(path.join(build.dir, 'dist/metrics.js'));
    const logger = createLogger({ serviceName: 'bench', serviceVersion: '0.0.0', logLevel: 'info' });
    apps.push({ name: build.name, app: await buildApp({ logger, metrics: createMetrics({ spanQueueStats: telemetry.spanQueueStats }) }) });
  }
  const request = { method: 'POST', url: '/v1/greetings', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'bench' }) };
  /** CPU µs per request of n requests, 20 in flight at a time. */
  async function batch(app: { inject(options: object): Promise<unknown> }, n: number) {
    const start = process.threadCpuUsage();
    for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: 20 }, () => app.inject(request)));
    const used = process.threadCpuUsage(start);
    return (used.user + used.system) / n;
  }
  for (const { app } of apps) await batch(app, 20_000); // warm-up
  const perRequest = new Map(apps.map(a => [a.name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < apps.length; i++) {
      const { name, app } = apps[(i + round) % apps.length];
      perRequest.get(name)!.push(await batch(app, 4_000));
    }
  }
  const first = perRequest.get(apps[0].name)!;
  console.error(`${variant}, ${ROUNDS} rounds of 4,000 requests per build (CPU µs per request, this thread):`);
  for (const { name } of apps) {
    const own = perRequest.get(name)!;
    console.error(`  ${name}: median ${median(own).toFixed(2)} µs; against ${apps[0].name}, median of the paired differences ${median(own.map((x, i) => x - first[i])).toFixed(2)} µs`);
  }
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
