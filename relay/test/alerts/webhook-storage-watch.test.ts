import { describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../src/alerts/alert-deliveries';
import type { AlertNotice } from '../../src/alerts/alert-notice';
import { WebhookStorageWatch } from '../../src/alerts/webhook-storage-watch';
import { createLogger } from '../../src/logger';

/** An email channel that holds each message until the test lets it through, or refuses them all. */
function heldChannel(options: { refuse?: boolean } = {}) {
  const sent: AlertNotice[] = [];
  const waiting: (() => void)[] = [];
  const channel: AlertChannel = {
    name: 'email',
    send: (notice) =>
      new Promise((resolve) => {
        waiting.push(() => {
          if (options.refuse) return resolve({ ok: false, error: 'the mail server refused the connection' });
          sent.push(notice);
          resolve({ ok: true });
        });
      }),
  };
  const releaseAll = async () => {
    for (let turn = 0; turn < 20; turn++) {
      while (waiting.length > 0) waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { channel, sent, releaseAll };
}

const quiet = createLogger('error', () => 0, { out: () => {}, err: () => {} });
const watch = (channel: AlertChannel, now = { at: 0 }) => new WebhookStorageWatch({ channels: [channel], clock: () => now.at, logger: quiet });

describe('telling the owner that webhooks cannot be stored', () => {
  it('a webhook stored while the alert mail is still going out brings the "works again" mail after it', async () => {
    const mail = heldChannel();
    const storage = watch(mail.channel);
    for (let i = 0; i < 3; i++) storage.outcome('OpenPhone', false);
    storage.outcome('OpenPhone', true); // before the first mail was accepted
    await mail.releaseAll();
    expect(mail.sent.map((notice) => notice.subject)).toEqual([expect.stringMatching(/^Ringside urgent alert: The relay cannot store/), expect.stringMatching(/^Ringside resolved: The relay stores incoming calls and texts again/)]);
  });

  it('two refusals tell nobody, and a stored webhook after them says nothing', async () => {
    const mail = heldChannel();
    const storage = watch(mail.channel);
    storage.outcome('OpenPhone', false);
    storage.outcome('OpenPhone', false);
    storage.outcome('OpenPhone', true);
    await mail.releaseAll();
    expect(mail.sent).toEqual([]);
  });

  it('an alert nobody could be told is tried again at the next refusal, and no "works again" follows one never told', async () => {
    const down = heldChannel({ refuse: true });
    const storage = watch(down.channel);
    for (let i = 0; i < 3; i++) storage.outcome('Twilio', false);
    await down.releaseAll();
    storage.outcome('Twilio', false);
    await down.releaseAll();
    storage.outcome('Twilio', true);
    await down.releaseAll();
    expect(down.sent).toEqual([]);
  });

  it('a run of refusals is told once, and again only after an hour', async () => {
    const mail = heldChannel();
    const now = { at: 0 };
    const storage = watch(mail.channel, now);
    for (let i = 0; i < 3; i++) storage.outcome('OpenPhone', false);
    await mail.releaseAll();
    now.at = 30 * 60_000;
    for (let i = 0; i < 5; i++) storage.outcome('OpenPhone', false);
    await mail.releaseAll();
    expect(mail.sent).toHaveLength(1);
    now.at = 61 * 60_000;
    for (let i = 0; i < 3; i++) storage.outcome('OpenPhone', false);
    await mail.releaseAll();
    expect(mail.sent).toHaveLength(2);
  });
});
