import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { gunzipSync } from 'node:zlib';

/** Returns a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          lastError ? `: ${lastError}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** The environment for child processes: the test runner's, minus what would leak into them. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Yarn's npm_* variables (npm_execpath points at Yarn) and Jest's own would
    // change how npm and the service's own Jest behave.
    const leaks =
      (key.startsWith('npm_') && key !== 'npm_config_registry') ||
      key.startsWith('JEST_') ||
      key === 'NODE_ENV' ||
      key === 'NODE_OPTIONS' ||
      key.startsWith('OTEL_');
    if (!leaks && value !== undefined) {
      env[key] = value;
    }
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

export interface CommandResult {
  code: number | null;
  output: string;
  durationMs: number;
}

/** Runs a command to completion, capturing stdout and stderr together. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `'${command} ${args.join(' ')}' timed out after ${
            options.timeoutMs
          } ms\n${output.slice(-4000)}`,
        ),
      );
    }, options.timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, output, durationMs: Date.now() - started });
    });
  });
}

/** Runs a command and throws with the tail of its output unless it exits with 0. */
export async function runOk(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `'${command} ${args.join(' ')}' in ${options.cwd} exited with ${
        result.code
      }:\n${result.output.slice(-6000)}`,
    );
  }
  return result;
}

/** A long-running child whose stdout is read as JSON log lines. */
export class ServiceProcess {
  readonly logs: Record<string, any>[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;

  private constructor(readonly child: ChildProcess) {
    let pending = '';
    child.stdout!.on('data', chunk => {
      this.stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.logs.push({ unparsed: line });
        }
      }
    });
    child.stderr!.on('data', chunk => (this.stderr += chunk));
    this.exited = new Promise(resolve =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): ServiceProcess {
    return new ServiceProcess(
      spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  describe(): string {
    return `stdout:\n${this.stdout.slice(-4000)}\nstderr:\n${this.stderr.slice(
      -4000,
    )}`;
  }

  /** Kills the process if a test failed before stopping it. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** One span as received by {@link OtlpReceiver}, ids in lower-case hex. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

/**
 * A minimal OTLP/HTTP trace receiver on loopback (POST /v1/traces) that
 * accepts both encodings: JSON (`application/json`) and protobuf
 * (`application/x-protobuf`), optionally gzip-compressed.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly requests: { contentType: string; bytes: number }[] = [];
  readonly errors: string[] = [];
  readonly url: string;

  private constructor(private readonly server: http.Server) {
    const { port } = server.address() as net.AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(): Promise<OtlpReceiver> {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const receiver = new OtlpReceiver(server);
    server.on('request', (req, res) => receiver.handle(req, res));
    return receiver;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const contentType = String(req.headers['content-type'] ?? '');
      const json = contentType.includes('json');
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') {
          body = gunzipSync(body);
        }
        this.requests.push({ contentType, bytes: body.length });
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        this.spans.push(
          ...(json
            ? spansFromJson(JSON.parse(body.toString('utf8')))
            : spansFromProtobuf(body)),
        );
        res
          .writeHead(200, {
            'content-type': json
              ? 'application/json'
              : 'application/x-protobuf',
          })
          .end(json ? '{}' : undefined);
      } catch (error) {
        this.errors.push(String(error));
        res.writeHead(400).end();
      }
    });
  }

  spansOfTrace(traceId: string): ReceivedSpan[] {
    return this.spans.filter(span => span.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}

function idToHex(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return '';
  }
  // OTLP/JSON uses hex ids; some exporters send base64 (protobuf's JSON mapping).
  return /^[0-9a-f]+$/i.test(value) &&
    (value.length === 32 || value.length === 16)
    ? value.toLowerCase()
    : Buffer.from(value, 'base64').toString('hex');
}

function anyValue(value: any): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value)
    return (value.arrayValue.values ?? []).map(anyValue);
  return value;
}

function attributesFromJson(list: any[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map(kv => [kv.key, anyValue(kv.value)]),
  );
}

function spansFromJson(request: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesFromJson(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: idToHex(span.traceId),
          spanId: idToHex(span.spanId),
          parentSpanId: idToHex(span.parentSpanId),
          name: span.name,
          kind: Number(span.kind ?? 0),
          scope: scopeSpans.scope?.name ?? '',
          attributes: attributesFromJson(span.attributes),
          resource,
        });
      }
    }
  }
  return spans;
}

/** Protobuf wire format: the fields of one message, by field number. */
function protoFields(buffer: Buffer): Map<number, (Buffer | number)[]> {
  const fields = new Map<number, (Buffer | number)[]>();
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error('truncated protobuf varint');
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (offset < buffer.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    let value: Buffer | number;
    if (wireType === 0) value = varint();
    else if (wireType === 1) {
      value = buffer.subarray(offset, offset + 8);
      offset += 8;
    } else if (wireType === 2) {
      const length = varint();
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wireType === 5) {
      value = buffer.subarray(offset, offset + 4);
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const bytesOf = (fields: Map<number, (Buffer | number)[]>, n: number) =>
  (fields.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const stringOf = (fields: Map<number, (Buffer | number)[]>, n: number) =>
  bytesOf(fields, n)[0]?.toString('utf8') ?? '';

function attributesFromProtobuf(keyValues: Buffer[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const kv of keyValues) {
    const fields = protoFields(kv);
    const value = bytesOf(fields, 2)[0];
    const any = value ? protoFields(value) : new Map();
    // AnyValue: 1 string, 2 bool, 3 int, 4 double
    result[stringOf(fields, 1)] = any.has(1)
      ? stringOf(any, 1)
      : ((any.get(2)?.[0] ?? any.get(3)?.[0]) as unknown);
  }
  return result;
}

/** ExportTraceServiceRequest → spans (resource_spans=1, resource=1, scope_spans=2, scope=1, spans=2). */
function spansFromProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of bytesOf(protoFields(body), 1)) {
    const rs = protoFields(resourceSpans);
    const resourceMessage = bytesOf(rs, 1)[0];
    const resource = resourceMessage
      ? attributesFromProtobuf(bytesOf(protoFields(resourceMessage), 1))
      : {};
    for (const scopeSpans of bytesOf(rs, 2)) {
      const ss = protoFields(scopeSpans);
      const scopeMessage = bytesOf(ss, 1)[0];
      const scope = scopeMessage ? stringOf(protoFields(scopeMessage), 1) : '';
      for (const spanMessage of bytesOf(ss, 2)) {
        const span = protoFields(spanMessage);
        spans.push({
          traceId: bytesOf(span, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(span, 2)[0]?.toString('hex') ?? '',
          parentSpanId: bytesOf(span, 4)[0]?.toString('hex') ?? '',
          name: stringOf(span, 5),
          kind: Number(span.get(6)?.[0] ?? 0),
          scope,
          attributes: attributesFromProtobuf(bytesOf(span, 9)),
          resource,
        });
      }
    }
  }
  return spans;
}

/** Samples of one metric family from the Prometheus text format. */
export function metricSamples(
  text: string,
  name: string,
): { labels: Record<string, string>; value: number }[] {
  const samples: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}
