import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_CARD } from '../../../../src/shared/billing/catalog';
import type { EventOf } from '../../../../src/shared/events/model';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { MediaHost } from '../../../../tools/emulators/openphone/media-host';
import { playVapiCall } from '../../../../tools/emulators/vapi/call-script';
import { assistantRequest, endOfCallReport, newVapiCall } from '../../../../tools/emulators/vapi/messages';
import { requestAssistant, sendVapiMessage } from '../../../../tools/emulators/vapi/server-url';
import type { VapiAuth } from '../../../../tools/emulators/vapi/signature';
import { StreamClient } from '../../support/stream-client';
import { headSeq } from '../../support/webhooks';
import { addCustomer, creditWallet, emptyWallet, subscribe, type Admin } from './vapi-accounts';

/**
 * Vapi against a real relay process on loopback, driven by the Vapi emulator: each
 * assistant-request is answered from the relay's own accounts within Vapi's budget, recorded
 * with its reason, and a call's report lands in the call model, billed like any call.
 */

const LINE = '+15559870002';
const SECRET = 'vapi-shared-secret-for-tests';
const AUTH: VapiAuth = { mode: 'secret', secret: SECRET };
let relay: RelayProcess;
let media: MediaHost;
let admin: Admin;
let stream: StreamClient;
const serverUrl = () => `${relay.url}/webhooks/vapi`;

beforeAll(async () => {
  media = await MediaHost.start();
  relay = await startRelayProcess({
    env: { VAPI_SECRET: SECRET, VAPI_ASSISTANT_ID: 'asst-front-desk', RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort, RELAY_LOG_LEVEL: 'error' },
  });
  admin = { url: relay.url, token: await relay.addDevice('Back office', 'admin') };
  await addCustomer(admin, 'c-dry', 'Dora Dry', '+15551230001');
  await emptyWallet(admin, 'c-dry');
  await addCustomer(admin, 'c-credit', 'Carl Credit', '+15551230002');
  await creditWallet(admin, 'c-credit', 2000);
  await addCustomer(admin, 'c-hours', 'Hana Hours', '+15551230003');
  await subscribe(admin, 'c-hours', { planId: 'growth', name: 'Growth', includedSeconds: 7800 });
  await addCustomer(admin, 'c-enterprise', 'Erin Enterprise', '+15551230004');
  await subscribe(admin, 'c-enterprise', { planId: 'enterprise', name: 'Enterprise', includedSeconds: 0, balanceExempt: true });
  stream = await StreamClient.open(relay.wsUrl, admin.token);
});

afterAll(async () => {
  await stream?.close();
  await relay?.stop();
  await media?.close();
});

function decisionOf(callId: string): EventOf<'call.assistant_decided'>['data'] | undefined {
  const found = stream.events().find(({ event }) => event.type === 'call.assistant_decided' && event.data.callId === `vapi:${callId}`);
  return found?.event.type === 'call.assistant_decided' ? found.event.data : undefined;
}
async function waitForDecision(callId: string) {
  await stream.waitFor(() => decisionOf(callId) !== undefined, `the decision of ${callId}`);
  return decisionOf(callId)!;
}

describe('assistant-request, answered from the relay accounts', () => {
  it('refuses a caller whose wallet is empty: the refusal is spoken, and recorded with its reason', async () => {
    const played = await playVapiCall({ serverUrl: serverUrl(), auth: AUTH, phoneNumber: LINE, caller: '+15551230001' });
    expect(played.outcome).toMatchObject({ kind: 'rejected', endedReason: 'assistant-request-returned-error' });
    expect(played.outcome.kind === 'rejected' && played.outcome.spoken).toMatch(/no time left/);
    expect(await waitForDecision(played.call.id)).toMatchObject({ decision: 'refused', reason: 'no_balance', customerId: 'c-dry', walletBalanceMinor: 0, businessNumber: LINE, externalNumber: '+15551230001' });
  });

  it('serves a caller with credit: the configured assistant, told their name and what is left', async () => {
    const outcome = await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230002')), AUTH);
    expect(outcome).toMatchObject({ kind: 'assistant', assistantId: 'asst-front-desk', variables: { customerName: 'Carl Credit', remainingTime: '$20.00 of credit' } });
    expect(outcome.elapsedMs).toBeLessThan(5000);
  });

  it('serves a subscriber with included time, and an exempt plan with nothing left', async () => {
    expect(await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230003')), AUTH)).toMatchObject({ kind: 'assistant', variables: { customerName: 'Hana Hours', planName: 'Growth', remainingTime: '2 hours and 10 minutes' } });
    const call = newVapiCall(LINE, '+15551230004');
    expect(await requestAssistant(serverUrl(), assistantRequest(call), AUTH)).toMatchObject({ kind: 'assistant', variables: { customerName: 'Erin Enterprise', planName: 'Enterprise', remainingTime: 'unlimited time' } });
    expect(await waitForDecision(call.id)).toMatchObject({ decision: 'assistant', reason: 'exempt_plan', includedSecondsRemaining: 0 });
  });

  it('gives an unknown caller the documented default: the assistant, greeting them as "there"', async () => {
    const call = newVapiCall(LINE, '+15557770000');
    expect(await requestAssistant(serverUrl(), assistantRequest(call), AUTH)).toMatchObject({ kind: 'assistant', variables: { customerName: 'there', planName: 'no plan', remainingTime: 'no time' } });
    expect(await waitForDecision(call.id)).toMatchObject({ decision: 'assistant', reason: 'unknown_caller', customerId: null });
  });

  it('answers a retried request as the first, from the stored decision, storing nothing more', async () => {
    const call = newVapiCall(LINE, '+15551230001');
    const message = assistantRequest(call);
    const first = await sendVapiMessage(serverUrl(), message, AUTH);
    const head = await headSeq(relay);
    const again = await sendVapiMessage(serverUrl(), message, AUTH);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(await headSeq(relay)).toBe(head);
  });
});

describe('the call afterwards', () => {
  it('is completed with its duration from the report, its transcript and summary, its recording captured, and the wallet debited', async () => {
    media.addRecording('/rec/credit-call.mp3', 2);
    const played = await playVapiCall({ serverUrl: serverUrl(), auth: AUTH, phoneNumber: LINE, caller: '+15551230002', talkSeconds: 125, recordingUrl: () => media.signedUrl('/rec/credit-call.mp3') });
    expect(played.statuses).toEqual([200, 200, 200]);
    const callId = `vapi:${played.call.id}`;
    const typesOf = () => stream.events().filter(({ event }) => 'callId' in event.data && event.data.callId === callId).map(({ event }) => event.type);
    await stream.waitFor(() => ['call.completed', 'call.transcript_ready', 'call.summary_ready', 'call.recording_ready'].every((type) => (typesOf() as string[]).includes(type)), 'the call model');
    const completed = stream.events().find(({ event }) => event.type === 'call.completed' && event.data.callId === callId)!.event as EventOf<'call.completed'>;
    expect(completed.data).toMatchObject({ direction: 'incoming', businessNumber: LINE, externalNumber: '+15551230002', durationSeconds: 125 });
    await stream.waitFor(() => stream.events().some(({ event }) => event.type === 'media.captured' && event.data.mediaId === `${callId}:recording:0`), 'the recording captured');
    // The next call is served with less credit: the same fold billed the first one.
    const next = await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230002')), AUTH);
    expect(next.kind).toBe('assistant');
    // Carl has no plan, so the call is pay-per-call at the default rate card: 125 s rounds up to the 60 s increment
    // (3 minutes) at $3.00 a minute, $9.00 off his $20.00.
    const { ratePerMinuteMinor, incrementSeconds } = DEFAULT_RATE_CARD;
    const chargedMinor = (Math.ceil(125 / incrementSeconds) * incrementSeconds * ratePerMinuteMinor) / 60;
    expect(chargedMinor).toBe(900);
    expect(next.kind === 'assistant' && next.variables.remainingTime).toBe(`$${((2000 - chargedMinor) / 100).toFixed(2)} of credit`);
    expect(next.kind === 'assistant' && next.variables.remainingTime).toBe('$11.00 of credit');
  });

  it('does not bill a refused call: its report carries startedAt (Vapi spoke the refusal), yet the call is unanswered, 0 s, and the wallet untouched', async () => {
    const played = await playVapiCall({ serverUrl: serverUrl(), auth: AUTH, phoneNumber: LINE, caller: '+15551230001' });
    expect(played.outcome.kind).toBe('rejected');
    const callId = `vapi:${played.call.id}`;
    await stream.waitFor(() => stream.events().some(({ event }) => event.type === 'call.completed' && event.data.callId === callId), 'the refused call completed');
    const completed = stream.events().find(({ event }) => event.type === 'call.completed' && event.data.callId === callId)!.event as EventOf<'call.completed'>;
    expect((completed.raw as { message: { startedAt: string | null } }).message.startedAt).not.toBeNull();
    expect(completed.data).toMatchObject({ answeredAt: null, durationSeconds: 0 });
    // Ten minutes of a refusal, as a report could time it, bill nothing either.
    const long = newVapiCall(LINE, '+15551230001');
    const { message } = endOfCallReport(long, { endedReason: 'assistant-request-returned-error', startedAt: new Date(Date.now() - 600_000), endedAt: new Date() });
    expect((await sendVapiMessage(serverUrl(), { message }, AUTH)).status).toBe(200);
    const next = newVapiCall(LINE, '+15551230001');
    await requestAssistant(serverUrl(), assistantRequest(next), AUTH);
    expect(await waitForDecision(next.id)).toMatchObject({ decision: 'refused', walletBalanceMinor: 0 });
  });

  it('records a report whose length cannot be right without billing it, and raises an alert naming the caller and line', async () => {
    const call = newVapiCall(LINE, '+15551230002');
    const before = await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230002')), AUTH);
    const { message } = endOfCallReport(call, { endedReason: 'customer-ended-call', startedAt: new Date('2026-01-01T00:00:00.000Z'), endedAt: new Date('9999-12-31T23:59:59.000Z') });
    expect((await sendVapiMessage(serverUrl(), { message: { ...message, durationSeconds: 3 } }, AUTH)).status).toBe(200);
    await stream.waitFor(() => stream.events().some(({ event }) => event.type === 'relay.alert' && event.data.alertId === `vapi:implausible-call:vapi:${call.id}`), 'the alert');
    const alert = stream.events().find(({ event }) => event.type === 'relay.alert' && event.data.alertId === `vapi:implausible-call:vapi:${call.id}`)!.event as EventOf<'relay.alert'>;
    expect(alert.data.message).toMatch(/^Vapi reported a call from Carl Credit \(\+15551230002\) on line \+15559870002 whose length cannot be right: it lasts .*, longer than a day\. The call was recorded but not billed\./);
    expect(stream.events().find(({ event }) => event.id === `vapi:${call.id}:end-of-call-report`)?.event.type).toBe('provider.unnormalized');
    // Carl's credit is what it was before the report.
    const after = await requestAssistant(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230002')), AUTH);
    expect(after.kind === 'assistant' && after.variables.remainingTime).toBe(before.kind === 'assistant' && before.variables.remainingTime);
  });

  it('keeps the unnormalized messages raw and still refuses a wrong secret 401', async () => {
    const wrong = await sendVapiMessage(serverUrl(), assistantRequest(newVapiCall(LINE, '+15551230002')), { mode: 'secret', secret: 'not-the-secret-at-all' });
    expect(wrong.status).toBe(401);
    const informational = await sendVapiMessage(serverUrl(), { message: { type: 'speech-update', timestamp: Date.now(), status: 'started', role: 'assistant', call: { id: newVapiCall(LINE, null).id }, phoneNumber: { number: LINE } } }, AUTH);
    expect(informational.status).toBe(200);
  });
});

describe('HMAC mode', () => {
  let hmacRelay: RelayProcess;
  beforeAll(async () => {
    hmacRelay = await startRelayProcess({ env: { VAPI_SECRET: 'vapi-hmac-test-secret', VAPI_AUTH_MODE: 'hmac', VAPI_ASSISTANT_ID: 'asst-1', VAPI_UNKNOWN_CALLER: 'refuse', RELAY_LOG_LEVEL: 'error' } });
  });
  afterAll(async () => {
    await hmacRelay?.stop();
  });

  it("accepts Vapi's HMAC credential with its defaults, refuses it without the timestamp and with another key, and applies VAPI_UNKNOWN_CALLER", async () => {
    const url = `${hmacRelay.url}/webhooks/vapi`;
    const message = assistantRequest(newVapiCall(LINE, '+15557770001'));
    expect(await requestAssistant(url, message, { mode: 'hmac', secretKey: 'vapi-hmac-test-secret' })).toMatchObject({ kind: 'rejected', spoken: "Sorry, we can't take your call on this line. Please contact us to set up an account. Goodbye." });
    expect((await sendVapiMessage(url, message, { mode: 'hmac', secretKey: 'vapi-hmac-test-secret', includeTimestamp: false })).status).toBe(401);
    expect((await sendVapiMessage(url, message, { mode: 'hmac', secretKey: 'another-secret-entirely' })).status).toBe(401);
    expect((await sendVapiMessage(url, message, { mode: 'secret', secret: 'vapi-hmac-test-secret' })).status).toBe(401);
  });
});
