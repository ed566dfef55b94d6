import type { SpanContext } from '@opentelemetry/api';
import type { FastifyBaseLogger } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

type LevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The fields of pino's internals this module reads, named through pino's exported symbols. */
interface PinoInternals {
  [pino.symbols.chindingsSym]?: string;
  [pino.symbols.streamSym]?: DestinationStream;
}

/** W3C trace flags as the two hex digits logged in `trace_flags` (`01` when sampled). */
export function traceFlagsHex(spanContext: SpanContext): string {
  return spanContext.traceFlags === 1 ? '01' : '00';
}

/** Tells pino's mixin (logger.ts) that this logger already carries the request's trace ids. */
export const kTraceBound = Symbol('trace ids bound');

/**
 * The logger fastify hands each request (`request.log`). Most requests write one
 * line, the access log, and nothing else; building a pino child logger for each
 * of them costs more than the line itself. So the child is built on the first
 * call that needs it (a handler's own line, an error), and the access-log line
 * is written straight to the destination with the same fields pino would write
 * (see {@link writeAccessLine}).
 */
export class RequestLogger {
  private built: FastifyBaseLogger | undefined;

  /**
   * @param parent the application logger
   * @param bindings the request's fields (`request_id`, and the trace ids when traced)
   * @param jsonBindings the same fields serialised once: `,"request_id":"…",…`
   * @param spanContext the request's span context, whose ids are added to `bindings`
   *   only if a child logger is built (most requests never need the object)
   */
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Record<string, unknown>,
    readonly jsonBindings: string,
    private readonly traced: boolean,
    private readonly spanContext?: SpanContext,
  ) {}

  get level(): string {
    return this.built?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  isLevelEnabled(level: string): boolean {
    const logger = (this.built ?? this.parent) as Partial<Pick<Logger, 'isLevelEnabled'>>;
    // Every pino logger has it; a logger without it is asked for every line.
    return logger.isLevelEnabled?.(level) ?? true;
  }

  // Prototype methods, not arrow-function fields: nothing allocated per request.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {
    // pino's silent level: writes nothing.
  }

  child(bindings: Record<string, unknown>, options?: object): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  /** The pino child with the request's bindings, built once, on first use. */
  logger(): FastifyBaseLogger {
    if (this.built === undefined) {
      const trace = this.spanContext;
      this.built = this.parent.child(
        trace === undefined
          ? this.bindings
          : {
              ...this.bindings,
              trace_id: trace.traceId,
              span_id: trace.spanId,
              trace_flags: traceFlagsHex(trace),
            },
      );
      if (this.traced) {
        (this.built as unknown as Record<symbol, boolean>)[kTraceBound] = true;
      }
    }
    return this.built;
  }

  private write(level: LevelName, args: unknown[]): void {
    if (!this.isLevelEnabled(level)) {
      return;
    }
    const logger = this.logger();
    // The arguments came through the same signature as pino's log methods.
    logger[level](...(args as [object, string]));
  }

  /**
   * Writes the request's access-log line: the fields pino writes for
   * `logger.info(fields, 'request completed')` (level, time, the base and
   * request bindings, the fields, msg), as one JSON line. Values that come from
   * the request are escaped with JSON.stringify; the others are numbers.
   */
  writeAccessLine(method: string, path: string, route: string | undefined, statusCode: number, durationMs: number): void {
    if (!this.isLevelEnabled('info')) {
      return;
    }
    const internals = this.parent as unknown as PinoInternals;
    const stream = internals[pino.symbols.streamSym];
    if (stream === undefined) {
      // Not a pino logger (a test double): let it format the line.
      this.info({ method, url: path, route, status_code: statusCode, duration_ms: durationMs }, 'request completed');
      return;
    }
    stream.write(
      `{"level":"info","time":"${isoTime()}"${internals[pino.symbols.chindingsSym] ?? ''}${this.jsonBindings}` +
        `,"method":${JSON.stringify(method)},"url":${JSON.stringify(path)}` +
        (route === undefined ? '' : `,"route":${JSON.stringify(route)}`) +
        `,"status_code":${String(statusCode)},"duration_ms":${String(durationMs)},"msg":"request completed"}\n`,
    );
  }
}

let lastMillis = 0;
let lastIso = '';

/** `new Date().toISOString()`, formatted once per millisecond however many lines share it. */
function isoTime(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
