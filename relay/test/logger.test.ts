import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture(level: 'debug' | 'info') {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger(level, () => Date.UTC(2026, 0, 2, 3, 4, 5), { out: (line) => out.push(line), err: (line) => err.push(line) });
  const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, out: () => parsed(out), err: () => parsed(err), raw: () => [...out, ...err].join('') };
}

describe('relay logger', () => {
  it('writes one JSON line per entry: info on stdout, warnings on stderr, debug only when asked', () => {
    const log = capture('info');
    log.logger.debug('not shown');
    log.logger.info('relay started', { headSeq: 4 });
    log.logger.warn('webhook rejected', { reason: 'bad_signature' });
    expect(log.out()).toEqual([{ level: 'info', time: '2026-01-02T03:04:05.000Z', headSeq: 4, msg: 'relay started' }]);
    expect(log.err()).toEqual([{ level: 'warn', time: '2026-01-02T03:04:05.000Z', reason: 'bad_signature', msg: 'webhook rejected' }]);
  });

  it('never writes secrets, tokens or authorization headers, and phone numbers only at debug', () => {
    const fields = { token: 'rs_secret', secret: 'whsec_x', headers: { authorization: 'Bearer rs_secret' }, from: '+16175550111', to: '+16175550100', device: { numbers: ['+16175550100'] } };
    const info = capture('info');
    info.logger.info('call', fields);
    expect(info.raw()).not.toMatch(/rs_secret|whsec_x|\+1617555/);
    expect(info.out()[0]).toMatchObject({ from: '[redacted]', token: '[redacted]', headers: { authorization: '[redacted]' } });
    const debug = capture('debug');
    debug.logger.debug('call', fields);
    expect(debug.raw()).not.toMatch(/rs_secret|whsec_x/);
    expect(debug.out()[0]).toMatchObject({ from: '+16175550111', to: '+16175550100' });
  });
});
