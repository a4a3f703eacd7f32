import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { assistantRequest, endOfCallReport, newVapiCall } from '../../../../tools/emulators/vapi/messages';
import { requestAssistant, sendVapiMessage } from '../../../../tools/emulators/vapi/server-url';
import type { VapiAuth } from '../../../../tools/emulators/vapi/signature';
import { redactVapiSecrets } from '../../../src/providers/vapi/redact-secrets';
import { StreamClient } from '../../support/stream-client';
import { addCustomer, creditWallet, type Admin } from './vapi-accounts';

/**
 * Vapi's messages embed its assistant, phone number and call objects, which can carry the
 * credentials of the servers and carriers behind them. The relay stores each message as its
 * event's raw payload and streams it to every console of the line: those values never reach it.
 */

const LINE = '+15559870042';
const SECRET = 'vapi-shared-secret-for-redaction';
const AUTH: VapiAuth = { mode: 'secret', secret: SECRET };
const CREDENTIALS = ['srv-secret-1', 'url-secret-2', 'twilio-token-3', 'vonage-secret-4', 'auth-token-5', 'api-key-6', 'Bearer header-7', 'cred-key-8'];

/** What an assistant, a Twilio-imported number and a call can carry that must not be stored. */
function withCredentials(message: Record<string, unknown>): Record<string, unknown> {
  const phoneNumber = message.phoneNumber as Record<string, unknown>;
  const call = message.call as Record<string, unknown>;
  return {
    ...message,
    assistant: {
      name: 'Front desk',
      server: { url: 'https://hooks.example.test/vapi', secret: 'srv-secret-1', headers: { Authorization: 'Bearer header-7' }, timeoutSeconds: 20 },
      serverUrlSecret: 'url-secret-2',
      credentials: [{ provider: 'openai', apiKey: 'cred-key-8' }],
      credentialIds: ['cred-id-kept'],
    },
    phoneNumber: { ...phoneNumber, provider: 'twilio', twilioAccountSid: 'AC-kept', twilioAuthToken: 'twilio-token-3', credentialId: 'cred-id-kept' },
    call: { ...call, phoneNumber: { provider: 'vonage', vonageApiSecret: 'vonage-secret-4', authToken: 'auth-token-5' }, transport: { apiKey: 'api-key-6' } },
  };
}

function expectNoCredentials(raw: unknown): void {
  const text = JSON.stringify(raw);
  for (const credential of CREDENTIALS) expect(text).not.toContain(credential);
  expect(text).toContain('cred-id-kept');
  expect(text).toContain('AC-kept');
  const message = (raw as { message: Record<string, Record<string, unknown>> }).message;
  expect(message.assistant).toMatchObject({ serverUrlSecret: '[redacted]', credentials: '[redacted]', server: { url: 'https://hooks.example.test/vapi', secret: '[redacted]', headers: '[redacted]' } });
  expect(message.phoneNumber).toMatchObject({ number: LINE, twilioAuthToken: '[redacted]', credentialId: 'cred-id-kept' });
}

describe('redactVapiSecrets', () => {
  it('keeps every key and replaces only credential values, at any depth, leaving the input untouched', () => {
    const input = { message: withCredentials(assistantRequest(newVapiCall(LINE, '+15551230042')).message) };
    const before = JSON.stringify(input);
    expectNoCredentials(redactVapiSecrets(input));
    expect(JSON.stringify(input)).toBe(before);
    expect(redactVapiSecrets({ headers: { a: 1 }, list: [{ secret: null }] })).toEqual({ headers: { a: 1 }, list: [{ secret: null }] });
  });
});

describe('a Vapi message carrying credentials, on a real relay', () => {
  let relay: RelayProcess;
  let admin: Admin;
  let stream: StreamClient;
  const serverUrl = () => `${relay.url}/webhooks/vapi`;

  beforeAll(async () => {
    relay = await startRelayProcess({ env: { VAPI_SECRET: SECRET, VAPI_ASSISTANT_ID: 'asst-front-desk', RELAY_LOG_LEVEL: 'error' } });
    admin = { url: relay.url, token: await relay.addDevice('Back office', 'admin') };
    await addCustomer(admin, 'c-redact', 'Rita Redact', '+15551230042');
    await creditWallet(admin, 'c-redact', 2000);
    stream = await StreamClient.open(relay.wsUrl, admin.token);
  });

  afterAll(async () => {
    await stream?.close();
    await relay?.stop();
  });

  it('answers an assistant-request as without them, and stores and streams its decision without them', async () => {
    const plain = await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230042')), AUTH);
    const call = newVapiCall(LINE, '+15551230042');
    const answered = await requestAssistant(serverUrl(), { message: withCredentials(assistantRequest(call).message) }, AUTH);
    expect(answered.kind).toBe('assistant');
    expect(answered.kind === 'assistant' && { id: answered.assistantId, variables: answered.variables }).toEqual(plain.kind === 'assistant' && { id: plain.assistantId, variables: plain.variables });
    const id = `vapi:${call.id}:assistant-request`;
    await stream.waitFor(() => stream.events().some(({ event }) => event.id === id), 'the decision');
    expectNoCredentials(stream.events().find(({ event }) => event.id === id)!.event.raw);
  });

  it('stores and streams an end-of-call-report without them, its call completed as usual', async () => {
    const call = newVapiCall(LINE, '+15551230042');
    const { message } = endOfCallReport(call, { endedReason: 'customer-ended-call', startedAt: new Date(Date.now() - 65_000), endedAt: new Date() });
    expect((await sendVapiMessage(serverUrl(), { message: withCredentials(message) }, AUTH)).status).toBe(200);
    const id = `vapi:${call.id}:end-of-call-report`;
    await stream.waitFor(() => stream.events().some(({ event }) => event.id === id), 'the report');
    const stored = stream.events().find(({ event }) => event.id === id)!.event;
    expect(stored.type).toBe('call.completed');
    expect(stored.type === 'call.completed' && stored.data.durationSeconds).toBe(65);
    expectNoCredentials(stored.raw);
  });
});
