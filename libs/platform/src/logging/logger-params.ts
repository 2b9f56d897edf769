import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level } from 'pino';
import { correlationIdFor } from './correlation-id';
import { redactLogObject, redactUrl, scrubText } from './redaction';

export interface LoggerOptions {
  service: string;
  level: Level | 'silent';
  /** Where lines go; default stdout. Tests pass a stream that captures them. */
  destination?: DestinationStream;
}

/** Request headers worth logging. An allow-list: Authorization, cookies and anything new stay out. */
const loggedHeaders = [
  'content-type',
  'content-length',
  'user-agent',
  'origin',
  'idempotency-key',
  'if-match',
];

function quiet(url: string | undefined): boolean {
  return url === '/metrics' || url === '/health' || (url?.startsWith('/health/') ?? false);
}

/**
 * nestjs-pino settings: JSON lines with the service name, ISO time, `correlationId` on every line
 * of a request (from X-Correlation-Id or a new UUID, echoed back) and, once the token is verified,
 * `actor` {id, role, officeCode} (bound by the authentication guard). Personal data and tokens are
 * redacted at any depth.
 *
 * nestjs-pino keeps one pino-http instance per process: the first application created in a
 * process decides the destination (one service per process in production; tests keep to one
 * destination per test file).
 */
export function loggerParams(options: LoggerOptions): Params {
  const pinoOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    genReqId: (request: IncomingMessage, response: ServerResponse) =>
      correlationIdFor(request, response),
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    serializers: {
      req: (request: { method?: string; url?: string; headers?: Record<string, unknown> }) => ({
        method: request.method,
        url: request.url === undefined ? undefined : redactUrl(request.url),
        headers: Object.fromEntries(
          loggedHeaders
            .filter((name) => request.headers?.[name] !== undefined)
            .map((name) => [name, request.headers?.[name]]),
        ),
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      err: (error: Error) => {
        const serialised = pino.stdSerializers.err(error);
        return {
          ...serialised,
          message: scrubText(serialised.message ?? ''),
          stack: serialised.stack && scrubText(serialised.stack),
        };
      },
    },
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactLogObject(object),
    },
    hooks: {
      logMethod(this: pino.Logger, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)),
        );
      },
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request: IncomingMessage) => quiet(request.url) },
  };
  return {
    pinoHttp: options.destination ? [pinoOptions, options.destination] : pinoOptions,
    assignResponse: true,
  } as Params;
}
