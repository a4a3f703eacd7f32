import pino from 'pino';
import type { Clock } from '../../src/shared/clock';
import type { LogLevel } from './config';

/** Structured logging: one JSON object per line. Callers never pass secrets in `fields`; redaction is the safety net. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Where lines go: info and debug on stdout, warn and error on stderr. Lines end with '\n'. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

export const processLogSink: LogSink = {
  out: (line) => process.stdout.write(line),
  err: (line) => process.stderr.write(line),
};

const SECRET_FIELDS = [
  'token',
  'secret',
  'password',
  'authorization',
  'cookie',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'verifierToken',
  'apiKey',
  'api_key',
  'signature',
  // Webhook signature headers, by their header names.
  'openphone-signature',
  'webhook-signature',
  'intuit-signature',
  'x-twilio-signature',
  'x-vapi-secret',
];
/** Phone numbers, including the event model's fields that hold them (src/shared/events/model.ts). */
const PHONE_FIELDS = ['from', 'to', 'phone', 'phoneNumber', 'number', 'numbers', 'caller', 'businessNumber', 'externalNumber', 'line', 'lines', 'participants'];
const CENSOR = '[redacted]';

/** A field at the top, one and two levels down (headers.authorization, req.headers.authorization, event.data.externalNumber), redacted. */
function redactPaths(fields: readonly string[]): string[] {
  return fields.flatMap((field) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
    return [key.startsWith('.') ? field : key, `*${key}`, `*.*${key}`];
  });
}

/**
 * pino, behind the Logger interface. Secrets, tokens and authorization headers are
 * always redacted; phone numbers too, except at debug, where an operator chasing one
 * call needs them.
 */
export function createLogger(level: LogLevel, clock: Clock, sink: LogSink = processLogSink): Logger {
  const redacted = level === 'debug' ? SECRET_FIELDS : [...SECRET_FIELDS, ...PHONE_FIELDS];
  const streams = pino.multistream(
    [
      { level: 'debug', stream: { write: (line: string) => sink.out(line) } },
      { level: 'warn', stream: { write: (line: string) => sink.err(line) } },
    ],
    // Each line goes to the stream of the highest level it reaches only.
    { dedupe: true },
  );
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date(clock()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(redacted), censor: CENSOR },
    },
    streams,
  );
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}
