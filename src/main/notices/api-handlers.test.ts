import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { DEFAULT_NOTICE_TEMPLATES } from '../../shared/notices/default-templates';
import type { NoticeSettings } from '../../shared/relay-rest/notices';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';
import { createNoticesHandlers, OLDER_RELAY_WORDS } from './api-handlers';

type Answer<M extends ApiMethod> = { ok: true; value: ApiOutputs[M] } | { ok: false; error: string };

async function attempt<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<Answer<M>> {
  const result = await dispatchApiCall(core.handlers, method, input);
  return result.ok ? { ok: true, value: result.value as ApiOutputs[M] } : { ok: false, error: result.error };
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

const remindersByEmail = (settings: NoticeSettings): NoticeSettings => ({
  ...settings,
  paymentReminder: { enabled: true, channels: ['email'], firstAfterDueDays: 5, everyDays: 10, maxCount: 4 },
});

describe('the Notices page through the core, against the real relay', () => {
  let relay: RelayProcess;
  let dir: string;
  let office: ConsoleCore;
  let books: ConsoleCore;
  let desk: ConsoleCore;
  let adaId: string;

  beforeAll(async () => {
    // A mail server is named, so email is a way of sending; nothing is sent in these tests.
    relay = await startRelayProcess({ env: { RELAY_NOTICE_EMAIL_FROM: 'Northside IT Help <billing@northside.example>', RELAY_SMTP_HOST: '127.0.0.1', RELAY_SMTP_PORT: '2525', RELAY_SMTP_SECURITY: 'none' } });
    dir = mkdtempSync(join(tmpdir(), 'ringside-notices-'));
    const open = async (name: string, role: 'admin' | 'bookkeeper' | 'agent') => {
      const core = createConsoleCore({ dbPath: join(dir, `${role}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice(name, role) }), backoff: { baseMs: 50, capMs: 300 } });
      await core.start();
      return core;
    };
    office = await open('Office', 'admin');
    books = await open('Books', 'bookkeeper');
    desk = await open('Front desk', 'agent');
    await call(office, 'customers.importCsv', {
      csv: 'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start\nAda Lovelace,Analytical Engines Ltd,ada@example.com,+16175550342,Priority Support,monthly,2.5,199.00,USD,2026-11-01',
      fileName: 'ada.csv',
    });
    const [ada] = await eventually(() => call(office, 'customers.search', { query: 'Ada', limit: 5 }), (rows) => rows.length === 1);
    adaId = ada!.id;
  }, 60_000);

  afterAll(async () => {
    await office?.stop();
    await books?.stop();
    await desk?.stop();
    await relay?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the setup: every kind of the schedule, a template for each notice, and which ways of sending the relay can use with why not', async () => {
    const setup = await call(office, 'notices.setup', {});
    expect(setup.settings.paymentReminder).toMatchObject({ firstAfterDueDays: expect.any(Number), everyDays: expect.any(Number), maxCount: expect.any(Number) });
    expect(setup.templates.find((template) => template.kind === 'payment_reminder')).toEqual(DEFAULT_NOTICE_TEMPLATES.payment_reminder);
    expect(setup.channels.email).toEqual({ available: true, reason: null });
    // No phone provider on this relay: texts cannot go, and the relay says why.
    expect(setup.channels.sms.available).toBe(false);
    expect(setup.channels.sms.reason).toMatch(/\w/);
    expect(setup.channels.quickbooks.available).toBe(false);
  });

  it('an admin turns payment reminders on by email and every console reads them back as saved', async () => {
    const before = await call(office, 'notices.setup', {});
    const saved = await call(office, 'notices.saveSettings', { settings: remindersByEmail(before.settings) });
    expect(saved.settings.paymentReminder).toEqual({ enabled: true, channels: ['email'], firstAfterDueDays: 5, everyDays: 10, maxCount: 4 });
    expect((await call(books, 'notices.setup', {})).settings).toEqual(saved.settings);
  });

  it('an admin saves a template; the relay refuses a variable no notice fills, in its own words', async () => {
    const template = { kind: 'payment_reminder' as const, subject: 'Invoice {{invoiceNumber}} is still open', body: 'Hello {{name}}, {{amount}} was due on {{dueDate}}. Pay at {{portalLink}}\n\nStop these: {{unsubscribeLink}}' };
    const saved = await call(office, 'notices.saveTemplate', { template });
    expect(saved.templates.find((entry) => entry.kind === 'payment_reminder')).toEqual(template);
    const refused = await attempt(office, 'notices.saveTemplate', { template: { ...template, body: 'Hello {{customerName}}' } });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('{{customerName}}') });
    expect(refused.ok === false && refused.error).not.toMatch(/relay refused|HTTP \d/);
  });

  it("previews a template with sample figures, and with a customer's own", async () => {
    const text = { kind: 'renewal' as const, subject: 'Hello {{name}}', body: '{{planName}} renews on {{renewalDate}}.' };
    const sample = await call(books, 'notices.preview', { ...text, customerId: null });
    expect(sample.subject).toBe('Hello Jordan Lee');
    const hers = await eventually(() => attempt(office, 'notices.preview', { ...text, customerId: adaId }), (answer) => answer.ok);
    expect(hers).toEqual({ ok: true, value: { subject: 'Hello Ada Lovelace', body: expect.stringMatching(/^Priority Support renews on \w+ \d+, \d{4}\.$/) } });
  });

  it('lists what a customer was sent and what failed, and says in words a notice that is not there', async () => {
    expect(await call(desk, 'notices.ofCustomer', { customerId: adaId })).toEqual({ notices: [], unsubscribed: [] });
    expect((await call(books, 'notices.failed', {})).notices).toEqual([]);
    expect(await attempt(books, 'notices.retry', { noticeId: 424242 })).toEqual({ ok: false, error: 'There is no such notice.' });
  });

  it("passes on the relay's refusal of a role in plain words: a bookkeeper may not change the settings, an agent may not read them", async () => {
    const { settings } = await call(books, 'notices.setup', {});
    const refused = await attempt(books, 'notices.saveSettings', { settings });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^A bookkeeper console may not change the notice settings/) });
    expect(await attempt(desk, 'notices.setup', {})).toEqual({ ok: false, error: expect.stringMatching(/^An? agent console may not read the notice settings/) });
  });
});

describe('a relay older than the console', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers as the relay's router does for a path it does not have.
    server = createServer((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no such endpoint: ${new URL(req.url ?? '/', 'http://x').pathname}` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is said to be older, in words, for every notices call', async () => {
    const handlers = createNoticesHandlers({ relay: () => ({ url, token: 'device-token' }) });
    await expect(handlers['notices.setup']({})).rejects.toThrow(OLDER_RELAY_WORDS);
    await expect(handlers['notices.ofCustomer']({ customerId: 'c1' })).rejects.toThrow(OLDER_RELAY_WORDS);
    await expect(handlers['notices.retry']({ noticeId: 1 })).rejects.toThrow(OLDER_RELAY_WORDS);
  });
});
