import { describe, expect, it } from 'vitest';
import { messageNotificationText, shouldNotifyMessage } from './message-notification';

describe('the OS notification for a new text message', () => {
  it('names the customer, else the number, and shows the start of the text', () => {
    expect(messageNotificationText({ conversationKey: 'k', fromName: 'Ada Lovelace', from: '+16175550142', preview: 'Can you call me back?', unread: 1 })).toEqual({
      title: 'New message from Ada Lovelace',
      body: 'Can you call me back?',
    });
    const long = messageNotificationText({ conversationKey: 'k', fromName: null, from: '+16175550100', preview: 'x'.repeat(500), unread: 3 });
    expect(long.title).toBe('New message from +1 617 555 0100');
    expect(long.body).toHaveLength(140);
    expect(messageNotificationText({ conversationKey: 'k', fromName: null, from: '+16175550100', preview: '', unread: 1 }).body).toBe('Sent a photo');
  });

  it('is raised only when the console is not in front of the agent', () => {
    expect(shouldNotifyMessage({ focused: true, visible: true })).toBe(false);
    expect(shouldNotifyMessage({ focused: false, visible: true })).toBe(true);
    expect(shouldNotifyMessage({ focused: false, visible: false })).toBe(true);
    expect(shouldNotifyMessage(null)).toBe(true);
  });
});
