import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/shared/events/model';
import { AlertDeliveries } from '../../src/alerts/alert-deliveries';
import { emailChannel } from '../../src/alerts/alert-email';
import { AlertService } from '../../src/alerts/alert-service';
import { parseAlertSettings } from '../../src/alerts/alert-settings';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { CheckHealth } from '../../src/health/check-health';
import { EventLog } from '../../src/log/event-log';
import { createLogger } from '../../src/logger';
import { LocalSmtp } from './local-smtp';

const OWNER = 'owner@example.com';
const START = Date.parse('2026-03-02T09:00:00Z');

let dataDir: string;
let db: RelayDatabase;
let log: EventLog;
let smtp: LocalSmtp;
let offset = 0;
let failures: number;
let lines: string[] = [];
const clock = () => Date.now() + offset;
const advance = (ms: number) => void (offset += ms);
const logger = createLogger('error', clock, { out: (line) => lines.push(line), err: (line) => lines.push(line) });

function service(options: { perHour?: number; repeatMinutes?: number } = {}): { alerts: AlertService; deliveries: AlertDeliveries; health: CheckHealth } {
  const errors: string[] = [];
  const settings = parseAlertSettings(
    (name) =>
      ({ RELAY_ALERT_EMAIL_TO: OWNER, RELAY_ALERT_EMAIL_FROM: 'Ringside relay <relay@example.com>', RELAY_SMTP_HOST: '127.0.0.1', RELAY_SMTP_PORT: String(smtp.port), RELAY_SMTP_SECURITY: 'none', RELAY_SMTP_TIMEOUT_SECONDS: '2' })[name],
    errors,
    false,
  );
  expect(errors).toEqual([]);
  const health = new CheckHealth(db);
  const deliveries = new AlertDeliveries({
    db,
    channels: [emailChannel(settings.email!)],
    clock,
    logger,
    health,
    observer: { sent: () => undefined, failed: () => void failures++ },
    perHour: options.perHour ?? 12,
    backoff: { baseMs: 50, capMs: 200 },
  });
  const alerts = new AlertService({ db, log, logger, clock, deliveries, repeatMs: (options.repeatMinutes ?? 60) * 60_000 });
  return { alerts, deliveries, health };
}

const alertEvents = () => log.readAfter(0, 1000).map((entry) => JSON.parse(entry.json) as EventOf<'relay.alert'>).filter((event): event is EventOf<'relay.alert'> => event.type === 'relay.alert');

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-alerts-'));
  db = openRelayDatabase(dataDir);
  log = new EventLog(db);
  smtp = await LocalSmtp.start();
  offset = START - Date.now();
  failures = 0;
  lines = [];
});

afterEach(async () => {
  await smtp.stop();
  log.close();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the alert service', () => {
  it('mails the owner an alert once, however often it is raised while open; every console sees one raised event naming the email', async () => {
    const { alerts, deliveries } = service();
    const message = 'QuickBooks needs to be reconnected: invoices are not reaching QuickBooks. An admin can reconnect it in Settings.';
    expect(await alerts.raise({ alertId: 'quickbooks:reconnect', message })).toBe('raised');
    expect(await alerts.raise({ alertId: 'quickbooks:reconnect', message })).toBe('repeated');
    expect(await alerts.raise({ alertId: 'quickbooks:reconnect', message })).toBe('repeated');
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.to).toMatchObject({ value: [{ address: OWNER }] });
    expect(mail!.from).toMatchObject({ value: [{ address: 'relay@example.com', name: 'Ringside relay' }] });
    expect(mail!.subject).toBe('Ringside alert: QuickBooks needs to be reconnected: invoices are not reaching QuickBooks. An admin can…');
    expect(mail!.text).toContain(message);
    expect(mail!.text).toContain('Raised at 2026-03-02 09:00 UTC.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(1);
    expect(alertEvents()).toMatchObject([{ source: 'relay', lines: [], data: { alertId: 'quickbooks:reconnect', state: 'raised', severity: 'warning', message, channels: ['email'] } }]);
    expect(db.prepare("SELECT raises FROM alerts WHERE alert_id = 'quickbooks:reconnect'").pluck().get()).toBe(3);
    await deliveries.close();
  });

  it('mail server down: the alert is tried again with backoff and delivered once it is back, nothing lost; the failure shows as the alert_email check', async () => {
    const { alerts, deliveries, health } = service();
    await smtp.stop();
    await alerts.raise({ alertId: 'reconciliation:2026-03-01', message: 'Reconciliation found 3 texts missing from Ringside on March 1; they were added.' });
    await alerts.raise({ alertId: 'health-check:+16175550100', message: 'The health check text on +1 617 555 0100 came back without its webhook.', severity: 'critical' });
    while (failures < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(health.snapshot().alert_email).toMatchObject({ lastSuccessAt: null, lastFailureAt: expect.stringMatching(/^2026-03-02T09:00/), lastFailure: expect.stringMatching(/^the mail server could not be reached \(ESOCKET\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/) });
    expect(deliveries.pendingCount('email')).toBe(2);
    await smtp.restart();
    const mails = await smtp.waitForMails(2);
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'Ringside alert: Reconciliation found 3 texts missing from Ringside on March 1; they were added.',
      'Ringside urgent alert: The health check text on +1 617 555 0100 came back without its webhook.',
    ]);
    // The mail server has both a moment before the relay hears its answers and marks them sent.
    for (let i = 0; i < 200 && deliveries.pendingCount('email') > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(deliveries.pendingCount('email')).toBe(0);
    expect(health.snapshot().alert_email.lastSuccessAt).toMatch(/^2026-03-02T09:00/);
    await deliveries.close();
  });

  it('past the hour’s budget the alerts wait, and go out together in one digest when the hour allows', async () => {
    const { alerts, deliveries } = service({ perHour: 1 });
    await alerts.raise({ alertId: 'media:a', message: 'A photo from +1 617 555 0111 could not be saved yet; Ringside keeps trying.' });
    await smtp.waitForMails(1);
    await alerts.raise({ alertId: 'media:b', message: 'A voicemail from +1 617 555 0112 could not be saved yet; Ringside keeps trying.' });
    await alerts.raise({ alertId: 'media:c', message: 'A call recording with +1 617 555 0113 could not be saved yet; Ringside keeps trying.' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(1);
    expect(deliveries.pendingCount('email')).toBe(2);
    advance(60 * 60_000 + 1);
    deliveries.kick();
    const [, digest] = await smtp.waitForMails(2);
    expect(digest!.subject).toBe('Ringside: 2 alerts');
    expect(digest!.text).toContain('A voicemail from +1 617 555 0112 could not be saved yet');
    expect(digest!.text).toContain('A call recording with +1 617 555 0113 could not be saved yet');
    // The mail server has the digest a moment before the relay hears its answer and marks both sent.
    for (let i = 0; i < 200 && deliveries.pendingCount('email') > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(deliveries.pendingCount('email')).toBe(0);
    await deliveries.close();
  });

  it('an alert that flaps (raised, cleared, raised again within the hour) is mailed raised and resolved once, then only shown', async () => {
    const { alerts, deliveries } = service();
    await alerts.raise({ alertId: 'openphone:api-key', message: "OpenPhone refused Ringside's key." });
    await smtp.waitForMails(1);
    advance(60_000);
    expect(await alerts.clear('openphone:api-key', "OpenPhone accepts Ringside's key again.")).toBe(true);
    const [, resolved] = await smtp.waitForMails(2);
    expect(resolved!.subject).toBe("Ringside resolved: OpenPhone accepts Ringside's key again.");
    advance(60_000);
    expect(await alerts.raise({ alertId: 'openphone:api-key', message: "OpenPhone refused Ringside's key." })).toBe('raised');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(2);
    expect(alertEvents().map((event) => [event.data.state, event.data.channels])).toEqual([
      ['raised', ['email']],
      ['cleared', ['email']],
      ['raised', []],
    ]);
    // Cleared twice: the second is nothing.
    expect(await alerts.clear('openphone:api-key', 'ok')).toBe(true);
    expect(await alerts.clear('openphone:api-key', 'ok')).toBe(false);
    await deliveries.close();
  });

  it('a relay stopped with mail owed sends it when started again', async () => {
    const first = service();
    await smtp.stop();
    await first.alerts.raise({ alertId: 'webhooks:openphone:signature', message: "OpenPhone's webhooks are being refused.", severity: 'critical' });
    while (failures < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.deliveries.close();
    await smtp.restart();
    const second = service();
    second.deliveries.start();
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe("Ringside urgent alert: OpenPhone's webhooks are being refused.");
    await second.deliveries.close();
  });
});
