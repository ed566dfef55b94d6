import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

import type { Config } from './config';

/**
 * JSON logs on stdout (or `destination`, for tests). Every line written while a
 * span is active carries trace_id and span_id, so a log line leads to its trace and back.
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
    mixin() {
      const span = trace.getSpan(context.active());
      if (span === undefined) {
        return {};
      }
      const spanContext = span.spanContext();
      if (!isSpanContextValid(spanContext)) {
        return {};
      }
      return {
        trace_id: spanContext.traceId,
        span_id: spanContext.spanId,
        trace_flags: `0${spanContext.traceFlags.toString(16)}`,
      };
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
