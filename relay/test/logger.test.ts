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

  it("redacts the event model's phone fields, signature headers and OAuth tokens, at the top and two levels down", () => {
    const fields = {
      businessNumber: '+16175550100',
      event: { data: { externalNumber: '+16175550111', participants: ['+16175550112'], phoneNumber: '+16175550113' }, lines: ['+16175550100'] },
      line: '+16175550100',
      req: { headers: { authorization: 'Bearer rs_secret', 'openphone-signature': 'hmac;1;2;sig-openphone', 'content-type': 'application/json' } },
      headers: { 'webhook-signature': 'v1,sig-webhook', 'intuit-signature': 'sig-intuit', 'x-twilio-signature': 'sig-twilio', 'x-vapi-secret': 'sig-vapi' },
      grant: { access_token: 'at-secret', refresh_token: 'rt-secret' },
      provider: { apiKey: 'key-secret' },
    };
    const info = capture('info');
    info.logger.warn('webhook rejected', fields);
    expect(info.raw()).not.toMatch(/\+1617555|rs_secret|sig-|at-secret|rt-secret|key-secret/);
    expect(info.err()[0]).toMatchObject({
      businessNumber: '[redacted]',
      line: '[redacted]',
      event: { data: { externalNumber: '[redacted]', participants: '[redacted]', phoneNumber: '[redacted]' }, lines: '[redacted]' },
      req: { headers: { authorization: '[redacted]', 'openphone-signature': '[redacted]', 'content-type': 'application/json' } },
      headers: { 'x-twilio-signature': '[redacted]', 'x-vapi-secret': '[redacted]' },
      grant: { access_token: '[redacted]', refresh_token: '[redacted]' },
    });
    const debug = capture('debug');
    debug.logger.debug('webhook rejected', fields);
    expect(debug.raw()).not.toMatch(/rs_secret|sig-|at-secret|key-secret/);
    expect(debug.out()[0]).toMatchObject({ businessNumber: '+16175550100', event: { data: { externalNumber: '+16175550111' } } });
  });
});
