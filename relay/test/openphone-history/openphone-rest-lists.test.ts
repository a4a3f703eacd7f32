import { afterEach, describe, expect, it } from 'vitest';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { seededWorkspace } from '../../../tools/emulators/openphone/workspace/seeded-workspace';
import { everyPage } from '../../src/providers/openphone/rest/list-pages';
import { relayOpenPhoneClient } from '../../src/providers/openphone/rest/relay-openphone-client';
import { openPhonePace, RequestPacer } from '../../src/providers/openphone/rest/request-pacer';

const KEY = 'emulated-api-key-0001';
let emulator: OpenPhoneRestEmulator | null = null;

afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

async function startWorkspace(conversations: number) {
  const workspace = seededWorkspace({ conversations, contacts: 120, photos: 5 });
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: workspace.lines, workspace });
  const client = relayOpenPhoneClient({ apiKey: KEY, apiBaseUrl: emulator.url, rateLimitPerSecond: 10 }, Date.now)!;
  return { workspace, client };
}

describe("the relay's OpenPhone REST client: lists and the shared pace", () => {
  it('follows nextPageToken through every conversation and contact, and reads a call and its artifacts', async () => {
    const { workspace, client } = await startWorkspace(130);
    const conversations: string[] = [];
    for await (const step of everyPage((pageToken) => client.listConversations({ maxResults: 50, pageToken }))) {
      expect(step.ok).toBe(true);
      if (step.ok) conversations.push(...step.page.data.map((c) => c.id));
    }
    expect(conversations.length).toBe(workspace.conversations.length);
    let contacts = 0;
    for await (const step of everyPage((pageToken) => client.listContacts({ pageToken }))) if (step.ok) contacts += step.page.data.length;
    expect(contacts).toBe(workspace.contacts.filter((c) => c.source !== 'openphone-app').length);

    const conversation = workspace.conversationsNewestFirst().find((c) => c.participants.length === 1 && workspace.callsOf(c.phoneNumberId, c.participants[0]!).some((call) => call.answeredAt === null))!;
    const calls = await client.listCalls({ phoneNumberId: conversation.phoneNumberId, participant: conversation.participants[0]! });
    expect(calls.ok && calls.value.data.length).toBe(workspace.callsOf(conversation.phoneNumberId, conversation.participants[0]!).length);
    const missed = workspace.callsOf(conversation.phoneNumberId, conversation.participants[0]!).find((call) => call.answeredAt === null)!;
    expect(await client.getCallSummary(missed.id)).toEqual({ ok: true, value: null });
    expect(await client.getCallRecordings(missed.id)).toEqual({ ok: true, value: [] });
    expect(await client.listContactCustomFields()).toMatchObject({ ok: true, value: [{ key: 'plan' }, { key: 'hours-remaining' }] });
  });

  it('shares one pace between several callers at once, and is never answered 429', async () => {
    const { workspace, client } = await startWorkspace(10);
    // Four callers share the key, as sending, the import and reconciliation do.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 20; i++) await client.listConversations({ maxResults: 5 });
    }));
    const statuses = emulator!.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect(client.pacing()).toMatchObject({ requests: 80, rateLimited: 0, longest429Streak: 0, limitPerSecond: 10 });
    expect(workspace.conversations.length).toBeGreaterThan(0);
  });

  it('spaces requests evenly at 97 % of 10 a second: at least 95 % of the budget, never more than 10 in any second', async () => {
    // The pace on its own clock: 80 requests queued at the same moment, as four busy callers
    // leave them, go at the offsets the pacer sleeps for (no wall-clock time is measured;
    // the bench reports the rate achieved over the network).
    const now = 0;
    const offsets: number[] = [];
    const pacer = new RequestPacer(openPhonePace(10), () => now, async (ms) => {
      offsets.push(ms);
    });
    await Promise.all(Array.from({ length: 80 }, () => pacer.wait()));
    expect(offsets).toHaveLength(79); // the first goes at once
    const sendTimes = [0, ...offsets];
    const gaps = sendTimes.slice(1).map((at, i) => at - sendTimes[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(103);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(104);
    expect(79 / (sendTimes.at(-1)! / 1000) / 10).toBeGreaterThanOrEqual(0.95);
    const busiestSecond = Math.max(...sendTimes.map((start) => sendTimes.filter((at) => at >= start && at < start + 1000).length));
    expect(busiestSecond).toBeLessThanOrEqual(10);
  });

  it('a 429 from another program on the key holds every caller back briefly, then the pace resumes without a streak', async () => {
    const { client } = await startWorkspace(5);
    emulator!.answerTooManyRequests(1);
    const results = await Promise.all(Array.from({ length: 6 }, () => client.listConversations({ maxResults: 5 })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(client.pacing()).toMatchObject({ rateLimited: 1, longest429Streak: 1 });
  });
});
