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
 *   node --import tsx packages/e2e-tests/src/bench/goldenPathBench.ts [--only render|task|rps|rps-db[,...]] [--template <dir>] [--no-pin] [--rate 4000] [--cycles 16]
 *
 * --template measures another copy of the template (e.g. an older release taken out of git)
 * in place of templates/typescript-service, for before/after comparisons on the same machine.
 *
 * Besides bare fastify and the service with all its telemetry on, the service runs with
 * tracing sampled, off, and with the access log off too (its own settings), so the figures show what
 * each part costs; then the same service instrumented the common way (OpenTelemetry's Node SDK with
 * the auto-instrumentations' defaults) and Red Hat Developer Hub's nodejs-backend skeleton
 * (comparisonServers.ts). Every server runs on the Node.js generated services target (24).
 * Requests/s depend on what else the 2 cores do; the cost per request of each server
 * process (user-space instructions from `perf stat`, when perf works here, and CPU time
 * from /proc) is printed too, as the steadier comparison, and so is the floor: each telemetry
 * component measured alone (telemetryFloor.ts). The telemetry verdicts come from the paired
 * cycles (pairedCosts): every server running at once, driven in turn a few seconds each, each
 * difference to bare fastify taken within one cycle; the spread over the cycles is printed too.
 * The rounds and the paired cycles also run the in-place floor: bare fastify with the same telemetry written by
 * hand in two hooks on the service's own components, built up one part at a time
 * (HANDMADE_TELEMETRY_SERVER), so a part's floor is also measured where it runs, in a request.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { loadTemplate, renderSkeleton, renderToDirectory } from '@conway/golden-path';
import { freePort, makeTempDir, repoRoot, sleep, startBackend, waitFor } from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';
import { createDatabase, dropDatabases } from '../lib/postgres';
import { nodeBinDir } from '../lib/serviceNode';
import { BARE_DATABASE_SERVER, BARE_SERVER, HANDMADE_TELEMETRY_SERVER, prepareCommonWayService, prepareRhdhNodejsBackend } from './comparisonServers';
import { startSpanCounter } from './otlpCounter';
import { cpuMicros, cpuNanos, SERVER_CPU, spawnServer } from './pinnedServer';
import { floorPerRequest, measureTelemetryFloor, type TelemetryFloor } from './telemetryFloor';

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
/** Generated services target Node.js 24 (their .nvmrc); every server measured here runs on it. */
const SERVICE_NODE = path.join(nodeBinDir(24), 'node');
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
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
  const child = spawn(SERVICE_NODE, startArgs, { cwd: svc, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
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

/**
 * Requests/s at saturation depend on how many requests share one event-loop turn (one epoll
 * wake-up, one log write): a slower server batches more and pays less per request, so CPU per
 * request measured at saturation mixes telemetry's cost with batching. Every server is therefore
 * also driven at one fixed rate (`--rate`, default 4,000 req/s, which each of them sustains here except the common way on the database route):
 * the same arrivals for all, so the CPU difference per request is what the telemetry itself costs.
 */
const FIXED_RATE = process.argv.includes('--rate') ? Number(process.argv[process.argv.indexOf('--rate') + 1]) : 4000;

async function load(url: string, route: RouteUnderLoad, overallRate?: number, duration = 10) {
  const result = await autocannon({
    url: `${url}${route.path}`,
    method: route.method,
    ...(route.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: route.body }),
    connections: 20,
    duration,
    ...(overallRate === undefined ? {} : { overallRate }),
  });
  if (result.non2xx || result.errors) throw new Error(`load errors: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
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
 * The servers measured. `all` is the target configuration; the next ones switch
 * one kind of telemetry off at a time with the service's own settings, so the
 * script itself shows what each kind costs per request. `common` is the same
 * service instrumented the common way, `rhdh` RHDH's nodejs-backend skeleton on its
 * own route (no-I/O benchmark only).
 */
interface Variant {
  key: string;
  label: string;
  server: 'bare' | 'service' | 'common' | 'rhdh' | 'handmade';
  env?: Record<string, string>;
}

const VARIANTS: Variant[] = [
  { key: 'bare', label: 'bare fastify', server: 'bare' },
  { key: 'all', label: 'generated, all on: every request traced and exported, metrics, access log', server: 'service', env: {} },
  { key: 'sampled', label: 'generated, 10 % of new traces recorded (OTEL_TRACES_SAMPLER_ARG=0.1)', server: 'service', env: { OTEL_TRACES_SAMPLER_ARG: '0.1' } },
  { key: 'untraced', label: 'generated, tracing off (OTEL_SDK_DISABLED=true): metrics, access log', server: 'service', env: { OTEL_SDK_DISABLED: 'true' } },
  { key: 'metrics', label: 'generated, tracing off, no access log (LOG_LEVEL=warn): metrics only', server: 'service', env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' } },
  { key: 'common', label: 'generated, instrumented the common way (sdk-node + auto-instrumentations defaults), metrics, access log', server: 'common', env: {} },
  { key: 'rhdh', label: "RHDH nodejs-backend skeleton (Express hello-world, GET /, no telemetry)", server: 'rhdh' },
];

/**
 * The in-place floor (comparisonServers.ts, HANDMADE_TELEMETRY_SERVER), in the rounds and the paired
 * cycles: bare fastify with the service's telemetry by hand, built up one part at a time.
 */
const HANDMADE_VARIANTS: Variant[] = [
  { key: 'handHooks', label: 'by hand: two empty hooks', server: 'handmade', env: { HANDMADE_PARTS: 'hooks' } },
  { key: 'handLog', label: '+ the access line', server: 'handmade', env: { HANDMADE_PARTS: 'hooks,log' } },
  { key: 'handMetrics', label: '+ the histogram', server: 'handmade', env: { HANDMADE_PARTS: 'hooks,log,metrics' } },
  { key: 'handContext', label: '+ ids, sampling decision, context (nothing recorded)', server: 'handmade', env: { HANDMADE_PARTS: 'hooks,log,metrics,context', OTEL_TRACES_SAMPLER_ARG: '0' } },
  { key: 'handSampled', label: '+ spans, 10 % recorded', server: 'handmade', env: { OTEL_TRACES_SAMPLER_ARG: '0.1' } },
  { key: 'handAll', label: '+ spans, every request recorded', server: 'handmade', env: {} },
];

const RHDH_ROUTE: RouteUnderLoad = { label: 'GET / (RHDH hello-world)', path: '/', method: 'GET' };

const us = (x: number) => `${x.toFixed(1)} µs`;

function floorRows(floor: TelemetryFloor) {
  rows.push(['Floor on this machine (CPU µs per call, median of 7 loops, Node 24, the service\'s own modules)',
    `context propagation per request ${us(floor.context)}; span start/end (recorded, into the export queue${floor.encodedAtEnd ? ', encoded there' : ''}) ${us(floor.span)}; ` +
    `sampling decision of a request not recorded ${us(floor.unsampled)}; OTLP protobuf serialisation per span ${us(floor.serialize)} (the SDK's serializer: ${us(floor.sdkSerialize)}); ` +
    `request logger with trace ids ${us(floor.requestLogger)} (a pino child: ${us(floor.pinoRequestLogger)}); ` +
    `one access-log line ${us(floor.logLine)} (through pino: ${us(floor.pinoLogLine)}); one histogram observation ${us(floor.histogram)}`, '–']);
}

/**
 * The in-place floor's lines: each hand-made step above bare fastify, and each part's cost in
 * place (the median over the cycles of the difference between neighbouring steps in one cycle).
 */
function handmadeRows(route: RouteUnderLoad, paired: Record<string, number[]>, cpuAtRate: Record<string, number[]>, database: boolean) {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const atRate = (key: string) => mean(cpuAtRate[key]) - mean(cpuAtRate.bare);
  if (database) {
    const share = (xs: number[], bare: number[]) => median(xs.map((x, cycle) => (100 * bare[cycle]) / (bare[cycle] + x)));
    rows.push([`${route.label}, **in-place floor**: the same route with the service's telemetry by hand (request and query spans, access line, histogram), above bare fastify + pg`,
      `two empty hooks: paired ${us(median(paired.handHooks))}, at ${FIXED_RATE} req/s ${us(atRate('handHooks'))}; all on: paired ${us(median(paired.handAll))}, at ${FIXED_RATE} req/s ${us(atRate('handAll'))}; ` +
      `the service all on: paired ${us(median(paired.all))}, at ${FIXED_RATE} req/s ${us(atRate('all'))}`, '–']);
    rows.push([`${route.label}, requests one core serves, all on / bare fastify + pg (paired, median of cycles): the service; by hand`,
      `${share(paired.all, paired.bareItself).toFixed(0)} %; ${share(paired.handAll, paired.bareItself).toFixed(0)} %`, '≥ 80 %']);
    return;
  }
  rows.push([`${route.label}, **in-place floor**, paired: the service's telemetry written by hand in two fastify hooks on bare fastify (comparisonServers.ts), above bare fastify`,
    HANDMADE_VARIANTS.map(v => `${v.label}: ${us(median(paired[v.key]))}`).join('; '), '–']);
  const partCost = (key: string, before: string | undefined) => median(paired[key].map((x, cycle) => x - (before === undefined ? 0 : paired[before][cycle])));
  rows.push([`${route.label}, in-place floor by part (median over the cycles of neighbouring steps' difference)`,
    `hooks ${us(partCost('handHooks', undefined))}; access line ${us(partCost('handLog', 'handHooks'))}; histogram ${us(partCost('handMetrics', 'handLog'))}; ` +
    `ids, sampling, context ${us(partCost('handContext', 'handMetrics'))}; recording and exporting every span ${us(partCost('handAll', 'handContext'))}`, '–']);
  rows.push([`${route.label}, targets against the in-place floor (paired medians): all on; 10 % sampled`,
    `service ${us(median(paired.all))}, by hand ${us(median(paired.handAll))} (target ≤ 15 µs); service ${us(median(paired.sampled))}, by hand ${us(median(paired.handSampled))} (target ≤ 5 µs); ` +
    `service above the hand-made floor, median of cycles: all on ${us(partCost('all', 'handAll'))}, 10 % sampled ${us(partCost('sampled', 'handSampled'))}`, '–']);
  // The same from the rounds at the fixed rate: each server alone for its ten seconds, means of the two rounds.
  rows.push([`${route.label}, in-place floor from the rounds at ${FIXED_RATE} req/s (means of 2 rounds, above bare fastify)`,
    `${HANDMADE_VARIANTS.map(v => `${v.label.replace('by hand: ', '')}: ${us(atRate(v.key))}`).join('; ')}` +
      `; the service: all on ${us(atRate('all'))}, 10 % sampled ${us(atRate('sampled'))}, tracing off ${us(atRate('untraced'))}`, '–']);
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  // The generated service flushes its spans on SIGTERM before it exits.
  await Promise.race([exited, sleep(10_000)]);
}

const PAIRED_CYCLES = process.argv.includes('--cycles') ? Number(process.argv[process.argv.indexOf('--cycles') + 1]) : 16;
const PAIRED_SLICE_SECONDS = 2;

/**
 * Telemetry's CPU per request, paired. This host's speed drifts by up to 2× within minutes (bare
 * fastify alone read 30–65 µs per request in one window), more than the differences measured, and
 * the rounds above run each server for ~30 s one after the other. Here every server runs at once
 * (an idle one costs nothing) and each cycle drives each of them in turn at the fixed rate for
 * 2 s, in an order rotated from cycle to cycle, reading its CPU time from every thread's
 * nanosecond run time. Each server's cost above bare fastify is taken within the same cycle, a
 * few seconds apart, and the median over the cycles reported beside the lowest and highest: slow
 * drift cancels, but this host also moves within seconds (bare fastify 31–93 µs per request
 * between 2 s slices in one run), which only the median over many cycles dampens.
 */
async function pairedCosts(
  variants: Variant[],
  route: RouteUnderLoad,
  startServer: (variant: Variant, port: number, logFd: number | undefined) => ChildProcess,
  dir: string,
): Promise<Record<string, number[]>> {
  const servers = [];
  try {
    for (const variant of variants) {
      const port = await freePort();
      const logFd = variant.env ? fs.openSync(path.join(dir, `${variant.key}-paired.log`), 'w') : undefined;
      const child = startServer(variant, port, logFd);
      servers.push({ variant, url: `http://127.0.0.1:${port}`, child, logFd });
      await waitForHttp(`http://127.0.0.1:${port}/healthz`);
      await load(`http://127.0.0.1:${port}`, route, FIXED_RATE, 5); // warm-up
    }
    const aboveBare: Record<string, number[]> = {};
    for (let cycle = 0; cycle < PAIRED_CYCLES; cycle++) {
      const perRequest: Record<string, number> = {};
      for (let i = 0; i < servers.length; i++) {
        const { variant, url, child } = servers[(i + cycle) % servers.length];
        const before = cpuNanos(child.pid!);
        const result = await load(url, route, FIXED_RATE, PAIRED_SLICE_SECONDS);
        perRequest[variant.key] = (cpuNanos(child.pid!) - before) / 1000 / result.requests.total;
      }
      for (const { variant } of servers) {
        if (variant.key === 'bare') continue;
        (aboveBare[variant.key] ??= []).push(perRequest[variant.key] - perRequest.bare);
        // What one core serves of it, as a share of bare fastify: the inverse ratio of CPU per request.
        (aboveBare[`${variant.key}Share`] ??= []).push((100 * perRequest.bare) / perRequest[variant.key]);
      }
      (aboveBare.bareItself ??= []).push(perRequest.bare);
    }
    return aboveBare;
  } finally {
    for (const { child, logFd } of servers) {
      await stopServer(child);
      if (logFd !== undefined) fs.closeSync(logFd);
    }
  }
}

/** A list's median and its spread (lowest and highest), for the paired figures. */
const spread = (xs: number[]) => `${us(median(xs))} (${us(Math.min(...xs))} to ${us(Math.max(...xs))} over ${xs.length} cycles)`;

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
  fs.writeFileSync(path.join(svc, 'handmade.js'), HANDMADE_TELEMETRY_SERVER);
  // The generated service starts as in production: its own start script's node arguments.
  const [command, ...startArgs] = String(JSON.parse(fs.readFileSync(path.join(svc, 'package.json'), 'utf8')).scripts.start).split(/\s+/);
  if (command !== 'node') throw new Error(`unexpected start script: ${command}`);
  // Another template (--template, e.g. an older release) may not know the switches: bare and all only.
  const otherTemplate = process.argv.includes('--template');
  // The database run takes the hand-made floor's first and last steps only (it is the longer run).
  const handmade = database ? HANDMADE_VARIANTS.filter(v => ['handHooks', 'handAll'].includes(v.key)) : HANDMADE_VARIANTS;
  const variants = [...VARIANTS, ...handmade].filter(v =>
    otherTemplate ? ['bare', 'all'].includes(v.key) : !(database && v.server === 'rhdh'));
  const commonSvc = path.join(dir, 'rps-service-common');
  if (variants.some(v => v.server === 'common')) prepareCommonWayService(svc, commonSvc);
  const rhdhDir = path.join(dir, 'rhdh-nodejs-backend');
  if (variants.some(v => v.server === 'rhdh')) prepareRhdhNodejsBackend(rhdhDir);
  const databaseEnv: Record<string, string> = database ? { DATABASE_URL: await createDatabase(BENCH_DATABASE) } : {};
  try {
    // The service migrates the database at start-up; one run of it also adds the row that is read.
    const route = database ? await prepareDatabaseRoute(svc, startArgs, databaseEnv) : IN_MEMORY_ROUTE;
    const collector = await startSpanCounter();
    /** One variant's server on `port`; the generated service's logs go to `logFd` (as a container runtime would take them). */
    const startServer = (variant: Variant, port: number, logFd: number | undefined) =>
      variant.server === 'bare' || variant.server === 'rhdh'
        ? spawnServer(SERVICE_NODE, [variant.server === 'bare' ? 'bare.js' : 'index.js'], {
            cwd: variant.server === 'bare' ? svc : rhdhDir,
            env: { ...process.env, ...databaseEnv, PORT: String(port) },
            stdio: 'ignore',
          })
        : spawnServer(SERVICE_NODE, variant.server === 'handmade' ? ['handmade.js'] : startArgs, {
            cwd: variant.server === 'common' ? commonSvc : svc,
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
    const reqPerSec: Record<string, number[]> = {};
    const costs: Record<string, string[]> = {};
    const cpu: Record<string, number[]> = {};
    const cpuAtRate: Record<string, number[]> = {};
    const requests: Record<string, number> = {};
    const spans: Record<string, number> = {};
    const accessLog: Record<string, { lines: number; withoutTraceId: number }> = {};
    for (const round of [1, 2]) {
      for (const variant of variants) {
        const port = await freePort();
        const spansAtStart = collector.counts().spans;
        const variantRoute = variant.server === 'rhdh' ? RHDH_ROUTE : route;
        // Logs go to a file, as a container runtime would take them, and are checked afterwards.
        const logFile = path.join(dir, `${variant.key}-${round}.log`);
        const logFd = variant.env ? fs.openSync(logFile, 'w') : undefined;
        const child = startServer(variant, port, logFd);
        try {
          await waitForHttp(`http://127.0.0.1:${port}${variant.server === 'rhdh' ? '/' : '/healthz'}`);
          const warmUp = await load(`http://127.0.0.1:${port}`, variantRoute);
          const cpuBefore = cpuMicros(child.pid!);
          let r!: autocannon.Result;
          const instructions = await countInstructions(child.pid!, async () => {
            r = await load(`http://127.0.0.1:${port}`, variantRoute);
          });
          const cpuPerRequest = (cpuMicros(child.pid!) - cpuBefore) / r.requests.total;
          const cpuBeforeRate = cpuMicros(child.pid!);
          const atRate = await load(`http://127.0.0.1:${port}`, variantRoute, FIXED_RATE);
          const cpuPerRequestAtRate = (cpuMicros(child.pid!) - cpuBeforeRate) / atRate.requests.total;
          (cpuAtRate[variant.key] ??= []).push(cpuPerRequestAtRate);
          (reqPerSec[variant.key] ??= []).push(r.requests.average);
          (cpu[variant.key] ??= []).push(cpuPerRequest);
          (costs[variant.key] ??= []).push(
            `${Math.round(r.requests.average)} req/s, ${cpuPerRequest.toFixed(0)} µs CPU${instructions === undefined ? '' : `, ${Math.round(instructions / r.requests.total / 1000)} k instructions`}` +
              `; at ${Math.round(atRate.requests.average)} req/s ${cpuPerRequestAtRate.toFixed(0)} µs CPU`,
          );
          requests[variant.key] = (requests[variant.key] ?? 0) + warmUp.requests.total + r.requests.total + atRate.requests.total;
          if (round === 2) {
            rows.push([`${variantRoute.label}, ${variant.label}: round 2`, `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`, '–']);
          }
        } finally {
          await stopServer(child);
          if (logFd !== undefined) fs.closeSync(logFd);
        }
        spans[variant.key] = (spans[variant.key] ?? 0) + collector.counts().spans - spansAtStart;
        if (variant.key === 'all' || variant.key === 'sampled') {
          const counted = await countAccessLogLines(logFile);
          const sum = accessLog[variant.key] ?? { lines: 0, withoutTraceId: 0 };
          accessLog[variant.key] = { lines: sum.lines + counted.lines, withoutTraceId: sum.withoutTraceId + counted.withoutTraceId };
        }
      }
    }
    const pairedVariants = variants.filter(v => ['bare', 'all', 'sampled', 'untraced', 'common'].includes(v.key) || v.server === 'handmade');
    const paired = otherTemplate ? undefined : await pairedCosts(pairedVariants, route, startServer, dir);
    await collector.close();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bare = mean(reqPerSec.bare);
    const telemetryCpu = (key: string) => mean(cpu[key]) - mean(cpu.bare);
    const telemetryCpuAtRate = (key: string) => mean(cpuAtRate[key]) - mean(cpuAtRate.bare);
    rows.push([`Cost per request of each server process (rounds 1; 2): req/s at saturation, CPU time from /proc, user-space instructions where perf works; then CPU time at a fixed ${FIXED_RATE} req/s`, '', '–']);
    for (const variant of variants) rows.push([`– ${variant.label}`, costs[variant.key].join('; '), '–']);
    for (const variant of variants.slice(1).filter(v => v.server !== 'rhdh' && (v.server !== 'handmade' || v.key === 'handAll'))) {
      rows.push([
        `${route.label}, throughput / bare fastify, mean of 2 rounds: ${variant.server === 'handmade' ? 'the in-place floor, all on (the same telemetry by hand)' : variant.label}`,
        `${((100 * mean(reqPerSec[variant.key])) / bare).toFixed(0)} %`,
        variant.key === 'all' && database && paired === undefined ? '≥ 80 %' : '–',
      ]);
    }
    if (paired?.allShare) {
      const shares = paired.allShare;
      rows.push([
        `${route.label}, **paired**: requests one core serves, all on / bare fastify (bare's CPU per request over ours, median of cycles)`,
        `${median(shares).toFixed(0)} % (${Math.min(...shares).toFixed(0)} to ${Math.max(...shares).toFixed(0)} % over ${shares.length} cycles)`,
        database ? '≥ 80 %' : '–',
      ]);
    }
    if (cpu.metrics) {
      // Differences of mean CPU per request between neighbouring variants.
      const part = (a: string, b: string) => `${(mean(cpu[a]) - mean(cpu[b])).toFixed(0)} µs`;
      rows.push([`${route.label}, CPU per request by part (differences of the means above)`,
        `tracing and export ${part('all', 'untraced')} (10 % sampled: ${part('sampled', 'untraced')}), access log ${part('untraced', 'metrics')}, ` +
        `metrics and the rest of the service ${part('metrics', 'bare')}, bare fastify ${mean(cpu.bare).toFixed(0)} µs`, '–']);
    }
    const spansPerTracedRequest = database ? 2 : 1;
    const floor = otherTemplate ? undefined : measureTelemetryFloor(SERVICE_NODE, svc, dir);
    if (floor) floorRows(floor);
    if (cpu.sampled) {
      const floorNote = (fraction: number) => (floor ? ` (floor ${us(floorPerRequest(floor, spansPerTracedRequest, fraction))})` : '');
      const verdictHere = paired === undefined && !database;
      rows.push([`${route.label}, telemetry CPU per request above bare fastify, all on (rounds, saturated)`, `${us(telemetryCpu('all'))}${floorNote(1)}`, verdictHere ? '≤ 15 µs' : '–']);
      rows.push([`${route.label}, telemetry CPU per request above bare fastify, 10 % sampled (rounds, saturated)`, `${us(telemetryCpu('sampled'))}${floorNote(0.1)}`, verdictHere ? '≤ 5 µs' : '–']);
      rows.push([`${route.label}, telemetry CPU per request above bare fastify at a fixed ${FIXED_RATE} req/s (rounds; same arrivals for both): all on; 10 % sampled; tracing off (metrics, access log)`,
        `${us(telemetryCpuAtRate('all'))}; ${us(telemetryCpuAtRate('sampled'))}; ${us(telemetryCpuAtRate('untraced'))}`, '–']);
      if (paired) {
        rows.push([`${route.label}, bare fastify's own CPU per request in the paired cycles at ${FIXED_RATE} req/s (the drift the pairing cancels)`, spread(paired.bareItself), '–']);
        rows.push([`${route.label}, telemetry CPU per request above bare fastify, **paired** (median of cycles at ${FIXED_RATE} req/s, each server ${PAIRED_SLICE_SECONDS} s per cycle): all on`,
          `${spread(paired.all)}${floorNote(1)}`, database ? '–' : '≤ 15 µs']);
        rows.push([`${route.label}, the same, paired: 10 % sampled`, `${spread(paired.sampled)}${floorNote(0.1)}`, database ? '–' : '≤ 5 µs']);
        rows.push([`${route.label}, the same, paired: tracing off (metrics, access log)`, spread(paired.untraced), '–']);
        if (paired.handAll) handmadeRows(route, paired, cpuAtRate, database);
      }
    }
    if (cpu.common) {
      rows.push([`${route.label}, telemetry CPU per request above bare fastify: ours all on / the common way (rounds, saturated)`,
        `${us(telemetryCpu('all'))} / ${us(telemetryCpu('common'))} = ${(telemetryCpu('all') / telemetryCpu('common')).toFixed(2)}; ` +
        `common way ${((100 * mean(reqPerSec.common)) / bare).toFixed(0)} % of bare fastify's req/s, ${spans.common} spans for ${requests.common} requests`, paired ? '–' : '≤ 0.33']);
      if (paired?.common) {
        rows.push([`${route.label}, the same, **paired**: ours all on / the common way`,
          `${us(median(paired.all))} / ${us(median(paired.common))} = ${(median(paired.all) / median(paired.common)).toFixed(2)} (the common way ${spread(paired.common)})`, '≤ 0.33']);
      }
    }
    if (reqPerSec.rhdh) {
      rows.push(['Bare fastify, no telemetry (POST /v1/greetings) / RHDH nodejs-backend (GET /), req/s, mean of 2 rounds: the most any telemetry could reach',
        `${Math.round(bare)} / ${Math.round(mean(reqPerSec.rhdh))} = ${(bare / mean(reqPerSec.rhdh)).toFixed(2)}×`, '–']);
      rows.push(['Generated, all on (POST /v1/greetings) / RHDH nodejs-backend (GET /), req/s, mean of 2 rounds',
        `${Math.round(mean(reqPerSec.all))} / ${Math.round(mean(reqPerSec.rhdh))} = ${(mean(reqPerSec.all) / mean(reqPerSec.rhdh)).toFixed(2)}× ` +
        `(CPU per request ${us(mean(cpu.all))} / ${us(mean(cpu.rhdh))})`, '≥ 2×']);
    }
    rows.push([`${route.label}, telemetry of the generated service with all on, received`,
      `${spans.all} spans (${spansPerTracedRequest} per traced request expected: ${spansPerTracedRequest * requests.all}) and ${accessLog.all.lines} access-log lines ` +
      `(${accessLog.all.withoutTraceId} without trace id) for ${requests.all} requests`, 'spans = requests traced, every line with its trace id']);
    if (requests.sampled) {
      const recorded = spans.sampled / spansPerTracedRequest / requests.sampled;
      rows.push([`${route.label}, with 10 % sampling: spans received, access-log lines`,
        `${spans.sampled} spans for ${requests.sampled} requests: ${(100 * recorded).toFixed(1)} % of requests traced; ` +
        `${accessLog.sampled.lines} access-log lines, ${accessLog.sampled.withoutTraceId} without trace id`, 'every line with its trace id']);
    }
  } finally {
    if (database) await dropDatabases(BENCH_DATABASE);
  }
}

async function main() {
  // --only takes one part or several, comma-separated: --only rps,rps-db
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
  const runs = (part: string) => only === undefined || only.includes(part);
  if (runs('render')) await benchRender();
  if (runs('task')) await benchTasks();
  if (runs('rps')) await benchRps(false);
  if (runs('rps-db')) await benchRps(true);
  console.log(SERVER_CPU === undefined
    ? '\nServers unpinned (one core, no taskset, or --no-pin).'
    : `\nEach server pinned to CPU ${SERVER_CPU}; autocannon and the span counter on the other core(s).`);
  console.log('\n| Measure | Result | Target |\n|---|---|---|');
  for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
