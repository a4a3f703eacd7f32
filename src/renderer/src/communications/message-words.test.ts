import { describe, expect, it } from 'vitest';
import { assigneeChoices, canReply, conversationLineText, conversationTitle, deliveryText, senderText, snoozePresets } from './message-words';

describe('how threads and messages read', () => {
  it('names a 1:1 thread by its customer, a group thread as a group, an unknown number as the number', () => {
    expect(conversationTitle({ participants: ['+16175550142'], customers: [{ id: 'c1', name: 'Ada Lovelace' }] })).toBe('Ada Lovelace');
    expect(conversationTitle({ participants: ['+16175550142', '+16175550177'], customers: [{ id: 'c1', name: 'Ada Lovelace' }, { id: 'c2', name: 'Grace Hopper' }] })).toBe(
      'Group: Ada Lovelace, Grace Hopper',
    );
    expect(conversationTitle({ participants: ['+16175550142', '+16465550190'], customers: [{ id: 'c1', name: 'Ada Lovelace' }] })).toBe('Group: Ada Lovelace + 1 other');
    expect(conversationTitle({ participants: ['+16175550100'], customers: [] })).toBe('+1 617 555 0100');
    expect(canReply({ participants: ['+16175550142', '+16175550177'] })).toBe(false);
  });

  it('says what happened to an outgoing message in plain words, failures with their reason', () => {
    expect(deliveryText({ direction: 'outgoing', status: 'delivered', failure: null })).toEqual({ text: 'Delivered', failed: false });
    expect(deliveryText({ direction: 'outgoing', status: 'failed', failure: 'Texting is not approved for this number yet.' })).toEqual({
      text: 'Could not be sent: Texting is not approved for this number yet.',
      failed: true,
    });
    expect(deliveryText({ direction: 'incoming', status: 'received', failure: null })).toBeNull();
  });

  it('snoozes for an hour, until tomorrow 9:00, or until Monday 9:00 of next week', () => {
    // A Friday afternoon, local time.
    const friday = new Date(2026, 2, 6, 15, 30);
    const [hour, tomorrow, nextWeek] = snoozePresets(friday);
    expect(hour?.until).toEqual(new Date(2026, 2, 6, 16, 30));
    expect(tomorrow?.until).toEqual(new Date(2026, 2, 7, 9, 0));
    expect(nextWeek?.until).toEqual(new Date(2026, 2, 9, 9, 0));
    // On a Monday, next week is the Monday after.
    expect(snoozePresets(new Date(2026, 2, 9, 8, 0))[2]?.until).toEqual(new Date(2026, 2, 16, 9, 0));
  });

  it('a text is "You" only when this console sent it; others name their sender, the number, or the team', () => {
    const text = { direction: 'outgoing' as const, from: '+16175550199', fromName: 'Front desk', sentHere: false };
    expect(senderText({ ...text, sentHere: true })).toBe('You');
    expect(senderText(text)).toBe('Front desk');
    expect(senderText({ ...text, fromName: null })).toBe('The team');
    expect(senderText({ direction: 'incoming', from: '+16175550142', fromName: null, sentHere: false })).toBe('+1 617 555 0142');
  });

  it('assigns from the team with this console first, and names a conversation’s line by its name or number', () => {
    expect(assigneeChoices({ me: 'Maya', others: ['Dana', 'front desk'] }, 'Old name').map((c) => c.label)).toEqual(['Nobody', 'Me (Maya)', 'Dana', 'front desk', 'Old name']);
    expect(assigneeChoices(null, null)).toEqual([{ value: '', label: 'Nobody' }]);
    expect(conversationLineText({ businessNumber: '+16175550100', lineName: null })).toBe('+1 617 555 0100');
    expect(conversationLineText({ businessNumber: '+16175550100', lineName: 'Sales' })).toBe('Sales');
  });
});
