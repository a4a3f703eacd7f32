import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPhoneImportAnswerSchema, type OpenPhoneImportProgress, type OpenPhoneImportRequest } from '../../../src/shared/relay-rest/openphone-import';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { messageEvent } from '../../../tools/emulators/openphone/message-payloads';
import { callCompletedEvent } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import { seededWorkspace } from '../../../tools/emulators/openphone/workspace/seeded-workspace';
import type { Workspace, WorkspaceCall, WorkspaceMessage } from '../../../tools/emulators/openphone/workspace/workspace';
import { RELAY_DB_FILE } from '../../src/database';
import { dayRange, localParts } from '../../src/providers/openphone/reconciliation/business-time';

const API_KEY = 'relay-test-openphone-key-0012';

let emulator: OpenPhoneRestEmulator | undefined;
let relay: RelayProcess | undefined;

afterEach(async () => {
  await relay?.stop();
  await emulator?.close();
  relay = undefined;
  emulator = undefined;
});

/** A workspace and a relay pointed at it; `rate` is the emulator's limit and the relay's setting alike. */
async function start(workspace: Workspace, rate: number): Promise<{ relay: RelayProcess; admin: string }> {
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, ratePerSecond: rate });
  relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_RATE_LIMIT_PER_SECOND: String(rate), OPENPHONE_DIRECTORY_SYNC_MINUTES: '0' } });
  return { relay, admin: await relay.addDevice('Owner', 'admin') };
}

async function importApi(token: string, request?: OpenPhoneImportRequest): Promise<{ status: number; progress: OpenPhoneImportProgress | null; error?: string }> {
  const response = await fetch(`${relay!.url}/v1/openphone/import`, {
    method: request === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(request === undefined ? {} : { 'content-type': 'application/json' }) },
    body: request === undefined ? undefined : JSON.stringify(request),
  });
  const body = (await response.json()) as { error?: string };
  if (response.status !== 200) return { status: response.status, progress: null, error: body.error };
  return { status: 200, progress: openPhoneImportAnswerSchema.parse(body).import };
}

async function waitFor(token: string, done: (progress: OpenPhoneImportProgress) => boolean, what: string, timeoutMs = 60_000): Promise<OpenPhoneImportProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { progress } = await importApi(token);
    if (progress !== null && done(progress)) return progress;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every stored event of the relay's log, read from its database file (after the relay stopped). */
function storedEvents(dataDir: string): { type: string; id: string; key: string | null; origin: { by: string; recordOnly: boolean } | null }[] {
  const db = new Database(path.join(dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT event FROM events ORDER BY seq').pluck().all() as string[]).map((json) => {
      const event = JSON.parse(json) as { type: string; id: string; origin?: { by: string; recordOnly: boolean }; data: { callId?: string; messageId?: string; contactId?: string } };
      const subject = event.data.callId ?? event.data.messageId ?? event.data.contactId ?? null;
      return { type: event.type, id: event.id, key: subject === null ? null : `${event.type}|${subject}`, origin: event.origin ?? null };
    });
  } finally {
    db.close();
  }
}

/** Each call's `call.completed` and each text's webhook, as OpenPhone would send them (a text as received or delivered). */
async function deliverByWebhook(to: RelayProcess, workspace: Workspace, calls: readonly WorkspaceCall[], messages: readonly WorkspaceMessage[]): Promise<void> {
  const lineOf = (phoneNumberId: string) => workspace.lineById(phoneNumberId)!.number;
  for (const call of calls) {
    const ours = lineOf(call.phoneNumberId);
    const delivery = callCompletedEvent({
      callId: call.id,
      from: call.direction === 'incoming' ? call.participants[0] : ours,
      to: call.direction === 'incoming' ? ours : call.participants[0],
      direction: call.direction,
      createdAt: new Date(call.createdAt),
      answeredAt: call.answeredAt === null ? null : new Date(call.answeredAt),
      completedAt: new Date(call.completedAt!),
      phoneNumberId: call.phoneNumberId,
    });
    expect((await sendOpenPhoneWebhook(to.url, delivery.body, { secretBase64: to.secretBase64 })).status).toBeLessThan(300);
  }
  for (const message of messages) {
    const ours = lineOf(message.phoneNumberId);
    const delivery = messageEvent({
      type: message.direction === 'incoming' ? 'message.received' : 'message.delivered',
      messageId: message.id,
      line: ours,
      participants: [message.from, ...message.to].filter((n) => n !== ours),
      body: message.text,
      at: new Date(message.createdAt),
    });
    expect((await sendOpenPhoneWebhook(to.url, delivery.body, { secretBase64: to.secretBase64 })).status).toBeLessThan(300);
  }
}

/** How many calls the relay's accounts charged (its billing projection, read from its database file after it stopped). */
function chargedCalls(dataDir: string): number {
  const db = new Database(path.join(dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(DISTINCT call_id) FROM accounts_charges WHERE reverses_charge_id IS NULL').pluck().get() as number;
  } finally {
    db.close();
  }
}

function everyCall(workspace: Workspace): WorkspaceCall[] {
  return workspace.conversationsNewestFirst().flatMap((c) => (c.participants.length === 1 ? workspace.callsOf(c.phoneNumberId, c.participants[0]!) : []));
}

function everyMessage(workspace: Workspace): WorkspaceMessage[] {
  return workspace.conversationsNewestFirst().flatMap((c) => workspace.messagesOf(c.phoneNumberId, c.participants));
}

/** What a complete import of the workspace must hold, fact by fact. */
function expectedFacts(workspace: Workspace): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (type: string, n = 1) => counts.set(type, (counts.get(type) ?? 0) + n);
  for (const call of everyCall(workspace)) {
    add('call.completed');
    const artifacts = workspace.artifactsOf(call.id)!;
    if (artifacts.recordings.some((r) => r.url !== null)) add('call.recording_ready');
    if (artifacts.voicemail !== null && artifacts.voicemail.recordingUrl !== null && call.direction === 'incoming') add('call.voicemail_ready');
    if (artifacts.transcript !== null) add('call.transcript_ready');
    if (artifacts.summary !== null) add('call.summary_ready');
  }
  add('message.recorded', everyMessage(workspace).length);
  add('contact.changed', workspace.contacts.filter((c) => c.source !== 'openphone-app').length);
  return counts;
}

describe('the OpenPhone history import (a real relay process against the emulator)', () => {
  it('an import killed twice and resumed ends with every fact exactly once, as its webhook would have stored it, never billed, with a report in plain words', async () => {
    const workspace = seededWorkspace({ conversations: 45, contacts: 30, photos: 15, mediaRetentionDays: 120 });
    const { relay, admin } = await start(workspace, 60);
    const agent = await relay.addDevice('Front desk', 'agent', [workspace.lines[0]!.number]);
    expect((await importApi(agent)).status).toBe(403);
    expect((await importApi(admin, { action: 'start', fromDate: '2026-05-01', toDate: '2026-04-01' })).status).toBe(400);

    const started = await importApi(admin, { action: 'start' });
    expect(started.progress).toMatchObject({ state: 'running', billing: 'record_only', startedBy: 'Owner' });
    expect((await importApi(admin, { action: 'start' })).status).toBe(409);

    await waitFor(admin, (p) => p.requests >= 40, 'a first part imported');
    await relay.kill('SIGKILL');
    await relay.restart();
    const middle = await waitFor(admin, (p) => p.requests >= 120, 'more imported after the first kill');
    expect(middle.state).toBe('running');
    await relay.kill('SIGKILL');
    await relay.restart();
    const finished = await waitFor(admin, (p) => p.state === 'finished', 'the import finished');
    await relay.kill('SIGTERM');

    const events = storedEvents(relay.dataDir);
    const keyed = events.filter((event) => event.key !== null);
    const keys = keyed.map((event) => event.key!);
    expect(keys.length - new Set(keys).size).toBe(0);
    const byType = new Map<string, number>();
    for (const event of keyed) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    expect(Object.fromEntries(byType)).toEqual(Object.fromEntries(expectedFacts(workspace)));
    expect(keyed.every((event) => event.origin?.by === 'import' && event.origin.recordOnly)).toBe(true);
    // History never rings: no caller card pops for an imported call.
    expect(events.filter((event) => event.type === 'call.ringing')).toEqual([]);

    expect(finished.imported).toMatchObject({ calls: byType.get('call.completed'), messages: byType.get('message.recorded'), contacts: byType.get('contact.changed') });
    expect(finished.fraction).toBe(1);
    expect(finished.report.join('\n')).toMatch(/call recordings? (is|are) older than OpenPhone keeps media/);
    expect(finished.report.join('\n')).toMatch(/Contacts made in OpenPhone's own app cannot be read/);
    expect(finished.longest429Streak).toBeLessThanOrEqual(1);
  }, 120_000);

  it('webhooks first, then an import of the same calls and texts adds nothing for them; "bill" history is marked to be billed', async () => {
    const workspace = seededWorkspace({ conversations: 12, contacts: 0, photos: 0, mediaRetentionDays: 400 });
    const { relay, admin } = await start(workspace, 60);
    const calls = everyCall(workspace);
    const messages = everyMessage(workspace);
    await deliverByWebhook(relay, workspace, calls, messages);

    await importApi(admin, { action: 'start', billing: 'bill' });
    const finished = await waitFor(admin, (p) => p.state === 'finished', 'the import finished');
    expect(finished.billing).toBe('bill');
    expect(finished.imported.calls).toBe(0);
    expect(finished.imported.messages).toBe(0);
    expect(finished.alreadyInLog).toBe(calls.length + messages.length);
    await relay.kill('SIGTERM');
    const events = storedEvents(relay.dataDir);
    expect(events.filter((e) => e.type === 'call.completed').length).toBe(calls.length);
    expect(events.filter((e) => e.type === 'message.recorded').length).toBe(messages.length);
    // Calls that came by webhook are billed (the same count is 0 when only a record-only import stored them).
    expect(chargedCalls(relay.dataDir)).toBeGreaterThan(0);
    // What the import did add (transcripts, summaries, recordings) is marked to be billed.
    const imported = events.filter((e) => e.origin !== null);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.every((e) => e.origin!.recordOnly === false)).toBe(true);
  }, 120_000);

  it('an import first, then the same calls and texts arriving late by webhook: each fact stays one event, and record-only history is still not billed', async () => {
    const workspace = seededWorkspace({ conversations: 12, contacts: 0, photos: 0, mediaRetentionDays: 400 });
    const { relay, admin } = await start(workspace, 60);
    await importApi(admin, { action: 'start' });
    const finished = await waitFor(admin, (p) => p.state === 'finished', 'the import finished');
    expect(finished.billing).toBe('record_only');
    const calls = everyCall(workspace);
    // A text's webhook says received or delivered: those the API lists with that status repeat the imported fact.
    const messages = everyMessage(workspace).filter((message) => message.status === 'received' || message.status === 'delivered');
    expect(calls.length).toBeGreaterThan(0);
    expect(messages.length).toBeGreaterThan(0);

    await deliverByWebhook(relay, workspace, calls, messages);
    await relay.kill('SIGTERM');
    const events = storedEvents(relay.dataDir);
    const keys = events.filter((event) => event.key !== null).map((event) => event.key!);
    expect(keys.length - new Set(keys).size).toBe(0);
    expect(events.filter((e) => e.type === 'call.completed').length).toBe(calls.length);
    expect(events.filter((e) => e.type === 'message.recorded').length).toBe(everyMessage(workspace).length);
    expect(events.filter((e) => e.key !== null && e.origin === null)).toEqual([]);
    expect(chargedCalls(relay.dataDir)).toBe(0);
  }, 120_000);

  it("an import's From and To are days in the business time zone (RELAY_BUSINESS_TIME_ZONE), as the reconciliation's: exactly the calls and texts of those local days", async () => {
    const zone = 'America/New_York';
    const workspace = seededWorkspace({ conversations: 30, contacts: 0, photos: 0 });
    const messages = everyMessage(workspace);
    const inRange = (range: { startMs: number; endMs: number }) => (createdAt: string) => Date.parse(createdAt) >= range.startMs && Date.parse(createdAt) < range.endMs;
    // A day whose texts differ between New York's day and the UTC day of that date, so reading UTC days would be seen.
    const day = [...new Set(messages.map((message) => localParts(Date.parse(message.createdAt), zone).date))].find(
      (candidate) => messages.filter((m) => inRange(dayRange(candidate, zone))(m.createdAt)).length !== messages.filter((m) => inRange(dayRange(candidate, 'UTC'))(m.createdAt)).length,
    )!;
    expect(day).toBeDefined();
    const inDay = inRange(dayRange(day, zone));
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, ratePerSecond: 60 });
    relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_RATE_LIMIT_PER_SECOND: '60', OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', RELAY_BUSINESS_TIME_ZONE: zone } });
    const admin = await relay.addDevice('Owner', 'admin');

    expect((await importApi(admin, { action: 'start', fromDate: day, toDate: day })).progress).toMatchObject({ fromDate: day, toDate: day });
    const finished = await waitFor(admin, (p) => p.state === 'finished', 'the import finished');
    expect(finished).toMatchObject({ fromDate: day, toDate: day });
    const expectedMessages = messages.filter((message) => inDay(message.createdAt)).length;
    expect(expectedMessages).toBeGreaterThan(0);
    expect(finished.imported.messages).toBe(expectedMessages);
    expect(finished.imported.calls).toBe(everyCall(workspace).filter((call) => inDay(call.createdAt)).length);
  }, 120_000);

  it('paced at the real 10 requests a second: never a 429 from OpenPhone’s limit, an ETA shown, pausable and resumable', async () => {
    const workspace = seededWorkspace({ conversations: 25, contacts: 0, photos: 0 });
    const { admin } = await start(workspace, 10);
    await importApi(admin, { action: 'start' });
    const busy = await waitFor(admin, (p) => p.requests >= 70, 'seven seconds of import');
    // How much of the budget the import uses is a performance figure, reported by
    // `npm run bench` (bench/openphone-import.ts), not asserted here. What must hold on any
    // machine, however loaded, is the limit: the emulator answers 429 above 10 a second.
    expect(busy.etaSeconds).not.toBeNull();
    const paused = await importApi(admin, { action: 'pause' });
    expect(paused.progress!.state).toBe('paused');
    const requestsWhenPaused = emulator!.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emulator!.requests.length).toBe(requestsWhenPaused);
    await importApi(admin, { action: 'resume' });
    await waitFor(admin, (p) => p.state === 'finished', 'the import finished', 90_000);
    expect(emulator!.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 120_000);
});
