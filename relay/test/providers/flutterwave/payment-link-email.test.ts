import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeMailServer } from '../../notices/notice-mail-server';
import { CUSTOMER, createLink, postConsoleEvent, startFlutterwaveRelay, type FlutterwaveRelay } from './flutterwave-relay';

/**
 * "Send by email" of a top-up link (issue 13 §5): a real relay process with the Flutterwave
 * emulator and a real mail server on loopback (smtp-server), as notices are sent.
 */

const SENDER = 'Front Desk Co <billing@frontdesk.example>';
let t: FlutterwaveRelay;
let smtp: NoticeMailServer;
let link: { linkId: string; url: string };
let pressed = 0;

beforeAll(async () => {
  smtp = await NoticeMailServer.start();
  t = await startFlutterwaveRelay({ env: { RELAY_SMTP_HOST: '127.0.0.1', RELAY_SMTP_PORT: String(smtp.port), RELAY_SMTP_SECURITY: 'none', RELAY_NOTICE_EMAIL_FROM: SENDER } });
  // A second address on file, which the mail server will refuse.
  await postConsoleEvent(t.relay, t.admin, { id: 'cust-ada-2', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { ...CUSTOMER, emails: [CUSTOMER.email, 'old-box@oakivy.test'], company: null, quickbooksId: null } });
  const created = await createLink(t.relay, t.agent, { amountMinor: 5000 });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  link = { linkId: created.body.linkId as string, url: created.body.url as string };
});

afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function send(body: Record<string, unknown>, token = t.agent): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(`${t.relay.url}/v1/payments/links/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      requestId: `press-${process.pid}-${++pressed}`,
      linkId: link.linkId,
      channel: 'email',
      to: CUSTOMER.email,
      subject: 'Your link to add $50.00 of call credit',
      body: `Hi Ada,\n\nHere is your link to add $50.00 of call credit to your account:\n${link.url}\n\nThank you!`,
      ...body,
    }),
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

describe('a top-up link sent by email', () => {
  it("reaches the customer's address from the notices' sender, with the link in it; the same press again is the same message", async () => {
    const sent = await send({ requestId: 'press-same-twice', to: 'ADA@oakivy.test' });
    expect(sent).toMatchObject({ status: 200, body: { to: CUSTOMER.email } });
    await smtp.waitFor(() => smtp.mailsTo(CUSTOMER.email).length === 1, 'the link mail');
    const mail = smtp.mailsTo(CUSTOMER.email)[0]!;
    expect(mail.subject).toBe('Your link to add $50.00 of call credit');
    expect(mail.from?.text).toBe('"Front Desk Co" <billing@frontdesk.example>');
    expect(mail.text).toContain(link.url);
    expect(mail.messageId).toBe(sent.body.messageId);
    const again = await send({ requestId: 'press-same-twice' });
    expect(again.body.messageId).toBe(sent.body.messageId);
  });

  it('is refused in words to an address not on file, without the link in the message, for a link that does not exist, or without a device token, and nothing is mailed', async () => {
    const before = smtp.mails.length;
    expect(await send({ to: 'someone@else.example' })).toEqual({ status: 400, body: { error: "someone@else.example is not one of Ada Oak's email addresses on file." } });
    expect(await send({ body: 'Hi Ada, call us.' })).toEqual({ status: 400, body: { error: 'The message does not carry the payment link: send the words the dialog shows.' } });
    expect((await send({ linkId: 'no-such-link' })).status).toBe(404);
    expect((await send({}, 'rs_not-a-token')).status).toBe(401);
    expect((await send({ channel: 'sms' })).status).toBe(400);
    expect(smtp.mails.length).toBe(before);
  });

  it("says what the mail server said when it refuses the customer's address", async () => {
    smtp.refused.add('old-box@oakivy.test');
    const refused = await send({ to: 'old-box@oakivy.test' });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatch(/^This address does not take mail: old-box@oakivy\.test\. Check it on the customer's page\. The mail server said: 550/);
  });
});
