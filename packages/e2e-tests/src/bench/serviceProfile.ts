/**
 * Where a generated service's CPU goes per request (issue 15): runs one rendered and built
 * service (or bare fastify beside it) at a fixed arrival rate, one telemetry setting at a
 * time, and prints per request what the process spent (CPU time and minor page faults from
 * /proc, V8's garbage-collection pauses from `--trace-gc-nvp`, with the bytes promoted to the old generation), and with `--cpu-prof` the
 * functions with the most self time. goldenPathBench.ts gives the verdicts; this script
 * explains them.
 *
 *   node --import tsx packages/e2e-tests/src/bench/serviceProfile.ts --service <dir> \
 *     [--variants bare,all,sampled,untraced] [--rate 1500] [--seconds 10] [--cpu-prof] [--top 25]
 *
 * `<dir>` is a service rendered from templates/typescript-service with `database: none`,
 * `npm ci` and `npm run build` done (goldenPathBench.ts renders one in its temporary
 * directory; `--keep` there is not needed: render one with the golden-path library).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, sleep, waitFor } from '../lib/backend';
import { nodeBinDir } from '../lib/serviceNode';
import { BARE_SERVER } from './comparisonServers';
import { startSpanCounter } from './otlpCounter';
import { procStat, spawnServer } from './pinnedServer';

const argument = (name: string, fallback: string) =>
  process.argv.includes(name)
    ? process.argv[process.argv.indexOf(name) + 1]
    : fallback;

const SERVICE_DIR = path.resolve(argument('--service', ''));
const RATE = Number(argument('--rate', '1500'));
const SECONDS = Number(argument('--seconds', '10'));
const TOP = Number(argument('--top', '25'));
const CPU_PROFILE = process.argv.includes('--cpu-prof');
const NODE = path.join(nodeBinDir(24), 'node');

/** The service's own telemetry settings, as goldenPathBench.ts names them. */
const VARIANT_ENV: Record<string, Record<string, string> | undefined> = {
  bare: undefined,
  all: {},
  sampled: { OTEL_TRACES_SAMPLER_ARG: '0.1' },
  unsampled: { OTEL_TRACES_SAMPLER_ARG: '0' },
  // Every request traced, but no collector configured: spans are recorded and dropped at once.
  unexported: { OTEL_EXPORTER_OTLP_ENDPOINT: '' },
  untraced: { OTEL_SDK_DISABLED: 'true' },
  metrics: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' },
};

/**
 * What V8 reported with --trace-gc-nvp while measuring: collections, their total pause, and the
 * bytes that scavenges promoted to the old generation (objects that outlived two scavenges).
 */
function gcFigures(lines: string[]): {
  scavenges: number;
  markCompacts: number;
  pauseMs: number;
  promotedBytes: number;
} {
  let scavenges = 0;
  let markCompacts = 0;
  let pauseMs = 0;
  let promotedBytes = 0;
  for (const line of lines) {
    // e.g. "[123:0x...:0]   1234 ms: pause=3.7 mutator=93.7 gc=s ... promoted=419000 ..."
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (kind === undefined) continue;
    if (kind === 's') scavenges++;
    else if (kind === 'mc') markCompacts++;
    pauseMs += Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0);
    if (kind === 's')
      promotedBytes += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { scavenges, markCompacts, pauseMs, promotedBytes };
}

/** Self time by function from a .cpuprofile, the `top` largest, as shares of all samples. */
function topFunctions(file: string, top: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples: number[];
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)!;
    const where = frame.url
      ? `${frame.url
          .replace(/^.*node_modules\//, '')
          .replace(/^file:\/\/.*\/dist\//, 'dist/')}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([key, n]) => `${((100 * n) / total).toFixed(1).padStart(5)} %  ${key}`,
    );
}

async function measure(
  variant: string,
  collectorUrl: string,
  profileDir: string,
) {
  const env = VARIANT_ENV[variant];
  const port = await freePort();
  const nodeArgs = [
    '--trace-gc-nvp',
    ...(CPU_PROFILE
      ? [
          '--cpu-prof',
          '--cpu-prof-interval',
          '100',
          '--cpu-prof-dir',
          profileDir,
        ]
      : []),
  ];
  const start =
    env === undefined
      ? ['bare.js']
      : String(
          JSON.parse(
            fs.readFileSync(path.join(SERVICE_DIR, 'package.json'), 'utf8'),
          ).scripts.start,
        )
          .split(/\s+/)
          .slice(1);
  const args = [...nodeArgs, ...start];
  const child: ChildProcess = spawnServer(NODE, args, {
    cwd: SERVICE_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // --trace-gc-nvp writes to stdout, and so does the service's log: GC lines are kept, log lines counted.
  const gcLines: string[] = [];
  let measuring = false;
  let logLines = 0;
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{')) logLines++;
      else if (measuring) gcLines.push(line);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const load = (seconds: number) =>
    autocannon({
      url: `${url}/v1/greetings`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench' }),
      connections: 20,
      duration: seconds,
      overallRate: RATE,
    });
  try {
    await waitFor(
      url,
      async () =>
        (
          await fetch(`${url}/healthz`).catch(() => undefined)
        )?.ok
          ? true
          : undefined,
      30_000,
    );
    await load(Math.max(3, SECONDS / 2));
    const before = procStat(child.pid!);
    measuring = true;
    const result = await load(SECONDS);
    measuring = false;
    const after = procStat(child.pid!);
    if (result.non2xx || result.errors)
      throw new Error(
        `${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`,
      );
    const requests = result.requests.total;
    return {
      variant,
      requests,
      reqPerSec: Math.round(result.requests.average),
      cpuMicros:
        (after.userMicros +
          after.systemMicros -
          before.userMicros -
          before.systemMicros) /
        requests,
      systemMicros: (after.systemMicros - before.systemMicros) / requests,
      minorFaults: (after.minorFaults - before.minorFaults) / requests,
      gc: gcFigures(gcLines),
      logLines,
    };
  } finally {
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
}

async function main() {
  if (!fs.existsSync(path.join(SERVICE_DIR, 'dist', 'index.js'))) {
    throw new Error(
      `--service: ${SERVICE_DIR} is not a built generated service (no dist/index.js)`,
    );
  }
  // Exits on SIGTERM as the service does, so that --cpu-prof writes its profile.
  fs.writeFileSync(
    path.join(SERVICE_DIR, 'bare.js'),
    `${BARE_SERVER}\nprocess.on('SIGTERM', () => process.exit(0));\n`,
  );
  const variants = argument('--variants', 'bare,all,sampled,untraced').split(
    ',',
  );
  for (const variant of variants) {
    if (!(variant in VARIANT_ENV))
      throw new Error(
        `--variants: unknown variant "${variant}" (known: ${Object.keys(
          VARIANT_ENV,
        ).join(', ')})`,
      );
  }
  const collector = await startSpanCounter();
  const profileRoot = fs.mkdtempSync(
    path.join(os.tmpdir(), 'service-profile-'),
  );
  const results = [];
  try {
    for (const variant of variants) {
      const profileDir = path.join(profileRoot, variant);
      const spansBefore = collector.counts().spans;
      const result = {
        ...(await measure(variant, collector.url, profileDir)),
        spans: collector.counts().spans - spansBefore,
      };
      results.push(result);
      console.log(
        `${variant.padEnd(9)} ${String(result.reqPerSec).padStart(
          5,
        )} req/s: ${result.cpuMicros.toFixed(
          1,
        )} µs CPU (${result.systemMicros.toFixed(1)} in the kernel), ` +
          `${result.minorFaults.toFixed(2)} minor faults, GC ${(
            (1000 * result.gc.pauseMs) /
            result.requests
          ).toFixed(1)} µs ` +
          `(${result.gc.scavenges} scavenges, ${result.gc.markCompacts} mark-compacts in ${result.requests} requests), ` +
          `${(result.gc.promotedBytes / result.requests).toFixed(
            0,
          )} bytes promoted to the old generation; ` +
          `${result.spans} spans, ${result.logLines} log lines in the whole run`,
      );
      if (CPU_PROFILE) {
        const [file] = fs.existsSync(profileDir)
          ? fs.readdirSync(profileDir).filter(f => f.endsWith('.cpuprofile'))
          : [];
        if (file === undefined) console.log('  (no CPU profile written)');
        else
          console.log(
            `  self time, whole run (${path.join(
              profileDir,
              file,
            )}):\n${topFunctions(path.join(profileDir, file), TOP)
              .map(l => `  ${l}`)
              .join('\n')}`,
          );
      }
    }
  } finally {
    await collector.close();
  }
  const bare = results.find(r => r.variant === 'bare');
  if (bare) {
    console.log(
      `\nAbove bare fastify, per request, at ${RATE} req/s (load average ${os
        .loadavg()[0]
        .toFixed(1)}):`,
    );
    for (const r of results.filter(x => x !== bare)) {
      console.log(
        `  ${r.variant.padEnd(9)} CPU ${(r.cpuMicros - bare.cpuMicros).toFixed(
          1,
        )} µs (kernel ${(r.systemMicros - bare.systemMicros).toFixed(
          1,
        )} µs), minor faults ${(r.minorFaults - bare.minorFaults).toFixed(
          2,
        )}, ` +
          `GC ${(
            (1000 * r.gc.pauseMs) / r.requests -
            (1000 * bare.gc.pauseMs) / bare.requests
          ).toFixed(1)} µs`,
      );
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
