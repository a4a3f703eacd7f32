import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { CommunicationsApiPushes } from '../../shared/api/communications';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { conversationKey } from '../../shared/messages/conversation-key';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550199';
const ADA = '+16175550100';
const KEY = conversationKey(LINE, [ADA]);
const FILTER = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;

describe('the shared inbox through the console API and the real relay', () => {
  let relay: RelayProcess;
  let dir: string;
  let desk: ConsoleCore;
  let agent: ConsoleCore;
  let deskToken: string;
  const arrived: CommunicationsApiPushes['messages.arrived'][] = [];

  async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  }
  const thread = (core: ConsoleCore) => call(core, 'messages.conversation', { conversationKey: KEY, limit: 20 });

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-inbox-'));
    deskToken = await relay.addDevice('front desk', 'admin');
    const agentToken = await relay.addDevice('Maya', 'agent', [LINE]);
    const core = (name: string, token: string) =>
      createConsoleCore({ dbPath: join(dir, `${name}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 } });
    desk = core('desk', deskToken);
    agent = core('agent', agentToken);
    desk.onPush('messages.arrived', (notice) => arrived.push(notice));
    await Promise.all([desk.start(), agent.start()]);
    for (const console of [desk, agent]) await vi.waitFor(async () => expect((await call(console, 'link.status', {})).state).toBe('live'), { timeout: 10_000 });
  });
  afterAll(async () => {
    await Promise.all([desk?.stop(), agent?.stop()]);
    await relay?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a text arrives on both consoles; read on one stays unread on the other; done and a note from the agent reach the front desk', async () => {
    await postConsoleEvent(relay.url, deskToken, {
      id: 'customer-ada',
      occurredAt: new Date().toISOString(),
      type: 'customer.upserted',
      data: { customerId: 'c-ada', name: 'Ada Lovelace', company: null, email: null, phones: [ADA] },
    });
    const now = new Date().toISOString();
    const webhook = {
      id: 'EV0000000000000000000000000000inbox1',
      object: 'event',
      apiVersion: 'v3',
      createdAt: now,
      type: 'message.received',
      data: { object: { id: 'ACinbox1', object: 'message', from: ADA, to: LINE, direction: 'incoming', body: 'Can I move my appointment to Friday?', media: [], status: 'received', createdAt: now } },
    };
    const answer = await sendOpenPhoneWebhook(relay.url, JSON.stringify(webhook), { secretBase64: relay.secretBase64 });
    expect(answer.status, answer.text).toBeLessThan(300);

    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect((await thread(console))?.messages.map((m) => m.body)).toEqual(['Can I move my appointment to Friday?']), { timeout: 10_000 });
    }
    expect(arrived).toEqual([{ conversationKey: KEY, fromName: 'Ada Lovelace', from: ADA, preview: 'Can I move my appointment to Friday?', unread: 1 }]);
    expect((await thread(desk))?.conversation).toMatchObject({ customers: [{ id: 'c-ada', name: 'Ada Lovelace' }], unreadCount: 1, needsReply: true, status: 'open' });

    await call(desk, 'messages.markRead', { conversationKey: KEY });
    expect(await call(desk, 'messages.unreadCount', {})).toEqual({ unread: 0 });
    expect(await call(agent, 'messages.unreadCount', {})).toEqual({ unread: 1 });

    await call(agent, 'messages.addNote', { conversationKey: KEY, text: 'Moved to Friday 10:00 in the calendar' });
    await call(agent, 'messages.setStatus', { conversationKey: KEY, status: 'done' });
    await call(agent, 'messages.assign', { conversationKey: KEY, assignee: 'Maya' });
    await vi.waitFor(
      async () =>
        expect(await thread(desk)).toMatchObject({ conversation: { status: 'done', assignee: 'Maya' }, notes: [{ text: 'Moved to Friday 10:00 in the calendar', by: 'Maya' }] }),
      { timeout: 10_000 },
    );
    expect((await call(desk, 'messages.conversations', { limit: 10, filter: FILTER })).total).toBe(0);
    expect((await call(desk, 'messages.conversations', { limit: 10, status: 'done', filter: FILTER })).rows.map((r) => r.conversationKey)).toEqual([KEY]);
    expect(await call(desk, 'messages.search', { query: 'appointment', limit: 5 })).toEqual([expect.objectContaining({ kind: 'message', conversationKey: KEY, customerName: 'Ada Lovelace' })]);
    expect((await call(desk, 'messages.templates', { conversationKey: KEY })).map((t) => t.body)).toContain('Hi Ada, sorry we missed your call. How can we help?');
  });

  it('a reply the relay cannot send fails in the relay’s plain words', async () => {
    // This relay has no OpenPhone API key: it refuses, saying so.
    await expect(call(desk, 'messages.send', { conversationKey: KEY, body: 'Friday works.' })).rejects.toThrow('Sending texts is not set up on the relay: whoever runs it needs to set OPENPHONE_API_KEY.');
  });

  it('assignment picks from the team, this console first; the campaign rule is an admin’s to change and every console follows it', async () => {
    await call(desk, 'messages.addNote', { conversationKey: KEY, text: 'Front desk saw it' });
    // The admin console hears the team from the relay; an agent's from the names its log holds.
    expect(await call(desk, 'messages.assignees', {})).toEqual({ me: 'front desk', others: ['Maya'] });
    await vi.waitFor(async () => expect(await call(agent, 'messages.assignees', {})).toEqual({ me: 'Maya', others: ['front desk'] }), { timeout: 10_000 });

    expect(await call(agent, 'messages.policy', {})).toMatchObject({ campaignMinRecipients: 10, campaignWindowMinutes: 30, isDefault: true });
    await expect(call(agent, 'messages.definePolicy', { campaignMinRecipients: 3, campaignWindowMinutes: 5 })).rejects.toThrow();
    await call(desk, 'messages.definePolicy', { campaignMinRecipients: 3, campaignWindowMinutes: 5 });
    for (const console of [desk, agent]) {
      await vi.waitFor(async () => expect(await call(console, 'messages.policy', {})).toMatchObject({ campaignMinRecipients: 3, campaignWindowMinutes: 5, isDefault: false }), { timeout: 10_000 });
    }
  });
});
