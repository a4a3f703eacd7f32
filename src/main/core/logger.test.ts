import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, redactText } from './logger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-log-'));
  dirs.push(dir);
  return path.join(dir, 'logs', 'console.log');
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the console log', () => {
  it('writes JSON lines to a file with tokens, secrets, authorization and phone numbers taken out', () => {
    const file = logFile();
    const logger = createFileLogger(file);
    logger.info('relay refused Bearer rs_dev_0123456789abcdef for +16175550100', {
      deviceToken: 'rs_dev_0123456789abcdef',
      headers: { authorization: 'Bearer abc.def', accept: 'application/json' },
      quickbooks: { accessToken: 'eyJhbGciOi', realmId: '9130' },
      clientSecret: 'shh',
      from: '+16175550100',
      numbers: ['+16175550101', '+16175550102'],
      detail: 'call from (617) 555-0103 ended',
      rows: 42,
    });
    logger.warn('plain words stay');
    const [first = {}, second] = lines(file);
    const text = readFileSync(file, 'utf8');
    for (const secret of ['rs_dev_0123456789abcdef', 'abc.def', 'eyJhbGciOi', 'shh', '6175550100', '6175550101', '555-0103']) expect(text).not.toContain(secret);
    expect(first).toMatchObject({ level: 30, msg: 'relay refused Bearer [redacted] for [phone]', deviceToken: '[redacted]', clientSecret: '[redacted]', from: '[phone]', numbers: ['[phone]', '[phone]'], detail: 'call from [phone] ended', rows: 42 });
    expect(first.headers).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(first.quickbooks).toEqual({ accessToken: '[redacted]', realmId: '9130' });
    expect(typeof first.time).toBe('string');
    expect(second).toMatchObject({ level: 40, msg: 'plain words stay' });
  });

  it('shows phone numbers only at debug level, and never tokens', () => {
    const file = logFile();
    createFileLogger(file, 'debug').info('ringing +16175550100', { token: 'rs_dev_x', phone: '+16175550100' });
    const [line] = lines(file);
    expect(line).toMatchObject({ msg: 'ringing +16175550100', token: '[redacted]', phone: '+16175550100' });
  });

  it('keeps to its level', () => {
    const file = logFile();
    const logger = createFileLogger(file, 'warn');
    logger.info('not written');
    logger.error('written');
    expect(lines(file).map((l) => l.msg)).toEqual(['written']);
  });

  it('redacts free text the same way', () => {
    expect(redactText('Authorization: Basic dXNlcjpwYXNz, caller 617.555.0100')).toBe('Authorization: Basic [redacted], caller [phone]');
  });
});
