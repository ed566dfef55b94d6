/**
 * The servers the generated service is measured against (issues 3 and 15), all
 * built at bench time from the descriptions here, nothing of theirs committed:
 * bare fastify with the same routes; the same generated service instrumented the
 * way most teams do it (OpenTelemetry's Node SDK with the auto-instrumentations'
 * defaults); and Red Hat Developer Hub's `nodejs-backend` software template.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Bare fastify with the same routes and validation, and no observability. */
export const BARE_SERVER = `
const fastify = require('fastify')({ logger: false });
fastify.get('/healthz', async () => ({ status: 'ok' }));
fastify.post('/v1/greetings', { schema: { body: { type: 'object', additionalProperties: false, required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } } } },
  async (req, reply) => reply.code(201).send({ name: req.body.name, message: 'Hello, ' + req.body.name + '!' }));
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/** Bare fastify with the database route of the service: same validation, query, pool size and response schema. */
export const BARE_DATABASE_SERVER = `
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

/**
 * The common way, as OpenTelemetry's getting-started guide for Node.js has it:
 * `@opentelemetry/sdk-node` with `getNodeAutoInstrumentations()` and every default
 * (OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, parent-based always-on sampling).
 * The versions are the newest of the OpenTelemetry release the service itself uses
 * (API 1.9, SDK 2.12 / 0.223; the next release needs API 1.10).
 */
const COMMON_WAY_PACKAGES = ['@opentelemetry/sdk-node@0.223.0', '@opentelemetry/auto-instrumentations-node@0.81.2'];

/** Replaces the service's dist/telemetry.js: the same exports, the common way inside. */
const COMMON_WAY_TELEMETRY = `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const sdk = new NodeSDK({ serviceName: process.env.OTEL_SERVICE_NAME || 'rps-service', instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
let stopping;
exports.shutdownTelemetry = () => (stopping ??= sdk.shutdown());
exports.spanQueueStats = () => ({ exported: 0, dropped: { queue_full: 0, export_failed: 0 } });
exports.onSpansDropped = () => {};
`;

/** Replaces the service's dist/requestTracing.js: no request spans of its own (the http instrumentation makes them). */
const COMMON_WAY_REQUEST_TRACING = `
exports.kTraceBound = Symbol('trace ids bound');
exports.tracingChildLoggerFactory = () => (logger, bindings, options) => logger.child(bindings, options);
exports.registerRequestTracing = () => {};
`;

/**
 * Copies the built service to `target` and instruments the copy the common way
 * instead of with its own telemetry; metrics, access log and routes stay as they are.
 */
export function prepareCommonWayService(service: string, target: string): void {
  fs.cpSync(service, target, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...COMMON_WAY_PACKAGES], { cwd: target, stdio: 'inherit' });
  fs.writeFileSync(path.join(target, 'dist/telemetry.js'), COMMON_WAY_TELEMETRY);
  fs.writeFileSync(path.join(target, 'dist/requestTracing.js'), COMMON_WAY_REQUEST_TRACING);
}

/**
 * Red Hat Developer Hub's `nodejs-backend` template
 * (redhat-developer/red-hat-developer-hub-software-templates, templates/github/nodejs-backend):
 * Express `~4.19.2`, JSON and urlencoded body parsers, a router answering `GET /` with
 * `Hello World!`, no logging, metrics or tracing. Its build bundles src/index.ts with
 * esbuild into one file; here the same code runs unbundled.
 */
const RHDH_NODEJS_BACKEND = `
const express = require('express')
const app = express()
const router = express.Router()

app.use(express.json())
app.use(express.urlencoded({ extended: false }))

router.get('/', function (req, res) {
  res.send('Hello World!')
})

app.use('/', router)

const listenPort = process.env.PORT || 7007;

app.listen(listenPort)
console.log(\`Running at port \${listenPort}\`)
`;

/** Builds RHDH's nodejs-backend skeleton in `target`; its one route is `GET /`. */
export function prepareRhdhNodejsBackend(target: string): void {
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({ name: 'rhdh-nodejs-backend', version: '1.0.0', private: true, scripts: { start: 'node index.js' } }, null, 2),
  );
  fs.writeFileSync(path.join(target, 'index.js'), RHDH_NODEJS_BACKEND);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'express@~4.19.2'], { cwd: target, stdio: 'inherit' });
}
