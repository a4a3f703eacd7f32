import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../../tools/emulators/openphone/rest-api';
import { RelayRequestError } from '../../http/relay-rest-client';
import { MessageNotSent, sendMessage } from './send-message';

const API_KEY = 'console-test-openphone-key-01';
const LINE = '+16175550100';
const CUSTOMER = '+16175550111';

let emulator: OpenPhoneRestEmulator;
let relay: RelayProcess;
let token: string;

beforeAll(async () => {
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE }] });
  relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url } });
  token = await relay.addDevice('Front desk', 'agent', [LINE]);
});

afterAll(async () => {
  await relay?.stop();
  await emulator?.close();
});

const reply = () => ({ requestId: randomUUID(), from: LINE, to: [CUSTOMER], content: 'Your appointment is confirmed.' });

describe('sending a text from the console', () => {
  it('answers the messageId the thread will show, and sends a retried press of Send once', async () => {
    const request = reply();
    const sent = await sendMessage({ url: relay.url, token }, request);
    expect(sent).toEqual({ messageId: `openphone:${emulator.messages.at(-1)!.id}` });
    expect(await sendMessage({ url: relay.url, token }, request)).toEqual(sent);
    expect(emulator.messages).toHaveLength(1);
  });

  it('fails with the relay\'s plain words and OpenPhone\'s code when OpenPhone refuses', async () => {
    emulator.refuseSends('0200402');
    try {
      const refused = await sendMessage({ url: relay.url, token }, reply()).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(MessageNotSent);
      expect(refused).toMatchObject({ code: '0200402', status: 402, message: expect.stringMatching(/^The OpenPhone workspace is out of prepaid credits\./) });
    } finally {
      emulator.refuseSends(null);
    }
    const otherLine = await sendMessage({ url: relay.url, token }, { ...reply(), from: '+16175550101' }).catch((error: unknown) => error);
    expect(otherLine).toMatchObject({ name: 'MessageNotSent', code: 'line_not_assigned', message: 'This console may not text from +16175550101: it is not one of the lines assigned to it.' });
  });

  it('fails naming the relay when it cannot be reached', async () => {
    const unreachable = await sendMessage({ url: 'http://127.0.0.1:9', token }, reply()).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(RelayRequestError);
    expect((unreachable as Error).message).toContain('relay unreachable');
  });
});
