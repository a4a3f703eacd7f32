import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../../src/shared/relay-protocol';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { messageEvent } from '../../../tools/emulators/openphone/message-payloads';
import { phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import { Workspace } from '../../../tools/emulators/openphone/workspace/workspace';
import { RELAY_DB_FILE } from '../../src/database';
import { ringingDelivery, postSigned } from '../support/webhooks';
import { LocalSmtp } from './local-smtp';

const API_KEY = 'relay-test-openphone-key-alerts';
const LINE = '+16175550140';
const OWNER_PHONE = '+16175550199';
const OWNER_MAIL = 'owner@frontdesk.example';

let smtp: LocalSmtp;
let emulator: OpenPhoneRestEmulator;
let relay: RelayProcess;

beforeAll(async () => {
  smtp = await LocalSmtp.start();
  // A workspace of one empty line, so a history import and the contact push have something to read and write.
  const workspace = new Workspace([{ number: LINE, id: phoneNumberIdFor(LINE), name: 'Front desk', users: [] }]);
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE }], workspace });
  relay = await startRelayProcess({
    env: {
      OPENPHONE_API_KEY: API_KEY,
      OPENPHONE_API_BASE_URL: emulator.url,
      OPENPHONE_DIRECTORY_SYNC_MINUTES: '0',
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

/** Stored events of the running relay's log, read from its database file. */
function storedEvents(where: string, ...params: unknown[]): { id: string; source: string; type: string; data: { messageId: string; healthCheck: boolean; body: string } }[] {
  const db = new Database(path.join(relay.dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    return (db.prepare(`SELECT event FROM events WHERE ${where} ORDER BY seq`).pluck().all(...params) as string[]).map((json) => JSON.parse(json));
  } finally {
    db.close();
  }
}

const textsToOwner = () => emulator.messages.filter((message) => message.to.includes(OWNER_PHONE));

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${relay.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alerts from a running relay', () => {
  it('OpenPhone webhooks refused again and again for their signature: one urgent alert, mailed to the owner and texted to their phone through OpenPhone; the next good webhook resolves it', async () => {
    const wrongKey = randomBytes(32).toString('base64');
    for (let i = 0; i < 45; i++) {
      const answer = await sendOpenPhoneWebhook(relay.url, ringingDelivery(LINE).body, { secretBase64: wrongKey });
      expect(answer.status).toBe(401);
    }
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.to).toMatchObject({ value: [{ address: OWNER_MAIL }] });
    expect(mail!.subject).toMatch(/^Ringside urgent alert: OpenPhone's webhooks are being refused/);
    expect(mail!.text).toContain('calls and texts may not be reaching Ringside');
    const [text] = await eventually(() => (textsToOwner().length > 0 ? textsToOwner() : undefined), 'the alert text');
    expect(text).toMatchObject({ phoneNumberId: phoneNumberIdFor(LINE), to: [OWNER_PHONE], text: expect.stringMatching(/^Ringside urgent alert: OpenPhone's webhooks are being refused/) });

    await postSigned(relay, ringingDelivery(LINE).body);
    const [, resolved] = await smtp.waitForMails(2);
    expect(resolved!.subject).toBe("Ringside resolved: OpenPhone's webhooks are accepted again.");
    // 45 refusals, one alert: one mail and one text, the resolution by mail only.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(2);
    expect(textsToOwner()).toHaveLength(1);
  });

  it("the alert text and OpenPhone's echo of it are the relay's own text (healthCheck), out of every feed and bill; another text to the owner's number is an ordinary one", async () => {
    const [sent] = textsToOwner();
    const recorded = storedEvents("event_id LIKE 'alert-sms:%'");
    expect(recorded).toEqual([expect.objectContaining({ source: 'relay', type: 'message.recorded', data: expect.objectContaining({ messageId: `openphone:${sent!.id}`, healthCheck: true }) })]);

    const echo = messageEvent({ type: 'message.delivered', messageId: sent!.id, line: LINE, participants: [OWNER_PHONE], body: sent!.text, at: new Date() });
    const { seq: echoSeq } = await postSigned(relay, echo.body);
    const ordinary = messageEvent({ type: 'message.delivered', line: LINE, participants: [OWNER_PHONE], body: 'See you at 3', at: new Date() });
    const { seq: ordinarySeq } = await postSigned(relay, ordinary.body);
    const [storedEcho] = storedEvents('seq = ?', echoSeq);
    const [storedOrdinary] = storedEvents('seq = ?', ordinarySeq);
    expect(storedEcho!.data).toMatchObject({ messageId: `openphone:${sent!.id}`, healthCheck: true });
    expect(storedOrdinary!.data).toMatchObject({ body: 'See you at 3', healthCheck: false });
  });

  it('/healthz shows operators when each check last succeeded, and /metrics exposes it as a gauge per check', async () => {
    const health = (await (await fetch(`${relay.url}/healthz`)).json()) as HealthResponse;
    expect(health.openAlerts).toBe(0);
    expect(health.checks!.alert_email).toMatchObject({ lastSuccessAt: expect.any(String), lastFailureAt: null });
    expect(health.checks!.alert_sms!.lastSuccessAt).not.toBeNull();
    expect(health.checks!.reconciliation).toEqual({ lastSuccessAt: null, lastFailureAt: null, lastFailure: null });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    const seconds = Date.parse(health.checks!.alert_email!.lastSuccessAt!) / 1000;
    expect(metrics).toContain(`ringside_check_last_success_timestamp_seconds{check="alert_email"} ${seconds}`);
    expect(metrics).toMatch(/ringside_alert_messages_sent_total\{channel="sms"\} 1\n/);
    expect(metrics).toMatch(/ringside_alert_raises_total\{outcome="raised"\} 1\n/);
  });

  it('a finished history import and a customer pushed to OpenPhone show in /healthz and /metrics as the checks history_import and contact_push', async () => {
    const admin = await relay.addDevice('Owner', 'admin');
    const asAdmin = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const customer = { customerId: 'cust-checks', name: 'Ada Checks', company: null, email: null, emails: [], phones: ['+16175550177'], quickbooksId: null, address: null, notes: '' };
    const posted = await fetch(`${relay.url}/v1/events`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ id: 'alerts-relay-test:customer', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: customer }) });
    expect(posted.status, await posted.clone().text()).toBeLessThan(300);
    const started = await fetch(`${relay.url}/v1/openphone/import`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ action: 'start' }) });
    expect(started.status, await started.clone().text()).toBe(200);
    const health = await eventually(async () => {
      const answer = (await (await fetch(`${relay.url}/healthz`)).json()) as HealthResponse;
      return answer.checks!.history_import!.lastSuccessAt !== null && answer.checks!.contact_push!.lastSuccessAt !== null ? answer : undefined;
    }, 'the import and the contact push to report');
    expect(health.checks!.history_import!.lastFailureAt).toBeNull();
    expect(health.checks!.contact_push!.lastFailureAt).toBeNull();
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    for (const check of ['history_import', 'contact_push'] as const) {
      expect(metrics).toContain(`ringside_check_last_success_timestamp_seconds{check="${check}"} ${Date.parse(health.checks![check]!.lastSuccessAt!) / 1000}`);
    }
  });
});
