import pino, { type DestinationStream, type Level } from 'pino';

/**
 * What the console logs through. The core takes any Logger (tests pass a silent one); the
 * shell and the command-line tools make theirs with createLogger or createFileLogger, which
 * write pino's JSON lines with secrets and, at info level and above, phone numbers redacted.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export type LogLevel = Extract<Level, 'debug' | 'info' | 'warn' | 'error'>;

const REDACTED = '[redacted]';
const PHONE = '[phone]';

/** Field names whose values are secrets wherever they appear. */
const SECRET_KEYS = /token|secret|password|authorization|api[-_]?key|cookie|signature/i;
/** Field names whose values are phone numbers (callers, lines, customers' phones). */
const PHONE_KEYS = /^(phone|phones|phoneE164|phone_e164|number|numbers|from|to|caller|e164)$/i;

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const E164 = /\+[1-9]\d{6,14}\b/g;
const NANP = /\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b/g;

/** Pure: the text with credentials and (unless `keepPhones`) phone numbers replaced. */
export function redactText(text: string, keepPhones = false): string {
  const clean = text.replace(BEARER, `$1 ${REDACTED}`);
  return keepPhones ? clean : clean.replace(E164, PHONE).replace(NANP, PHONE);
}

/** Pure: a copy of `value` with secret fields, credentials in text and phone numbers removed. */
export function redactFields(value: unknown, keepPhones = false, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, keepPhones);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message, keepPhones) };
  if (Array.isArray(value)) return value.map((v) => redactFields(v, keepPhones, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.test(key)) out[key] = REDACTED;
    else if (!keepPhones && PHONE_KEYS.test(key) && typeof v === 'string') out[key] = PHONE;
    else if (!keepPhones && PHONE_KEYS.test(key) && Array.isArray(v)) out[key] = v.map((x) => (typeof x === 'string' ? PHONE : redactFields(x, keepPhones, depth + 1)));
    else out[key] = redactFields(v, keepPhones, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  /** Default 'info'. Phone numbers are shown only at 'debug', for a support session. */
  level?: LogLevel;
  /** Where the JSON lines go; default standard output. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const keepPhones = level === 'debug';
  const base = pino(
    {
      level,
      base: { app: 'ringside-console' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Field names are matched at any depth, which pino's path-based `redact` cannot do.
      formatters: { log: (fields) => redactFields(fields, keepPhones) as Record<string, unknown> },
    },
    options.destination ?? pino.destination(1),
  );
  const write =
    (at: 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      const text = redactText(message, keepPhones);
      if (fields === undefined) base[at](text);
      else base[at](fields, text);
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * The Electron shell's log: JSON lines appended to `path` (its folder is made). Written
 * synchronously: the console logs a few lines a minute, and a crash must not lose the last ones.
 */
export function createFileLogger(path: string, level: LogLevel = 'info'): Logger {
  return createLogger({ level, destination: pino.destination({ dest: path, mkdir: true, append: true, sync: true }) });
}
