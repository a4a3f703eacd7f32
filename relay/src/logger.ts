import type { LogLevel } from './config';

/** Structured logging: one JSON object per line. Callers never pass secrets in `fields`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

export const processLogSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function createLogger(level: LogLevel, clock: () => number, sink: LogSink = processLogSink): Logger {
  const write = (at: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[at] < RANK[level]) return;
    const line = JSON.stringify({ time: new Date(clock()).toISOString(), level: at, msg: message, ...fields });
    if (RANK[at] >= RANK.warn) sink.err(line);
    else sink.out(line);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
