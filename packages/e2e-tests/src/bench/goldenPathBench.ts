/**
 * Golden-path benchmark (issue 3):
 *  1. skeleton render time (in memory, library only), median of 50;
 *  2. full scaffolder task, create to registered entity, median of 20, on the real backend;
 *  3. requests/s of a generated service with all observability on, against the same
 *     routes on bare fastify (same fastify version, same machine, same run), with autocannon.
 *     The generated service runs with its start script's node arguments, exports every span
 *     to a receiver that counts them, and logs to a file whose access-log lines are counted
 *     and checked for trace ids afterwards: the report says what actually arrived.
 *
 *   node --import tsx packages/e2e-tests/src/bench/goldenPathBench.ts [--only render|task|rps|rps-db] [--template <dir>]
 *
 * --template measures another copy of the template (e.g. an older release taken out of git)
 * in place of templates/typescript-service, for before/after comparisons on the same machine.
 *
 * Besides bare fastify and the service with all its telemetry on, the service runs with
 * tracing sampled, off, and with the access log off too (its own settings), so the figures show what
 * each part costs. Requests/s depend on what else the 2 cores do; the cost per request of each server
 * process (user-space instructions from `perf stat`, when perf works here, and CPU time
 * from /proc) is printed too, as the steadier comparison.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { loadTemplate, renderSkeleton, renderToDirectory } from '@conway/golden-path';
import { freePort, makeTempDir, repoRoot, sleep, startBackend, waitFor } from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';
import { createDatabase, dropDatabases } from '../lib/postgres';

const templateDir = process.argv.includes('--template')
  ? path.resolve(process.argv[process.argv.indexOf('--template') + 1])
  : path.join(repoRoot, 'templates/typescript-service');
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

/** Bare fastify with the database route of the service: same validation, query, pool size and response schema. */
const BARE_DATABASE_SERVER = `
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const fastify = require('fastify')({ logger: false });
const greeting = { type: 'object', required: ['name', 'message'], properties: { id: { type: 'string' },
  name: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' } } };
fastify.get('/healthz', async () => ({ status: 'ok' }));
fastify.get('/v1/greetings/:id', { schema: { params: { type: 'object', required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } } }, response: { 200: greeting } } },
  async (req, reply) => {
    const { rows } = await pool.query('select id, name, message, created_at from greetings where id = $1', [req.params.id]);
    if (rows.length === 0) return reply.code(404).send({ statusCode: 404 });
    const row = rows[0];
    return { id: row.id, name: row.name, message: row.message, createdAt: row.created_at.toISOString() };
  });
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/** What each benchmark route sends: validated body in memory, or a primary-key read from PostgreSQL. */
interface RouteUnderLoad {
  label: string;
  path: string;
  method: 'GET' | 'POST';
  body?: string;
}

const IN_MEMORY_ROUTE: RouteUnderLoad = { label: 'POST /v1/greetings', path: '/v1/greetings', method: 'POST', body: JSON.stringify({ name: 'bench' }) };

const BENCH_DATABASE = `conway_bench_rps_${process.pid}`;

/** Starts the service once (it migrates), creates one greeting and returns the route that reads it back. */
async function prepareDatabaseRoute(svc: string, startArgs: string[], env: Record<string, string>): Promise<RouteUnderLoad> {
  const port = await freePort();
  const child = spawn(process.execPath, startArgs, { cwd: svc, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/healthz`);
    return await readRouteFor(baseUrl);
  } finally {
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
}

async function readRouteFor(baseUrl: string): Promise<RouteUnderLoad> {
  const response = await fetch(`${baseUrl}/v1/greetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (response.status !== 201) throw new Error(`creating the greeting to read: HTTP ${response.status}`);
  const { id } = (await response.json()) as { id: string };
  return { label: 'GET /v1/greetings/:id (PostgreSQL read)', path: `/v1/greetings/${id}`, method: 'GET' };
}

async function waitForHttp(url: string) {
  await waitFor(url, async () => ((await fetch(url).catch(() => undefined))?.ok ? true : undefined), 30_000);
}

async function load(url: string, route: RouteUnderLoad) {
  const result = await autocannon({
    url: `${url}${route.path}`,
    method: route.method,
    ...(route.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: route.body }),
    connections: 20,
    duration: 10,
  });
  if (result.non2xx || result.errors) throw new Error(`load errors: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

/**
 * An OTLP/HTTP (JSON) receiver that accepts every export and counts the spans
 * in it, so the generated service really serialises and sends each span.
 * It counts `"spanId":` keys instead of parsing the body: it runs in this
 * process, beside autocannon, and must not slow the load generator.
 */
async function startSpanCounter() {
  const marker = Buffer.from('"spanId":');
  let spans = 0;
  let exports = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + marker.length)) spans++;
      exports++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
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

/** Access-log lines of POST /v1/greetings in a log file, and how many lack a trace id. */
async function countAccessLogLines(file: string) {
  let lines = 0;
  let withoutTraceId = 0;
  const input = readline.createInterface({ input: fs.createReadStream(file) });
  for await (const line of input) {
    if (!line.includes('"request completed"') || !line.includes('/v1/greetings')) continue;
    lines++;
    const entry = JSON.parse(line);
    if (!/^[0-9a-f]{32}$/.test(entry.trace_id ?? '') || !/^[0-9a-f]{16}$/.test(entry.span_id ?? '')) withoutTraceId++;
  }
  return { lines, withoutTraceId };
}

/** CPU time (user + system) of a process so far, in µs, from /proc/<pid>/stat. */
function cpuMicros(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * Counts the user-space instructions a process executes while `during` runs
 * (`perf stat -e instructions:u -p`); undefined where perf cannot count here.
 */
async function countInstructions(pid: number, during: () => Promise<void>): Promise<number | undefined> {
  const perf = spawn('perf', ['stat', '-x', ',', '-e', 'instructions:u', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  perf.stderr.on('data', chunk => (output += chunk));
  const exited = new Promise<void>(resolve => {
    perf.once('exit', () => resolve());
    perf.once('error', () => resolve());
  });
  await sleep(200); // perf attaches before the load starts
  try {
    await during();
  } finally {
    perf.kill('SIGINT');
    await exited;
  }
  const count = Number(/^(\d+),/m.exec(output)?.[1]);
  return Number.isFinite(count) && count > 0 ? count : undefined;
}

/**
 * The servers measured. `all` is the target configuration; the others switch
 * one kind of telemetry off at a time with the service's own settings, so the
 * script itself shows what each kind costs per request.
 */
const VARIANTS: { key: string; label: string; env?: Record<string, string> }[] = [
  { key: 'bare', label: 'bare fastify' },
  { key: 'all', label: 'generated, all on: every request traced and exported, metrics, access log', env: {} },
  { key: 'sampled', label: 'generated, 10 % of new traces recorded (OTEL_TRACES_SAMPLER_ARG=0.1)', env: { OTEL_TRACES_SAMPLER_ARG: '0.1' } },
  { key: 'untraced', label: 'generated, tracing off (OTEL_SDK_DISABLED=true): metrics, access log', env: { OTEL_SDK_DISABLED: 'true' } },
  { key: 'metrics', label: 'generated, tracing off, no access log (LOG_LEVEL=warn): metrics only', env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' } },
];

/**
 * Requests/s of the service against bare fastify on one route. With `database`, the service is
 * rendered with PostgreSQL (a throwaway database on this machine's server, migrated by the
 * service at start-up) and the route reads one row by primary key: the same fixed telemetry cost
 * on a route that does some work.
 */
async function benchRps(database: boolean) {
  const dir = makeTempDir('rps');
  const svc = path.join(dir, 'rps-service');
  const template = await loadTemplate(templateDir);
  await renderToDirectory(template, { ...answers('rps-service'), database: database ? 'postgres' : 'none' }, svc);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: svc, stdio: 'inherit' });
  execFileSync('npm', ['run', 'build'], { cwd: svc, stdio: 'inherit' });
  fs.writeFileSync(path.join(svc, 'bare.js'), database ? BARE_DATABASE_SERVER : BARE_SERVER);
  // The generated service starts as in production: its own start script's node arguments.
  const [command, ...startArgs] = String(JSON.parse(fs.readFileSync(path.join(svc, 'package.json'), 'utf8')).scripts.start).split(/\s+/);
  if (command !== 'node') throw new Error(`unexpected start script: ${command}`);
  // Another template (--template, e.g. an older release) may not know the switches: bare and all only.
  const variants = process.argv.includes('--template') ? VARIANTS.slice(0, 2) : VARIANTS;
  const databaseEnv: Record<string, string> = database ? { DATABASE_URL: await createDatabase(BENCH_DATABASE) } : {};
  try {
    // The service migrates the database at start-up; one run of it also adds the row that is read.
    const route = database ? await prepareDatabaseRoute(svc, startArgs, databaseEnv) : IN_MEMORY_ROUTE;
    const collector = await startSpanCounter();
    const reqPerSec: Record<string, number[]> = {};
    const costs: Record<string, string[]> = {};
    const cpu: Record<string, number[]> = {};
    const requests: Record<string, number> = {};
    const spans: Record<string, number> = {};
    let accessLog = { lines: 0, withoutTraceId: 0 };
    for (const round of [1, 2]) {
      for (const variant of variants) {
        const port = await freePort();
        const spansAtStart = collector.counts().spans;
        // Logs go to a file, as a container runtime would take them, and are checked afterwards.
        const logFile = path.join(dir, `${variant.key}-${round}.log`);
        const logFd = variant.env ? fs.openSync(logFile, 'w') : undefined;
        const child =
          variant.env === undefined
            ? spawn(process.execPath, ['bare.js'], { cwd: svc, env: { ...process.env, ...databaseEnv, PORT: String(port) }, stdio: 'ignore' })
            : spawn(process.execPath, startArgs, {
                cwd: svc,
                env: {
                  ...process.env,
                  PORT: String(port),
                  HOST: '127.0.0.1',
                  LOG_LEVEL: 'info',
                  OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
                  ...databaseEnv,
                  ...variant.env,
                },
                stdio: ['ignore', logFd ?? 'ignore', 'inherit'],
              });
        try {
          await waitForHttp(`http://127.0.0.1:${port}/healthz`);
          const warmUp = await load(`http://127.0.0.1:${port}`, route);
          const cpuBefore = cpuMicros(child.pid!);
          let r!: autocannon.Result;
          const instructions = await countInstructions(child.pid!, async () => {
            r = await load(`http://127.0.0.1:${port}`, route);
          });
          const cpuPerRequest = (cpuMicros(child.pid!) - cpuBefore) / r.requests.total;
          (reqPerSec[variant.key] ??= []).push(r.requests.average);
          (cpu[variant.key] ??= []).push(cpuPerRequest);
          (costs[variant.key] ??= []).push(
            `${Math.round(r.requests.average)} req/s, ${cpuPerRequest.toFixed(0)} µs CPU${instructions === undefined ? '' : `, ${Math.round(instructions / r.requests.total / 1000)} k instructions`}`,
          );
          requests[variant.key] = (requests[variant.key] ?? 0) + warmUp.requests.total + r.requests.total;
          if (round === 2) {
            rows.push([`${route.label}, ${variant.label}: round 2`, `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`, '–']);
          }
        } finally {
          const exited = new Promise(resolve => child.once('exit', resolve));
          child.kill('SIGTERM');
          // The generated service flushes its spans on SIGTERM before it exits.
          await Promise.race([exited, sleep(10_000)]);
          if (logFd !== undefined) fs.closeSync(logFd);
        }
        spans[variant.key] = (spans[variant.key] ?? 0) + collector.counts().spans - spansAtStart;
        if (variant.key === 'all') {
          const counted = await countAccessLogLines(logFile);
          accessLog = { lines: accessLog.lines + counted.lines, withoutTraceId: accessLog.withoutTraceId + counted.withoutTraceId };
        }
      }
    }
    await collector.close();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bare = mean(reqPerSec.bare);
    rows.push(['Cost per request of each server process (rounds 1; 2): req/s, CPU time from /proc, user-space instructions where perf works', '', '–']);
    for (const variant of variants) rows.push([`– ${variant.label}`, costs[variant.key].join('; '), '–']);
    for (const variant of variants.slice(1)) {
      rows.push([
        `${route.label}, throughput / bare fastify, mean of 2 rounds: ${variant.label}`,
        `${((100 * mean(reqPerSec[variant.key])) / bare).toFixed(0)} %`,
        variant.key === 'all' ? '≥ 80 %' : '–',
      ]);
    }
    if (cpu.metrics) {
      // Differences of mean CPU per request between neighbouring variants.
      const part = (a: string, b: string) => `${(mean(cpu[a]) - mean(cpu[b])).toFixed(0)} µs`;
      rows.push([`${route.label}, CPU per request by part (differences of the means above)`,
        `tracing and export ${part('all', 'untraced')} (10 % sampled: ${part('sampled', 'untraced')}), access log ${part('untraced', 'metrics')}, ` +
        `metrics and the rest of the service ${part('metrics', 'bare')}, bare fastify ${mean(cpu.bare).toFixed(0)} µs`, '–']);
    }
    rows.push([`${route.label}, telemetry of the generated service with all on, received`,
      `${spans.all} spans and ${accessLog.lines} access-log lines (${accessLog.withoutTraceId} without trace id) for ${requests.all} requests`, '–']);
    if (requests.sampled) {
      // Spans per request relative to all on: a traced request may carry more than one span (its queries).
      const recorded = spans.sampled / requests.sampled / (spans.all / requests.all);
      rows.push([`${route.label}, spans received with 10 % sampling`,
        `${spans.sampled} for ${requests.sampled} requests: ${(100 * recorded).toFixed(1)} % of requests traced`, '–']);
    }
  } finally {
    if (database) await dropDatabases(BENCH_DATABASE);
  }
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (!only || only === 'render') await benchRender();
  if (!only || only === 'task') await benchTasks();
  if (!only || only === 'rps') await benchRps(false);
  if (!only || only === 'rps-db') await benchRps(true);
  console.log('\n| Measure | Result | Target |\n|---|---|---|');
  for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
