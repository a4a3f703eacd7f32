import { afterEach, describe, expect, it } from 'vitest';
import type { ReconciliationOverview, ReconciliationRun } from '../../../../../src/shared/relay-rest/reconciliation';
import { newMessageId } from '../../../../../tools/emulators/openphone/message-payloads';
import { newCallId } from '../../../../../tools/emulators/openphone/payloads';
import { addDays, instantOf, localParts } from '../../../../src/providers/openphone/reconciliation/business-time';
import { eventually, FRONT_DESK, startOperationsRelay, SUPPORT, type OperationsRelay } from './operations-relay';

let current: OperationsRelay | null = null;
afterEach(async () => {
  await current?.stop();
  current = null;
});

const CALLER = '+16175550181';
const TEXTER = '+16175550182';

async function overview(target: OperationsRelay, token: string): Promise<{ status: number; body: ReconciliationOverview }> {
  const answer = await fetch(`${target.url}/v1/reconciliation`, { headers: { authorization: `Bearer ${token}` } });
  return { status: answer.status, body: (await answer.json()) as ReconciliationOverview };
}

async function reconcile(target: OperationsRelay, token: string, from: string, to: string): Promise<{ status: number; body: { runId?: number; error?: string } }> {
  const answer = await fetch(`${target.url}/v1/reconciliation/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ from, to }) });
  return { status: answer.status, body: (await answer.json()) as { runId?: number; error?: string } };
}

function localMonth(date: string): string {
  return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][Number(date.slice(5, 7)) - 1]!;
}

async function finishedRun(target: OperationsRelay, token: string, runId: number): Promise<ReconciliationRun> {
  return eventually(async () => (await overview(target, token)).body.runs.find((run) => run.id === runId && run.state !== 'running'), `run ${runId} to finish`);
}

describe('the reconciliation with OpenPhone', () => {
  it('a dropped webhook is recovered by the next reconciliation, exactly once and billed like any call, with one alert; a second run finds nothing', async () => {
    const relay = (current = await startOperationsRelay({ RELAY_BUSINESS_TIME_ZONE: 'UTC' }));
    const admin = relay.addDevice('Owner', 'admin');
    const yesterday = new Date(relay.now() - 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(`${yesterday}T${time}Z`);

    // Yesterday: two calls and two texts; OpenPhone never sent one call's completion, nor one text.
    const lostCall = newCallId();
    const lostText = newMessageId();
    relay.switch.drop('call.completed', lostCall);
    relay.switch.drop('message.received', lostText);
    const heard = await relay.webhooks.call({ line: FRONT_DESK, customer: CALLER, createdAt: at('14:00:00'), answeredSeconds: 120 });
    await relay.webhooks.call({ id: lostCall, line: FRONT_DESK, customer: CALLER, createdAt: at('16:00:00'), answeredSeconds: 300 });
    await relay.webhooks.textIn({ line: SUPPORT, customers: [TEXTER], text: 'Is the shop open on Saturday?', createdAt: at('17:00:00') });
    await relay.webhooks.textIn({ id: lostText, line: SUPPORT, customers: [TEXTER], text: 'Never mind, found it', createdAt: at('17:05:00') });
    expect(relay.switch.withheld).toEqual([`call.completed ${lostCall}`, `message.received ${lostText}`]);
    expect(relay.webhooks.sent.map((sent) => sent.status)).toEqual([200, 200, 200, 200]);
    expect(relay.eventsOf('call.completed').map((event) => event.data.callId)).toEqual([`openphone:${heard.id}`]);

    const first = await reconcile(relay, admin, yesterday, yesterday);
    expect(first.status).toBe(202);
    const run = await finishedRun(relay, admin, first.body.runId!);
    expect(run).toMatchObject({ trigger: 'on_demand', fromDate: yesterday, toDate: yesterday, state: 'done', listedCalls: 2, listedMessages: 2, recoveredCalls: 1, recoveredMessages: 1, error: null });
    expect(run.recovered).toEqual([
      { kind: 'call', key: `call.completed|openphone:${lostCall}`, businessNumber: FRONT_DESK, externalNumber: CALLER, at: at('16:00:00').toISOString() },
      { kind: 'message', key: `message.recorded|openphone:${lostText}`, businessNumber: SUPPORT, externalNumber: TEXTER, at: at('17:05:00').toISOString() },
    ]);

    // The lost completion is in the log once, as its webhook would have given it, marked recovered and billable.
    const completions = relay.eventsOf('call.completed');
    expect(completions.map((event) => event.data.callId)).toEqual([`openphone:${heard.id}`, `openphone:${lostCall}`]);
    expect(completions[1]).toMatchObject({ source: 'openphone', lines: [FRONT_DESK], origin: { by: 'reconciliation', recordOnly: false }, data: { direction: 'incoming', externalNumber: CALLER, durationSeconds: 300 } });
    expect(completions[0]!.origin).toBeUndefined();
    const texts = relay.eventsOf('message.recorded').filter((event) => event.data.messageId === `openphone:${lostText}`);
    expect(texts).toEqual([expect.objectContaining({ origin: { by: 'reconciliation', recordOnly: false }, data: expect.objectContaining({ body: 'Never mind, found it', direction: 'incoming', healthCheck: false }) })]);

    // One alert for the run, naming what was found, on the lines concerned.
    const alerts = () => relay.eventsOf('relay.alert').filter((event) => event.data.alertId.startsWith('openphone:reconciliation'));
    await eventually(() => (alerts().length > 0 ? true : undefined), 'the alert');
    expect(alerts()).toEqual([expect.objectContaining({ lines: [FRONT_DESK, SUPPORT], data: expect.objectContaining({ alertId: `openphone:reconciliation:${run.id}`, state: 'raised', severity: 'warning' }) })]);
    expect(alerts()[0]!.data.message).toMatch(/^OpenPhone never told Ringside about 1 call and 1 text on \d+ \w+\. .*Calls are billed as usual\./);

    // The next run finds everything in the log: nothing appended, no alert.
    const before = relay.db.prepare('SELECT max(seq) FROM events').pluck().get();
    const second = await finishedRun(relay, admin, (await reconcile(relay, admin, yesterday, yesterday)).body.runId!);
    expect(second).toMatchObject({ state: 'done', listedCalls: 2, listedMessages: 2, recoveredCalls: 0, recoveredMessages: 0, recovered: [] });
    expect(relay.db.prepare('SELECT max(seq) FROM events').pluck().get()).toBe(before);
    expect(alerts()).toHaveLength(1);
    expect((await overview(relay, admin)).body.runs.map((entry) => entry.id)).toEqual([second.id, run.id]);
  });

  it("a call's and a text's webhooks arriving after the reconciliation recovered them are answered and not stored again, the call billed once; a text's later delivery is stored", async () => {
    const relay = (current = await startOperationsRelay({ RELAY_BUSINESS_TIME_ZONE: 'UTC' }));
    const admin = relay.addDevice('Owner', 'admin');
    const yesterday = new Date(relay.now() - 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(`${yesterday}T${time}Z`);
    const lostCall = newCallId();
    const lostText = newMessageId();
    relay.switch.drop('call.completed', lostCall);
    relay.switch.drop('message.received', lostText);
    await relay.webhooks.call({ id: lostCall, line: FRONT_DESK, customer: CALLER, createdAt: at('10:00:00'), answeredSeconds: 240 });
    await relay.webhooks.textIn({ id: lostText, line: SUPPORT, customers: [TEXTER], text: 'Can you come Tuesday?', createdAt: at('11:00:00') });
    // Sent from the business; the carrier has not reported it delivered yet, so no webhook so far.
    const pending = await relay.webhooks.textOut({ line: SUPPORT, customers: [TEXTER], text: 'Tuesday at 9 works.', createdAt: at('11:10:00'), status: 'sent' });

    const run = await finishedRun(relay, admin, (await reconcile(relay, admin, yesterday, yesterday)).body.runId!);
    expect(run).toMatchObject({ state: 'done', recoveredCalls: 1, recoveredMessages: 2 });

    // OpenPhone's retries come after all, and the delivery report of the sent text.
    expect(await relay.webhooks.deliverLate('call.completed', lostCall)).toBe(200);
    expect(await relay.webhooks.deliverLate('message.received', lostText)).toBe(200);
    await relay.webhooks.delivered(pending);
    expect(relay.webhooks.sent.at(-1)).toMatchObject({ type: 'message.delivered', status: 200 });

    const completions = relay.eventsOf('call.completed').filter((event) => event.data.callId === `openphone:${lostCall}`);
    expect(completions).toEqual([expect.objectContaining({ origin: { by: 'reconciliation', recordOnly: false } })]);
    const texts = (messageId: string) => relay.eventsOf('message.recorded').filter((event) => event.data.messageId === `openphone:${messageId}`);
    expect(texts(lostText)).toEqual([expect.objectContaining({ origin: { by: 'reconciliation', recordOnly: false } })]);
    // The delivery is news: the recovered "sent" and then the webhook's "delivered".
    expect(texts(pending.id).map((event) => [event.data.status, event.origin?.by ?? 'webhook'])).toEqual([['sent', 'reconciliation'], ['delivered', 'webhook']]);
    const charges = relay.db.prepare('SELECT COUNT(*) FROM accounts_charges WHERE call_id = ? AND reverses_charge_id IS NULL').pluck().get(`openphone:${lostCall}`);
    expect(charges).toBe(1);
  });

  it("reports calls and texts OpenPhone describes differently: a call's talk time is corrected to OpenPhone's and billed again, a call's answer and a text's status are reported only", async () => {
    const relay = (current = await startOperationsRelay({ RELAY_BUSINESS_TIME_ZONE: 'UTC' }));
    const admin = relay.addDevice('Owner', 'admin');
    const yesterday = new Date(relay.now() - 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(`${yesterday}T${time}Z`);
    // Webhooks that told an early or wrong story: OpenPhone's own record, read by its API, differs afterwards.
    const longer = await relay.webhooks.call({ line: FRONT_DESK, customer: CALLER, createdAt: at('10:00:00'), answeredSeconds: 240 });
    longer.completedAt = new Date(Date.parse(longer.answeredAt!) + 300_000).toISOString();
    longer.duration = 300;
    const picked = await relay.webhooks.call({ line: SUPPORT, customer: CALLER, createdAt: at('12:00:00'), answeredSeconds: null });
    picked.answeredAt = new Date(Date.parse(picked.createdAt) + 5_000).toISOString();
    picked.status = 'completed';
    picked.duration = 15;
    await relay.webhooks.textIn({ line: SUPPORT, customers: [TEXTER], text: 'Same on both sides', createdAt: at('13:00:00') });
    const callId = `openphone:${longer.id}`;
    const chargedBefore = relay.db.prepare('SELECT COUNT(*) FROM accounts_charges WHERE call_id = ?').pluck().get(callId);

    const first = await finishedRun(relay, admin, (await reconcile(relay, admin, yesterday, yesterday)).body.runId!);
    expect(first).toMatchObject({ state: 'done', recoveredCalls: 0, recoveredMessages: 0, differences: 2, correctedCalls: 1 });
    expect(first.differing).toEqual([
      { kind: 'call', key: `call.completed|${callId}`, businessNumber: FRONT_DESK, externalNumber: CALLER, at: at('10:00:00').toISOString(), difference: 'duration', inRingside: 240, inOpenPhone: 300, corrected: true },
      { kind: 'call', key: `call.completed|openphone:${picked.id}`, businessNumber: SUPPORT, externalNumber: CALLER, at: at('12:00:00').toISOString(), difference: 'answered', inRingside: 'not answered', inOpenPhone: 'answered', corrected: false },
    ]);
    // The talk time is corrected in the log, once, and billing reverses the charge and rates the call again.
    expect(relay.eventsOf('call.corrected')).toEqual([expect.objectContaining({ source: 'relay', lines: [FRONT_DESK], data: expect.objectContaining({ callId, durationSeconds: 300 }) })]);
    expect(relay.db.prepare('SELECT COUNT(*) FROM accounts_charges WHERE call_id = ? AND reverses_charge_id IS NOT NULL').pluck().get(callId)).toBe(1);
    expect(relay.db.prepare('SELECT COUNT(*) FROM accounts_charges WHERE call_id = ?').pluck().get(callId)).toBe((chargedBefore as number) + 2);
    // The call picked up on OpenPhone's side stays as the webhook said: only reported.
    expect(relay.eventsOf('call.completed').find((event) => event.data.callId === `openphone:${picked.id}`)!.data.answeredAt).toBeNull();
    const alertOf = (runId: number) => relay.eventsOf('relay.alert').find((event) => event.data.alertId === `openphone:reconciliation:${runId}`);
    await eventually(() => alertOf(first.id), 'the alert');
    expect(alertOf(first.id)!.data).toMatchObject({ state: 'raised', severity: 'warning' });
    expect(alertOf(first.id)!.data.message).toBe(
      `OpenPhone and Ringside disagree about 2 calls on ${Number(yesterday.slice(8, 10))} ${localMonth(yesterday)}. Ringside corrected the talk time of 1 call to OpenPhone's; it is billed again from the new length. The other one is listed on the Operations page to check; Ringside left it as it was.`,
    );

    // A text the business sent, not yet delivered when the check found it missing; its delivery report then lost.
    const pending = await relay.webhooks.textOut({ line: SUPPORT, customers: [TEXTER], text: 'See you at 9', createdAt: at('14:00:00'), status: 'sent' });
    expect((await finishedRun(relay, admin, (await reconcile(relay, admin, yesterday, yesterday)).body.runId!)).recoveredMessages).toBe(1);
    relay.switch.drop('message.delivered', pending.id);
    await relay.webhooks.delivered(pending);
    const third = await finishedRun(relay, admin, (await reconcile(relay, admin, yesterday, yesterday)).body.runId!);
    // The corrected call no longer differs; the answered one is still reported; the text's status now differs.
    expect(third).toMatchObject({ recoveredMessages: 0, differences: 2, correctedCalls: 0 });
    expect(third.differing.map((fact) => [fact.difference, fact.inRingside, fact.inOpenPhone, fact.corrected])).toEqual([
      ['answered', 'not answered', 'answered', false],
      ['status', 'sent', 'delivered', false],
    ]);
    expect(relay.eventsOf('call.corrected')).toHaveLength(1);
    expect(relay.eventsOf('message.recorded').filter((event) => event.data.messageId === `openphone:${pending.id}`).map((event) => event.data.status)).toEqual(['sent']);
  });

  it('only an admin console sees and starts reconciliations, and a range is checked before anything runs', async () => {
    const relay = (current = await startOperationsRelay());
    const admin = relay.addDevice('Owner', 'admin');
    const agent = relay.addDevice('Front desk', 'agent', [FRONT_DESK]);
    expect((await overview(relay, agent)).status).toBe(403);
    expect((await reconcile(relay, agent, '2026-11-01', '2026-11-01')).status).toBe(403);
    expect(await reconcile(relay, admin, '2026-11-05', '2026-11-01')).toMatchObject({ status: 400, body: { error: expect.stringContaining('the first day must not be after the last') } });
    expect(await reconcile(relay, admin, '2026-01-01', '2026-03-01')).toMatchObject({ status: 400, body: { error: 'Check at most 31 days at a time.' } });
    expect(await reconcile(relay, admin, '2026-02-30', '2026-02-30')).toMatchObject({ status: 400, body: { error: 'Those are not calendar dates.' } });
    expect((await overview(relay, admin)).body).toMatchObject({ runs: [], timeZone: 'UTC', dailyAt: '02:00', healthCheck: { configured: false, last: null } });
  });
});

describe('the reconciliation on its own', () => {
  it('runs at 02:00 in the business time zone for the day before, once, and recovers what that day lost', async () => {
    const relay = (current = await startOperationsRelay({ RELAY_BUSINESS_TIME_ZONE: 'America/New_York', OPENPHONE_RECONCILE_AT: '02:00' }));
    const admin = relay.addDevice('Owner', 'admin');
    // The next 02:00 in New York after the relay started (a new relay's first daily run is the next one).
    let runAt = instantOf(localParts(relay.now(), 'America/New_York').date, 120, 'America/New_York');
    if (runAt <= relay.now()) runAt = instantOf(addDays(localParts(relay.now(), 'America/New_York').date, 1), 120, 'America/New_York');
    const day = addDays(localParts(runAt, 'America/New_York').date, -1);
    const lostCall = newCallId();
    relay.switch.drop('call.completed', lostCall);
    // 23:30 in New York that day: the next day in UTC, still that business day.
    await relay.webhooks.call({ id: lostCall, line: FRONT_DESK, customer: CALLER, createdAt: new Date(instantOf(day, 23 * 60 + 30, 'America/New_York')), answeredSeconds: 90 });

    relay.advance(runAt - 60_000 - relay.now());
    relay.relay.reconciliation!.tick();
    await relay.relay.reconciliation!.idle();
    expect((await overview(relay, admin)).body.runs).toEqual([]);

    relay.advance(2 * 60_000);
    relay.relay.reconciliation!.tick();
    relay.relay.reconciliation!.tick();
    await relay.relay.reconciliation!.idle();
    const runs = (await overview(relay, admin)).body.runs;
    expect(runs).toEqual([expect.objectContaining({ trigger: 'daily', fromDate: day, toDate: day, state: 'done', recoveredCalls: 1 })]);
    expect(relay.eventsOf('call.completed').map((event) => event.data.callId)).toEqual([`openphone:${lostCall}`]);

    relay.advance(6 * 3_600_000);
    relay.relay.reconciliation!.tick();
    await relay.relay.reconciliation!.idle();
    expect((await overview(relay, admin)).body.runs).toHaveLength(1);
  });

  it('after the relay was down, reconciles from the last event before the outage at start-up', async () => {
    const relay = (current = await startOperationsRelay({ OPENPHONE_RECONCILE_AT: 'off' }));
    const admin = relay.addDevice('Owner', 'admin');
    await relay.webhooks.textIn({ line: SUPPORT, customers: [TEXTER], text: 'Hello?', createdAt: new Date(relay.now()) });
    expect(relay.eventsOf('message.recorded')).toHaveLength(1);
    let missed = '';
    await relay.restart(async () => {
      // An hour down; a call came in meanwhile, its webhooks answered by nobody.
      relay.advance(30 * 60_000);
      relay.switch.turnOff();
      missed = (await relay.webhooks.call({ line: FRONT_DESK, customer: CALLER, createdAt: new Date(relay.now()), answeredSeconds: null })).id;
      relay.switch.turnOn();
      relay.advance(30 * 60_000);
    });
    await relay.relay.reconciliation!.idle();
    const runs = (await overview(relay, admin)).body.runs;
    expect(runs).toEqual([expect.objectContaining({ trigger: 'after_outage', state: 'done', recoveredCalls: 1, recoveredMessages: 0 })]);
    expect(relay.eventsOf('call.completed')).toEqual([expect.objectContaining({ origin: { by: 'reconciliation', recordOnly: false }, data: expect.objectContaining({ callId: `openphone:${missed}`, answeredAt: null }) })]);
    const alert = relay.eventsOf('relay.alert').find((event) => event.data.alertId === `openphone:reconciliation:${runs[0]!.id}`);
    expect(alert?.data.message).toMatch(/^OpenPhone never told Ringside about 1 call while the relay was down/);
  });

  it('a quiet business whose relay ran for an hour with no event is not taken for an outage when it restarts; a real outage is measured from the last heartbeat', async () => {
    const relay = (current = await startOperationsRelay({ OPENPHONE_RECONCILE_AT: 'off' }));
    const admin = relay.addDevice('Owner', 'admin');
    await relay.webhooks.textIn({ line: SUPPORT, customers: [TEXTER], text: 'Quiet day', createdAt: new Date(relay.now()) });
    // An hour with nothing happening, the relay running (its tick every 30 seconds).
    for (let minute = 0; minute < 60; minute++) {
      relay.advance(60_000);
      relay.relay.reconciliation!.tick();
    }
    const aliveBefore = relay.relay.reconciliation!.store.lastAliveAtMs()!;
    expect(relay.now() - aliveBefore).toBeLessThan(60_000);
    // Stopped and back 2 minutes later: a restart, not an outage (the text is an hour old).
    await relay.restart(() => relay.advance(2 * 60_000));
    await relay.relay.reconciliation!.idle();
    expect((await overview(relay, admin)).body.runs).toEqual([]);

    // Down for 20 minutes: checked from 5 minutes before it was last running, not from the text an hour before.
    const stoppedAt = relay.now();
    await relay.restart(() => relay.advance(20 * 60_000));
    await relay.relay.reconciliation!.idle();
    const runs = relay.relay.reconciliation!.store.recent(5);
    expect(runs).toEqual([expect.objectContaining({ trigger: 'after_outage', state: 'done' })]);
    const fromMs = relay.db.prepare('SELECT from_ms FROM reconciliation_runs WHERE id = ?').pluck().get(runs[0]!.id) as number;
    expect(Math.abs(fromMs - (stoppedAt - 5 * 60_000))).toBeLessThan(5_000);
  });
});
