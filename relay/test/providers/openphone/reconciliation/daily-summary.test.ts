import { afterEach, describe, expect, it } from 'vitest';
import { newCallId } from '../../../../../tools/emulators/openphone/payloads';
import { addDays, instantOf, localParts } from '../../../../src/providers/openphone/reconciliation/business-time';
import { LocalSmtp } from '../../../alerts/local-smtp';
import { FRONT_DESK, startOperationsRelay, type OperationsRelay } from './operations-relay';

let current: OperationsRelay | null = null;
let smtp: LocalSmtp | null = null;
afterEach(async () => {
  await current?.stop();
  await smtp?.stop();
  current = null;
  smtp = null;
});

const CALLER = '+16175550183';

function mailSettings(port: number): Record<string, string> {
  return { RELAY_ALERT_EMAIL_TO: 'owner@frontdesk.example', RELAY_ALERT_EMAIL_FROM: 'Ringside relay <relay@frontdesk.example>', RELAY_SMTP_HOST: '127.0.0.1', RELAY_SMTP_PORT: String(port), RELAY_SMTP_SECURITY: 'none' };
}

/** Heard one call by webhook on the day before the next 02:00 UTC, then runs the daily reconciliation at that 02:00. */
async function quietNight(relay: OperationsRelay): Promise<string> {
  let runAt = instantOf(localParts(relay.now(), 'UTC').date, 120, 'UTC');
  if (runAt <= relay.now()) runAt = instantOf(addDays(localParts(relay.now(), 'UTC').date, 1), 120, 'UTC');
  const day = addDays(localParts(runAt, 'UTC').date, -1);
  await relay.webhooks.call({ id: newCallId(), line: FRONT_DESK, customer: CALLER, createdAt: new Date(instantOf(day, 14 * 60, 'UTC')), answeredSeconds: 60 });
  relay.advance(runAt + 60_000 - relay.now());
  relay.relay.reconciliation!.tick();
  await relay.relay.reconciliation!.idle();
  return day;
}

describe("the daily reconciliation's summary", () => {
  it('a night that found nothing missing mails the owner a short summary of what was checked, once, and puts nothing in the banner', async () => {
    smtp = await LocalSmtp.start();
    const relay = (current = await startOperationsRelay({ OPENPHONE_RECONCILE_AT: '02:00', ...mailSettings(smtp.port) }));
    const day = await quietNight(relay);
    const [mail] = await smtp.waitForMails(1);
    const dayWords = `${Number(day.slice(8, 10))} ${new Date(`${day}T12:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })}`;
    expect(mail!.subject).toBe(`Ringside daily summary: ${dayWords}: Ringside checked 1 call and 0 texts against OpenPhone and none were missing.`);
    expect(mail!.text).toContain('none were missing');
    expect(mail!.text).not.toContain('acknowledges');
    expect(relay.eventsOf('relay.alert')).toEqual([]);
    // The same day checked again later sends nothing more.
    relay.advance(6 * 3_600_000);
    relay.relay.reconciliation!.tick();
    await relay.relay.reconciliation!.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(1);
  });

  it('RELAY_RECONCILIATION_SUMMARY_EMAIL=off: the same quiet night mails nothing', async () => {
    smtp = await LocalSmtp.start();
    const relay = (current = await startOperationsRelay({ OPENPHONE_RECONCILE_AT: '02:00', RELAY_RECONCILIATION_SUMMARY_EMAIL: 'off', ...mailSettings(smtp.port) }));
    await quietNight(relay);
    expect(relay.relay.reconciliation!.store.recent(5)).toEqual([expect.objectContaining({ trigger: 'daily', state: 'done', listedCalls: 1 })]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails).toEqual([]);
  });
});
