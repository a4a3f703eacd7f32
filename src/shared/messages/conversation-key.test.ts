import { describe, expect, it } from 'vitest';
import { conversationKey, parseConversationKey } from './conversation-key';

describe('a conversation is its line and everyone else in it', () => {
  it('a group text is the same conversation whatever order the recipients are listed in', () => {
    expect(conversationKey('+15550000001', ['+15550000003', '+15550000002'])).toBe(conversationKey('+15550000001', ['+15550000002', '+15550000003']));
  });

  it('a 1:1 thread and a group thread with the same person are kept apart', () => {
    expect(conversationKey('+15550000001', ['+15550000002'])).not.toBe(conversationKey('+15550000001', ['+15550000002', '+15550000003']));
  });

  it('our own line listed among the recipients does not make it a group', () => {
    expect(conversationKey('+15550000001', ['+15550000001', '+15550000002', '+15550000002'])).toBe('+15550000001|+15550000002');
  });

  it('the key reads back as its line and participants', () => {
    expect(parseConversationKey('+15550000001|+15550000002,+15550000003')).toEqual({ businessNumber: '+15550000001', participants: ['+15550000002', '+15550000003'] });
    expect(parseConversationKey('nonsense')).toBeNull();
  });
});
