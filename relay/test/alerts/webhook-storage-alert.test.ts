import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import { RELAY_DB_FILE } from '../../src/database';
import { ringingDelivery } from '../support/webhooks';
import { LocalSmtp } from './local-smtp';

const API_KEY = 'relay-test-openphone-key-storage';
const LINE = '+16175550140';
const OWNER_PHONE = '+16175550199';
const OWNER_MAIL = 'owner@frontdesk.example';

let smtp: LocalSmtp;
let emulator: OpenPhoneRestEmulator;
let relay: RelayProcess;

beforeAll(async () => {
  smtp = await LocalSmtp.start();
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE }] });
  relay = await startRelayProcess({
    env: {
      OPENPHONE_API_KEY: API_KEY,
      OPENPHONE_API_BASE_URL: emulator.url,
      OPENPHONE_DIRECTORY_SYNC_MINUTES: '0',
      OPENPHONE_RECONCILE_AT: 'off',
      RELAY_ALERT_EMAIL_TO: OWNER_MAIL,
      RELAY_ALERT_EMAIL_FROM: 'Ringside relay <relay@frontdesk.example>',
      RELAY_SMTP_HOST: '127.0.0.1',
      RELAY_SMTP_PORT: String(smtp.port),
      RELAY_SMTP_SECURITY: 'none',
      RELAY_ALERT_SMS_TO: OWNER_PHONE,
      RELAY_ALERT_SMS_FROM: LINE,
    },
  });
});

afterAll(async () => {
  await relay?.stop();
  await emulator?.close();
  await smtp?.stop();
});

const textsToOwner = () => emulator.messages.filter((message) => message.to.includes(OWNER_PHONE));

describe('a relay that cannot store webhooks', () => {
  it("tells the owner by email and text without its database, once for a run of refused webhooks, and again when storing works", async () => {
    // Another program holds the database's write lock: every commit of the relay fails, as on a full disk.
    const blocker = new Database(path.join(relay.dataDir, RELAY_DB_FILE));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < 4; i++) {
        const answer = await sendOpenPhoneWebhook(relay.url, ringingDelivery(LINE).body, { secretBase64: relay.secretBase64 });
        expect(answer.status).toBe(503);
      }
      const [mail] = await smtp.waitForMails(1, 30_000);
      expect(mail!.to).toMatchObject({ value: [{ address: OWNER_MAIL }] });
      expect(mail!.subject).toMatch(/^Ringside urgent alert: The relay cannot store incoming calls and texts/);
      expect(mail!.text).toContain('free disk space or restart it');
      const deadline = Date.now() + 15_000;
      while (textsToOwner().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(textsToOwner()).toEqual([expect.objectContaining({ to: [OWNER_PHONE], text: expect.stringMatching(/^Ringside urgent alert: The relay cannot store incoming calls and texts/) })]);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }

    const stored = await sendOpenPhoneWebhook(relay.url, ringingDelivery(LINE).body, { secretBase64: relay.secretBase64 });
    expect(stored.status).toBe(200);
    const [, resolved] = await smtp.waitForMails(2, 15_000);
    expect(resolved!.subject).toMatch(/^Ringside resolved: The relay stores incoming calls and texts again/);
    // Four refusals, one alert: one urgent mail and one urgent text for it (the all-clear may be texted too).
    expect(smtp.mails.filter((mail) => mail.subject?.startsWith('Ringside urgent alert'))).toHaveLength(1);
    expect(textsToOwner().filter((message) => message.text.startsWith('Ringside urgent alert'))).toHaveLength(1);
  }, 90_000);
});
