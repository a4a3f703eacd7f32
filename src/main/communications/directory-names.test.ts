import { afterEach, describe, expect, it } from 'vitest';
import { answered, completed, ringing } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { conversationKey } from '../../shared/messages/conversation-key';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { callDetail, callPage } from './call-reads';
import { conversationPage, messageFeed } from './message-reads';

// The line event-builders.ts rings calls on.
const LINE = '+16175550199';
const OTHER_LINE = '+16175550198';
const ADA = '+16175550100';
const DANA = 'USdana0001';
const NOW = new Date('2026-03-02T18:00:00.000Z');
const FILTER = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;
const at = (minutes: number) => new Date(Date.parse('2026-03-02T15:00:00.000Z') + minutes * 60_000).toISOString();
/** Reading while the calls go on (a call ringing for longer reads ended, call-status.ts). */
const DURING = Date.parse(at(1));

function envelope(id: string, occurredAt: string, source: RingsideEvent['source'], lines: string[] = [LINE]) {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt, receivedAt: occurredAt, lines };
}

function directory(id: string, users: { providerUserId: string; name: string }[], lines: { number: string; name: string | null }[] = [{ number: LINE, name: 'Front desk' }]): EventOf<'provider.directory_synced'> {
  return {
    ...envelope(id, at(0), 'relay', lines.map((line) => line.number)),
    type: 'provider.directory_synced',
    data: {
      provider: 'openphone',
      lines: lines.map((line) => ({ ...line, providerLineId: `PN${line.number.slice(-4)}`, userIds: users.map((user) => user.providerUserId) })),
      users: users.map((user) => ({ ...user, email: null })),
    },
  };
}

function lineDefined(number: string, name: string): EventOf<'line.defined'> {
  return { ...envelope(`line:${number}:${name}`, at(0), 'console', []), type: 'line.defined', data: { number, name, by: 'Owner' } };
}

function answeredBy(callId: string, userId: string): EventOf<'call.answered'> {
  const event = answered(callId, ADA, at(1));
  return { ...event, data: { ...event.data, answeredBy: userId } };
}

describe('names instead of provider ids', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (...events: RingsideEvent[]) => applyBatch(db, events.map((event) => ({ seq: ++seq, event })));
  afterEach(async () => {
    await db.close();
    seq = 0;
  });

  it('a call answered by Dana shows Dana, from the directory synced before or after it, and her new name once renamed', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(ringing('openphone:AC1', ADA, at(1)), answeredBy('openphone:AC1', DANA));
    // Answered, but nobody names DANA's id yet: nobody in particular, never the id.
    expect(callDetail(db, 'openphone:AC1', DURING)!.call).toMatchObject({ status: 'in_progress', answeredBy: null });
    apply(directory('dir-1', [{ providerUserId: DANA, name: 'Dana Whitfield' }]));
    expect(callDetail(db, 'openphone:AC1', DURING)!.call).toMatchObject({ status: 'in_progress', answeredBy: 'Dana Whitfield', lineName: 'Front desk' });
    apply(completed('openphone:AC1', ADA, at(1), 90));
    expect(callPage(db, { limit: 10 }, DURING).rows[0]).toMatchObject({ status: 'completed', answeredBy: 'Dana Whitfield' });
    apply(directory('dir-2', [{ providerUserId: DANA, name: 'Dana Okafor' }]));
    expect(callDetail(db, 'openphone:AC1', DURING)!.call.answeredBy).toBe('Dana Okafor');
    // A later sync that no longer lists her still names the calls she answered.
    apply(directory('dir-3', []));
    expect(callDetail(db, 'openphone:AC1', DURING)!.call.answeredBy).toBe('Dana Okafor');
  });

  it('a transcript line spoken by a workspace user shows their name; the caller and an unknown user keep theirs', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(
      directory('dir-1', [{ providerUserId: DANA, name: 'Dana Whitfield' }]),
      ringing('openphone:AC2', ADA, at(1)),
      completed('openphone:AC2', ADA, at(1), 60),
      {
        ...envelope('tr', at(3), 'openphone'),
        type: 'call.transcript_ready',
        data: {
          callId: 'openphone:AC2',
          durationSeconds: 60,
          dialogue: [
            { speakerNumber: LINE, speakerUserId: DANA, text: 'Thanks for calling, this is Dana.', startSeconds: 0, endSeconds: 3 },
            { speakerNumber: ADA, speakerUserId: null, text: 'Hi, about my invoice.', startSeconds: 3, endSeconds: 6 },
            { speakerNumber: LINE, speakerUserId: 'USnobody', text: 'Let me check.', startSeconds: 6, endSeconds: 8 },
          ],
        },
      },
    );
    expect(callDetail(db, 'openphone:AC2', DURING)!.transcript.map((line) => line.speakerName)).toEqual(['Dana Whitfield', null, null]);
  });

  it('an outgoing text names the user who sent it; an incoming one is not named after our team', async () => {
    db = await openConsoleDatabase(':memory:');
    const text = (messageId: string, direction: 'incoming' | 'outgoing', userId: string | null): EventOf<'message.recorded'> => ({
      ...envelope(`${messageId}:rec`, at(2), 'openphone'),
      type: 'message.recorded',
      data: {
        messageId,
        direction,
        businessNumber: LINE,
        from: direction === 'incoming' ? ADA : LINE,
        participants: [ADA],
        body: `${direction} text`,
        media: [],
        status: direction === 'incoming' ? 'received' : 'delivered',
        errorCode: null,
        sentAt: direction === 'incoming' ? at(2) : at(3),
        providerConversationId: null,
        userId,
        campaignId: null,
        healthCheck: false,
      },
    });
    apply(directory('dir-1', [{ providerUserId: DANA, name: 'Dana Whitfield' }]), text('openphone:MS1', 'incoming', DANA), text('openphone:MS2', 'outgoing', DANA), text('openphone:MS3', 'outgoing', 'USgone'));
    const names = Object.fromEntries(messageFeed(db, { limit: 10, filter: { ...FILTER, campaigns: 'show' } }).rows.map((row) => [row.messageId, row.fromName]));
    // A sender the directory does not name is the line's name, never an id or "You".
    expect(names).toEqual({ 'openphone:MS1': null, 'openphone:MS2': 'Dana Whitfield', 'openphone:MS3': 'Front desk' });
    expect(conversationPage(db, { limit: 10, status: 'open', filter: FILTER }, NOW).rows[0]).toMatchObject({ conversationKey: conversationKey(LINE, [ADA]), lineName: 'Front desk' });
  });

  it("a line is named by the provider where it lists one, else by the admin's name, which stays once the provider stops listing it", async () => {
    db = await openConsoleDatabase(':memory:');
    apply(ringing('openphone:AC3', ADA, at(1)), ringing('openphone:AC4', ADA, at(2), OTHER_LINE), lineDefined(LINE, 'Reception'), lineDefined(OTHER_LINE, 'After hours'));
    const lineNames = () => Object.fromEntries(callPage(db, { limit: 10 }, DURING).rows.map((row) => [row.businessNumber, row.lineName]));
    expect(lineNames()).toEqual({ [LINE]: 'Reception', [OTHER_LINE]: 'After hours' });
    apply(directory('dir-1', [], [{ number: LINE, name: 'Front desk' }, { number: OTHER_LINE, name: null }]));
    expect(lineNames()).toEqual({ [LINE]: 'Front desk', [OTHER_LINE]: 'After hours' });
    apply(directory('dir-2', [], []));
    expect(lineNames()).toEqual({ [LINE]: 'Reception', [OTHER_LINE]: 'After hours' });
  });
});
