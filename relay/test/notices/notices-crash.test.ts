import { afterAll, describe, expect, it } from 'vitest';
import { msToDate } from '../../../src/shared/billing/engine/calendar';
import { addDays } from '../../../src/shared/billing/engine/day-words';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, planWith, subscriptionWith } from '../../../tests/support/event-builders';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { MAY_HAVE_BEEN_SENT } from '../../src/notices/notice-outbox';
import { DEFAULT_NOTICE_SETTINGS } from '../../src/notices/notice-setup-store';
import { NoticeMailServer } from './notice-mail-server';

let relay: RelayProcess | null = null;
let smtp: NoticeMailServer | null = null;
afterAll(async () => {
  await relay?.stop();
  await smtp?.stop();
});

async function call(method: string, pathname: string, token: string, body?: unknown): Promise<{ status: number; body: { notices?: { customerId: string; error: string | null }[]; error?: string } }> {
  const response = await fetch(`${relay!.url}${pathname}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as never };
}

async function post(token: string, event: RingsideEvent): Promise<void> {
  const answer = await call('POST', '/v1/events', token, { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
  if (answer.status !== 200) throw new Error(`event refused: ${JSON.stringify(answer.body)}`);
}

describe('a relay killed in the middle of a reminder run', () => {
  it('sends nothing twice after it comes back: the mail it was sending shows as failed with "may have been sent", the rest go once', async () => {
    smtp = await NoticeMailServer.start();
    relay = await startRelayProcess({
      env: {
        RELAY_SMTP_HOST: '127.0.0.1',
        RELAY_SMTP_PORT: String(smtp.port),
        RELAY_SMTP_SECURITY: 'none',
        RELAY_NOTICE_EMAIL_FROM: 'Front Desk Co <billing@frontdesk.example>',
      },
    });
    const admin = await relay.addDevice('Owner laptop', 'admin');
    const settings = { ...DEFAULT_NOTICE_SETTINGS, paymentReminder: { ...DEFAULT_NOTICE_SETTINGS.paymentReminder, enabled: true, firstAfterDueDays: 3, dueAfterIssueDays: 0 } };
    expect((await call('PUT', '/v1/notices/settings', admin, { settings })).status).toBe(200);
    // The mail server takes one reminder and holds the next one's answer: the relay is killed while it waits.
    smtp.holdAfter = 1;
    const start = addDays(msToDate(Date.now()), -4);
    await post(admin, planWith('growth', { name: 'Growth', includedSeconds: 36_000, priceMinor: 19_900 }, new Date().toISOString()));
    const customers = ['ann', 'bob', 'cat'];
    for (const id of customers) {
      await post(admin, customerUpserted(id, `Customer ${id}`, [`+1617555012${customers.indexOf(id)}`], { email: `${id}@clients.example`, at: new Date().toISOString() }));
      await post(admin, subscriptionWith(`sub-${id}`, id, 'growth', start, { at: new Date().toISOString() }));
    }
    await smtp.waitFor(() => smtp!.held === 1, 'a reminder under way');
    await relay.kill('SIGKILL');
    smtp.holdAfter = null;
    await relay.restart();

    await smtp.waitFor(() => smtp!.mails.length === 2, 'the reminder still owed, after the restart');
    const failed = await call('GET', '/v1/notices/failed', admin);
    expect(failed.body.notices).toEqual([expect.objectContaining({ error: MAY_HAVE_BEEN_SENT })]);
    const halfSent = failed.body.notices![0]!.customerId;
    // Another change to billing: the rules run again and find every key in the outbox.
    await post(admin, customerUpserted('someone', 'Someone else', ['+16175550129'], { at: new Date().toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const id of customers) expect(smtp.mailsTo(`${id}@clients.example`), id).toHaveLength(id === halfSent ? 0 : 1);
  }, 120_000);
});
