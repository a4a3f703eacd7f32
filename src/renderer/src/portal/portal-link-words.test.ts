import { describe, expect, it } from 'vitest';
import type { NoticeEntry } from '../../../shared/relay-rest/notices';
import type { PortalLink } from '../../../shared/relay-rest/portal';
import { expiryWords, lastOpenedWords, linkReadyWords, linkStateWords, noticeStateWords, sendQueuedWords } from './portal-link-words';

const when = (instant: string): string => instant.slice(0, 10);
const link: PortalLink = {
  linkId: 'pl_1',
  customerId: 'c1',
  createdAt: '2026-11-02T10:00:00.000Z',
  createdBy: 'Front desk',
  expiresAt: null,
  revokedAt: null,
  lastOpenedAt: null,
  state: 'active',
};
const notice: NoticeEntry = {
  noticeId: 1,
  customerId: 'c1',
  customerName: 'Dana Whitfield',
  kind: 'portal_link',
  channel: 'email',
  recipient: 'dana@whitfield.example',
  subject: 'Your account page',
  state: 'pending',
  attempts: 0,
  createdAt: '2026-11-02T10:00:00.000Z',
  sentAt: null,
  nextAttemptAt: null,
  error: null,
};

describe("a portal link's words on the customer page", () => {
  it('says an active link is active, leaving its expiry to the Expires column so the date shows once', () => {
    expect(linkStateWords(link, when)).toEqual({ badge: 'Active', tone: 'active', detail: '' });
    expect(linkStateWords({ ...link, expiresAt: '2026-12-02T10:00:00.000Z' }, when)).toEqual({ badge: 'Active', tone: 'active', detail: '' });
  });

  it('says when an expired link stopped and when a revoked one was revoked', () => {
    expect(linkStateWords({ ...link, state: 'expired', expiresAt: '2026-11-09T10:00:00.000Z' }, when)).toEqual({ badge: 'Expired', tone: 'muted', detail: '2026-11-09' });
    expect(linkStateWords({ ...link, state: 'revoked', revokedAt: '2026-11-05T08:00:00.000Z' }, when)).toEqual({ badge: 'Revoked', tone: 'danger', detail: '2026-11-05' });
  });

  it('names a link without expiry and one never opened in words', () => {
    expect(expiryWords(null, when)).toBe('Never');
    expect(lastOpenedWords(null, when)).toBe('Not opened yet');
    expect(lastOpenedWords('2026-11-03T09:00:00.000Z', when)).toBe('2026-11-03');
    expect(linkReadyWords('Dana Whitfield', null, when)).toBe("Dana Whitfield's portal link is ready. It works until you revoke it.");
    expect(linkReadyWords('Dana Whitfield', '2026-12-02T10:00:00.000Z', when)).toBe("Dana Whitfield's portal link is ready. It works until 2026-12-02, unless revoked sooner.");
  });
});

describe("a notice's state on the customer page", () => {
  it('says a failed notice failed with the relay\'s words, and a retried one when it is tried next', () => {
    expect(noticeStateWords({ ...notice, state: 'failed', attempts: 5, error: 'The mail server refused the address.' }, when)).toEqual({ badge: 'Failed', tone: 'danger', detail: 'The mail server refused the address.' });
    expect(noticeStateWords({ ...notice, attempts: 2, error: 'The mail server did not answer.', nextAttemptAt: '2026-11-02T10:05:00.000Z' }, when)).toEqual({
      badge: 'Trying again',
      tone: 'warn',
      detail: 'The mail server did not answer. · next try 2026-11-02',
    });
    expect(noticeStateWords(notice, when)).toEqual({ badge: 'Waiting to send', tone: 'warn', detail: '' });
    expect(noticeStateWords({ ...notice, state: 'sent', sentAt: '2026-11-02T10:00:05.000Z', attempts: 1 }, when)).toEqual({ badge: 'Sent', tone: 'active', detail: '' });
  });

  it('tells the receptionist what became of a send from the dialog', () => {
    expect(sendQueuedWords(notice, 'dana@whitfield.example')).toBe('Sending to dana@whitfield.example. The customer page\'s "Notices sent" list shows when it has gone.');
    expect(sendQueuedWords({ ...notice, state: 'sent' }, '+1 617 555 0241')).toBe('Sent to +1 617 555 0241.');
    expect(sendQueuedWords({ ...notice, state: 'failed', error: 'No SMS line is set up on the relay.' }, '+1 617 555 0241')).toBe('Not sent to +1 617 555 0241: No SMS line is set up on the relay.');
  });
});
