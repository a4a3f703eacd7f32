import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSmtp } from '../../../relay/test/alerts/local-smtp';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';
import { RELAY_TOO_OLD_WORDS, RELAY_UNREACHABLE_WORDS } from './portal-unavailable';

const LINE = '+16175550260';
const DANA = { name: 'Dana Whitfield', company: 'Whitfield Plumbing', phones: ['+16175550261', '+16175550262'], emails: ['dana@whitfieldplumbing.example', 'accounts@whitfieldplumbing.example'] };
const API_KEY = 'portal-links-test-openphone-key';
const PUBLIC_URL = 'https://relay.whitfield.example';

type Answer<M extends ApiMethod> = { ok: true; value: ApiOutputs[M] } | { ok: false; error: string };

async function attempt<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<Answer<M>> {
  return (await dispatchApiCall(core.handlers, method, input)) as Answer<M>;
}

async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await attempt(core, method, input);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A console core on a fresh SQLite file whose customer Dana is saved with her two addresses and two numbers. */
async function consoleWithDana(dir: string, relayUrl: string, deviceToken: string): Promise<{ core: ConsoleCore; danaId: string }> {
  const core = createConsoleCore({ dbPath: join(dir, 'desk.db'), settings: new MemorySettingsStore({ relayUrl, deviceToken }), backoff: { baseMs: 50, capMs: 300 } });
  await core.start();
  const { customerId } = await call(core, 'customers.save', { name: DANA.name, company: DANA.company, phones: DANA.phones, emails: DANA.emails });
  await eventually(() => call(core, 'customers.detail', { customerId }), (detail) => detail !== null);
  return { core, danaId: customerId };
}

describe('Portal links from the customer page, against the real relay', () => {
  let smtp: LocalSmtp;
  let openPhone: OpenPhoneRestEmulator;
  let relay: RelayProcess;
  let dir: string;
  let desk: ConsoleCore;
  let danaId: string;

  beforeAll(async () => {
    smtp = await LocalSmtp.start();
    openPhone = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE, name: 'Front desk' }] });
    relay = await startRelayProcess({
      env: {
        RELAY_PUBLIC_URL: PUBLIC_URL,
        RELAY_BUSINESS_NAME: 'Harbor Answering',
        RELAY_NOTICE_EMAIL_FROM: 'Harbor Answering <billing@harbor.example>',
        RELAY_SMTP_HOST: '127.0.0.1',
        RELAY_SMTP_PORT: String(smtp.port),
        RELAY_SMTP_SECURITY: 'none',
        RELAY_SMTP_TIMEOUT_SECONDS: '2',
        OPENPHONE_API_KEY: API_KEY,
        OPENPHONE_API_BASE_URL: openPhone.url,
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'ringside-portal-links-'));
    ({ core: desk, danaId } = await consoleWithDana(dir, relay.url, await relay.addDevice('Front desk', 'admin', [LINE])));
  }, 60_000);

  afterAll(async () => {
    await desk?.stop();
    await relay?.stop();
    await openPhone?.close();
    await smtp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists where a link can go, from her record on this console, beside her links (none yet)', async () => {
    const view = await call(desk, 'portal.links', { customerId: danaId });
    expect(view).toEqual({ customerId: danaId, links: [], emails: DANA.emails, phones: [...DANA.phones].sort(), unavailable: null });
  });

  it('makes one link per press however often it is retried, answered with its url only then, and lists it as active, made by this desk', async () => {
    const press = { requestId: randomUUID(), customerId: danaId, expiresInDays: 30 };
    const made = await call(desk, 'portal.createLink', press);
    expect(made.url.startsWith(`${PUBLIC_URL}/portal/`)).toBe(true);
    expect(made.link).toMatchObject({ customerId: danaId, createdBy: 'Front desk', state: 'active', revokedAt: null, lastOpenedAt: null });
    expect(Date.parse(made.link.expiresAt!) - Date.parse(made.link.createdAt)).toBe(30 * 86_400_000);
    const again = await call(desk, 'portal.createLink', press);
    expect(again.link.linkId).toBe(made.link.linkId);

    const view = await call(desk, 'portal.links', { customerId: danaId });
    expect(view.links.filter((link) => link.linkId === made.link.linkId)).toEqual([expect.objectContaining({ state: 'active', createdBy: 'Front desk' })]);
    // The list never carries the token.
    expect(JSON.stringify(view)).not.toContain(new URL(again.url).pathname.slice('/portal/'.length));
  });

  it('emails the link to the address chosen among hers, once per press, and the notice shows in her log', async () => {
    const made = await call(desk, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
    const press = { requestId: randomUUID(), linkId: made.link.linkId, url: made.url, channel: 'email' as const, to: DANA.emails[1]! };
    const before = smtp.mails.length;
    const notice = await call(desk, 'portal.sendLink', press);
    expect(notice).toMatchObject({ customerId: danaId, kind: 'portal_link', channel: 'email', recipient: DANA.emails[1] });
    expect((await call(desk, 'portal.sendLink', press)).noticeId).toBe(notice.noticeId);
    const mails = await smtp.waitForMails(before + 1);
    const mail = mails[before]!;
    expect(mail.to).toMatchObject({ text: DANA.emails[1] });
    expect(mail.text).toContain(made.url);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.length).toBe(before + 1);
    const log = await eventually(() => call(desk, 'notices.ofCustomer', { customerId: danaId }), (answer) => answer.notices.some((entry) => entry.noticeId === notice.noticeId && entry.state === 'sent'));
    expect(log.notices.filter((entry) => entry.noticeId === notice.noticeId)).toEqual([expect.objectContaining({ kind: 'portal_link', channel: 'email', recipient: DANA.emails[1], state: 'sent', error: null })]);
    // The log keeps no token: the sent body is redacted, and the subject never had it.
    expect(JSON.stringify(log)).not.toContain(made.url);
  });

  it('texts the link to one of her numbers through OpenPhone', async () => {
    const made = await call(desk, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: 7 });
    const before = openPhone.messages.length;
    const notice = await call(desk, 'portal.sendLink', { requestId: randomUUID(), linkId: made.link.linkId, url: made.url, channel: 'sms', to: DANA.phones[1]! });
    expect(notice).toMatchObject({ channel: 'sms', recipient: DANA.phones[1], kind: 'portal_link' });
    const texts = await eventually(async () => openPhone.messages.slice(before), (sent) => sent.length === 1);
    expect(texts).toEqual([expect.objectContaining({ to: [DANA.phones[1]], text: expect.stringContaining(made.url) })]);
  });

  it("refuses to send a link to someone who is not on her record, or with another link's url, in the relay's words", async () => {
    const made = await call(desk, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
    const other = await call(desk, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
    const stranger = await attempt(desk, 'portal.sendLink', { requestId: randomUUID(), linkId: made.link.linkId, url: made.url, channel: 'email', to: 'someone@elsewhere.example' });
    expect(stranger.ok).toBe(false);
    const wrongUrl = await attempt(desk, 'portal.sendLink', { requestId: randomUUID(), linkId: made.link.linkId, url: other.url, channel: 'email', to: DANA.emails[0]! });
    expect(wrongUrl.ok).toBe(false);
    expect(stranger).toEqual({ ok: false, error: `someone@elsewhere.example is not one of ${DANA.name}'s email addresses on file.` });
    expect(wrongUrl).toEqual({ ok: false, error: expect.stringContaining("That address is not this link's.") });
  });

  it('revokes a link at once: it lists as revoked, stays revoked when revoked again, and can no longer be sent', async () => {
    const made = await call(desk, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
    const revoked = await call(desk, 'portal.revokeLink', { linkId: made.link.linkId });
    expect(revoked).toMatchObject({ linkId: made.link.linkId, state: 'revoked', revokedAt: expect.any(String) });
    expect((await call(desk, 'portal.revokeLink', { linkId: made.link.linkId })).revokedAt).toBe(revoked.revokedAt);
    const view = await call(desk, 'portal.links', { customerId: danaId });
    expect(view.links.find((link) => link.linkId === made.link.linkId)?.state).toBe('revoked');
    expect(await attempt(desk, 'portal.sendLink', { requestId: randomUUID(), linkId: made.link.linkId, url: made.url, channel: 'email', to: DANA.emails[0]! })).toEqual({
      ok: false,
      error: 'This link was turned off, so it cannot be sent. Make a new one.',
    });
  });
});

/** A relay of an earlier version, or one answering 503, on loopback: what the relay's router answers for an endpoint it lacks. */
async function answeringServer(status: number, body: unknown): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('Portal links where the relay cannot make them', () => {
  // Dana is saved through a real relay; then the console is pointed at relays that cannot make links.
  let relay: RelayProcess;
  let dir: string;
  let store: MemorySettingsStore;
  let core: ConsoleCore;
  let danaId: string;

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-portal-off-'));
    store = new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Front desk', 'admin') });
    core = createConsoleCore({ dbPath: join(dir, 'desk.db'), settings: store, backoff: { baseMs: 50, capMs: 300 } });
    await core.start();
    ({ customerId: danaId } = await call(core, 'customers.save', { name: DANA.name, company: DANA.company, phones: DANA.phones, emails: DANA.emails }));
    await eventually(() => call(core, 'customers.detail', { customerId: danaId }), (detail) => detail !== null);
  }, 60_000);

  afterAll(async () => {
    await core?.stop();
    await relay?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function pointedAt<T>(server: { server: Server; url: string }, run: () => Promise<T>): Promise<T> {
    store.write({ relayUrl: server.url, deviceToken: 'a-token-of-that-relay' });
    try {
      return await run();
    } finally {
      server.server.close();
    }
  }

  it("a relay without its public address: Create link answers the relay's words, and the section says them afterwards instead of offering it", async () => {
    const refused = await attempt(core, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('RELAY_PUBLIC_URL') });
    const view = await call(core, 'portal.links', { customerId: danaId });
    expect(view).toMatchObject({ links: [], emails: DANA.emails, unavailable: refused.ok ? null : refused.error });
  });

  it('a relay older than this console: the section says so in words and still lists her addresses; Create link answers the same words', async () => {
    await pointedAt(await answeringServer(404, { error: 'no such endpoint: /v1/portal/links' }), async () => {
      expect(await call(core, 'portal.links', { customerId: danaId })).toEqual({ customerId: danaId, links: [], emails: DANA.emails, phones: [...DANA.phones].sort(), unavailable: RELAY_TOO_OLD_WORDS });
      expect(await attempt(core, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null })).toEqual({ ok: false, error: RELAY_TOO_OLD_WORDS });
    });
  });

  it('a relay answering 503: its own words', async () => {
    const words = 'Portal links need RELAY_PUBLIC_URL, the address customers open them at: whoever runs the relay sets it.';
    await pointedAt(await answeringServer(503, { error: words }), async () => {
      expect((await call(core, 'portal.links', { customerId: danaId })).unavailable).toBe(words);
      expect(await attempt(core, 'portal.revokeLink', { linkId: 'pl_1' })).toEqual({ ok: false, error: words });
    });
  });

  it('a relay that does not answer at all', async () => {
    const gone = await answeringServer(200, {});
    await new Promise((resolve) => gone.server.close(resolve));
    await pointedAt(gone, async () => {
      expect((await call(core, 'portal.links', { customerId: danaId })).unavailable).toBe(RELAY_UNREACHABLE_WORDS);
      expect(await attempt(core, 'portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: 7 })).toEqual({ ok: false, error: RELAY_UNREACHABLE_WORDS });
    });
  });

  it('a relay that has the endpoint and refuses one request: its words passed on, the section not marked unavailable', async () => {
    const words = 'There is no such portal link: it may belong to a customer since removed.';
    await pointedAt(await answeringServer(404, { error: words }), async () => {
      expect(await attempt(core, 'portal.revokeLink', { linkId: 'pl_gone' })).toEqual({ ok: false, error: words });
    });
  });

  it('a console without a device token says what to do, in the section', async () => {
    store.write({ relayUrl: relay.url, deviceToken: null });
    expect((await call(core, 'portal.links', { customerId: danaId })).unavailable).toBe('Set a device token in settings before making portal links.');
  });
});
