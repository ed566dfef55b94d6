/**
 * Golden-path benchmark (issue 3):
 *  1. skeleton render time (in memory, library only), median of 50;
 *  2. full scaffolder task, create to registered entity, median of 20, on the real backend;
 *  3. requests/s of a generated service with all observability on, against the same
 *     routes on bare fastify (same fastify version, same machine, same run), with autocannon.
 *
 *   node --import tsx packages/e2e-tests/src/bench/goldenPathBench.ts [--only render|task|rps]
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadTemplate, renderSkeleton, renderToDirectory } from '@conway/golden-path';
import { freePort, makeTempDir, repoRoot, sleep, startBackend, waitFor } from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';

const templateDir = path.join(repoRoot, 'templates/typescript-service');
const answers = (name: string) => ({
  name,
  description: 'Benchmark service',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'experimental',
  port: 8080,
  database: 'none',
  ciProvider: 'github-actions',
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: [string, string, string][] = [];

async function benchRender() {
  const template = await loadTemplate(templateDir);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await renderSkeleton(template, answers(`render-${i}`));
    times.push(performance.now() - t0);
  }
  rows.push(['Skeleton render (in memory, 1 service), median of 50', `${median(times).toFixed(1)} ms (first ${times[0].toFixed(1)} ms)`, '< 50 ms']);
  const dir = makeTempDir('render');
  const t0 = performance.now();
  await renderToDirectory(template, answers('render-disk'), path.join(dir, 'svc'));
  rows.push(['Skeleton render written to disk (1 service)', `${(performance.now() - t0).toFixed(1)} ms`, '–']);
}

async function benchTasks() {
  const backend = await startBackend({ dataDir: makeTempDir('bench-tasks') });
  try {
    await waitFor('the template', () => getEntity(backend, 'template:default/typescript-service'), 120_000);
    await waitFor('team-checkout', () => getEntity(backend, 'group:default/team-checkout'), 120_000);
    await waitFor('system checkout', () => getEntity(backend, 'system:default/checkout'), 120_000);
    const token = await guestToken(backend);
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const name = `bench-svc-${i}`;
      const t0 = Date.now();
      const created = await backend.fetchJson('/api/scaffolder/v2/tasks', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ templateRef: 'template:default/typescript-service', values: answers(name) }),
      });
      await waitFor(`task ${name}`, async () => {
        const task = await backend.fetchJson(`/api/scaffolder/v2/tasks/${created.id}`);
        if (task.status === 'failed') throw new Error(`task failed: ${created.id}`);
        return task.status === 'completed' ? task : undefined;
      }, 60_000);
      await waitFor(`entity ${name}`, () => getEntity(backend, `component:default/${name}`), 60_000);
      // The first run warms caches; it is reported but not part of the median.
      if (i > 0) times.push(Date.now() - t0);
      else rows.push(['Scaffolder task, first run (cold)', `${Date.now() - t0} ms`, '–']);
    }
    rows.push(['Scaffolder task create → entity in catalog, median of 20', `${median(times)} ms (min ${Math.min(...times)}, max ${Math.max(...times)})`, '< 3 s']);
  } finally {
    await backend.stop();
  }
}

/** Bare fastify with the same routes and validation, and no observability. */
const BARE_SERVER = `
const fastify = require('fastify')({ logger: false });
fastify.get('/healthz', async () => ({ status: 'ok' }));
fastify.post('/v1/greetings', { schema: { body: { type: 'object', additionalProperties: false, required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } } } },
  async (req, reply) => reply.code(201).send({ name: req.body.name, message: 'Hello, ' + req.body.name + '!' }));
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

async function waitForHttp(url: string) {
  await waitFor(url, async () => ((await fetch(url).catch(() => undefined))?.ok ? true : undefined), 30_000);
}

async function load(url: string) {
  const result = await autocannon({
    url: `${url}/v1/greetings`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
    connections: 20,
    duration: 10,
  });
  if (result.non2xx || result.errors) throw new Error(`load errors: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

async function benchRps() {
  const dir = makeTempDir('rps');
  const svc = path.join(dir, 'rps-service');
  const template = await loadTemplate(templateDir);
  await renderToDirectory(template, answers('rps-service'), svc);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: svc, stdio: 'inherit' });
  execFileSync('npm', ['run', 'build'], { cwd: svc, stdio: 'inherit' });
  fs.writeFileSync(path.join(svc, 'bare.js'), BARE_SERVER);

  // A collector that accepts and discards spans, so the exporter really exports.
  let spans = 0;
  const collector = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      spans++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const collectorPort = await freePort();
  await new Promise<void>(r => collector.listen(collectorPort, '127.0.0.1', r));

  const results: Record<string, number> = {};
  for (const round of [1, 2]) {
    for (const kind of ['bare', 'generated'] as const) {
      const port = await freePort();
      const child =
        kind === 'bare'
          ? spawn(process.execPath, ['bare.js'], { cwd: svc, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' })
          : spawn(process.execPath, ['--require', './dist/telemetry.js', 'dist/index.js'], {
              cwd: svc,
              env: {
                ...process.env,
                PORT: String(port),
                HOST: '127.0.0.1',
                LOG_LEVEL: 'info',
                OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
              },
              stdio: ['ignore', 'ignore', 'inherit'],
            });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`);
        await load(`http://127.0.0.1:${port}`); // warm-up
        const r = await load(`http://127.0.0.1:${port}`);
        results[`${kind}-${round}`] = r.requests.average;
        if (round === 2) {
          rows.push([`POST /v1/greetings, ${kind === 'bare' ? 'bare fastify' : 'generated service (traces, metrics, JSON logs)'}`,
            `${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`, '–']);
        }
      } finally {
        child.kill('SIGTERM');
        await sleep(500);
      }
    }
  }
  collector.close();
  const bare = (results['bare-1'] + results['bare-2']) / 2;
  const generated = (results['generated-1'] + results['generated-2']) / 2;
  rows.push(['Generated service / bare fastify throughput (mean of 2 rounds)', `${((100 * generated) / bare).toFixed(0)} % (${spans} OTLP export requests received)`, '≥ 80 %']);
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (!only || only === 'render') await benchRender();
  if (!only || only === 'task') await benchTasks();
  if (!only || only === 'rps') await benchRps();
  console.log('\n| Measure | Result | Target |\n|---|---|---|');
  for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
