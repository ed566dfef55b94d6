/**
 * Where the generated service's cost above bare fastify goes, component by component (issue 15),
 * measured the way inProcessCompare.ts measures: app.inject batches taking turns in one Node.js
 * process. From one built service it makes copies with one telemetry component taken out of the
 * compiled JavaScript each (the access-log line, the request logger, the duration histogram, the
 * request-tracing hooks) and a bare one (the service's own greeting route on fastify without a
 * logger), then runs inProcessCompare.ts once per copy, the service and that copy alone in the
 * process (with more builds in one process, one build's garbage is collected during another's
 * batches): each copy's difference to the service is what that component costs per request in
 * the service, beside what it costs alone (telemetryFloor.ts).
 *
 *   node --import tsx packages/e2e-tests/src/bench/inProcessBreakdown.ts <all|sampled|unsampled|untraced> \
 *     <built service dir> [--rounds 16] > /dev/null
 *
 * Run it with Node.js 24, as inProcessCompare.ts. Each edit must find its line exactly once in the
 * compiled file, so a template change that moves one fails here by name instead of measuring a copy
 * that is not what it says.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../lib/backend';

interface Edit {
  file: string;
  find: string;
  replace: string;
}

const TRACING_CHILD_LOGGER = 'childLoggerFactory: (0, requestTracing_1.tracingChildLoggerFactory)(QUIET_PATHS),';
const ABLATIONS: Record<string, { label: string; edits: Edit[] }> = {
  'no-access-line': {
    label: 'without the access-log line',
    edits: [{ file: 'dist/accessLog.js', find: 'if (this.isLogDisabled(request)) {', replace: 'if (true) {' }],
  },
  'no-request-logger': {
    label: 'without a logger (fastify logger: false; no access line, no request logger, no trace started)',
    edits: [
      { file: 'dist/app.js', find: 'loggerInstance: options.logger,', replace: 'logger: false,' },
      { file: 'dist/app.js', find: 'logController: new accessLog_1.AccessLogController(QUIET_PATHS),', replace: '' },
      { file: 'dist/app.js', find: TRACING_CHILD_LOGGER, replace: '' },
    ],
  },
  'no-histogram': {
    label: 'without the duration histogram observation',
    edits: [{ file: 'dist/metrics.js', find: 'metrics.httpRequestDuration.observe(', replace: 'false && metrics.httpRequestDuration.observe(' }],
  },
  'no-tracing-hooks': {
    label: "without request tracing's fastify hooks (the trace still starts in the child-logger factory)",
    edits: [{ file: 'dist/app.js', find: '(0, requestTracing_1.registerRequestTracing)(app);', replace: '' }],
  },
};

const BARE_APP = `"use strict";
// The service's own greeting route on fastify without a logger, hooks or metrics.
exports.buildApp = async function buildApp() {
  const app = require("fastify")({ logger: false });
  require("./routes/greetings").registerGreetingRoutes(app);
  await app.ready();
  return app;
};
`;

function copyService(serviceDir: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(path.join(serviceDir, 'dist'), path.join(target, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(serviceDir, 'package.json'), path.join(target, 'package.json'));
  // One copy of the dependencies for every variant, so each loads the same fastify and SDK.
  fs.symlinkSync(path.join(serviceDir, 'node_modules'), path.join(target, 'node_modules'));
}

function applyEdit(dir: string, { file, find, replace }: Edit): void {
  const filePath = path.join(dir, file);
  const text = fs.readFileSync(filePath, 'utf8');
  const at = text.indexOf(find);
  if (at === -1 || text.indexOf(find, at + 1) !== -1) {
    throw new Error(`${file}: expected "${find}" exactly once in the built service; the template changed, update inProcessBreakdown.ts`);
  }
  fs.writeFileSync(filePath, text.slice(0, at) + replace + text.slice(at + find.length));
}

function main() {
  const [variant, serviceArg, ...rest] = process.argv.slice(2);
  if (variant === undefined || serviceArg === undefined) {
    throw new Error('usage: inProcessBreakdown.ts <all|sampled|unsampled|untraced> <built service dir> [--rounds 16]');
  }
  const serviceDir = path.resolve(serviceArg);
  const rounds = rest.includes('--rounds') ? rest[rest.indexOf('--rounds') + 1] : '16';
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-breakdown-'));
  try {
    const copies: [string, string][] = [];
    const bare = path.join(scratch, 'bare');
    copyService(serviceDir, bare);
    fs.writeFileSync(path.join(bare, 'dist/app.js'), BARE_APP);
    copies.push(['bare', bare]);
    for (const [name, { edits }] of Object.entries(ABLATIONS)) {
      const dir = path.join(scratch, name);
      copyService(serviceDir, dir);
      edits.forEach(edit => applyEdit(dir, edit));
      copies.push([name, dir]);
    }
    console.error(`${variant}: the service against each copy, one process per pair (its difference is what the part costs there):`);
    console.error('  bare: the greeting route on fastify without logger, hooks or metrics');
    for (const [name, { label }] of Object.entries(ABLATIONS)) console.error(`  ${name}: ${label}`);
    for (const [name, dir] of copies) {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'packages/e2e-tests/src/bench/inProcessCompare.ts'), variant, `service=${serviceDir}`, `${name}=${dir}`, '--rounds', rounds], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
