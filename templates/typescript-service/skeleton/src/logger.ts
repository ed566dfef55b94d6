import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

import type { Config } from './config';
import { BatchingDestination } from './logDestination';
import { kTraceBound, traceFlagsHex } from './requestLogger';

const NO_TRACE = Object.freeze({});

/**
 * JSON logs on stdout (or `destination`, for tests). Every line written while a
 * span is active carries trace_id and span_id, so a log line leads to its trace and back.
 * A request's lines get them from its logger's bindings (requestTracing.ts), serialised
 * once per request; other lines look up the active span.
 *
 * stdout is written every 20 ms or 64 KiB (logDestination.ts), not once per
 * line; what is pending when the process exits is written then.
 */
export function createLogger(
  config: Pick<Config, 'serviceName' | 'serviceVersion' | 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { service: config.serviceName, version: config.serviceVersion },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: label => ({ level: label }),
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    mixin(_object, _level, logger) {
      if ((logger as unknown as Record<symbol, unknown>)[kTraceBound] === true) {
        return NO_TRACE;
      }
      const span = trace.getSpan(context.active());
      if (span === undefined) {
        return NO_TRACE;
      }
      const spanContext = span.spanContext();
      if (!isSpanContextValid(spanContext)) {
        return NO_TRACE;
      }
      return {
        trace_id: spanContext.traceId,
        span_id: spanContext.spanId,
        trace_flags: traceFlagsHex(spanContext),
      };
    },
    // The default strategy copies every line's fields into the mixin's object.
    mixinMergeStrategy: (object, mixed) => (mixed === NO_TRACE ? object : Object.assign(mixed, object)),
  };
  return pino(options, destination ?? new BatchingDestination());
}
