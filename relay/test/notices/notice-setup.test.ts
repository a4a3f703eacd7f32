import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { DEFAULT_NOTICE_SETTINGS, NoticeSetupStore, settingsProblems } from '../../src/notices/notice-setup-store';
import { Unsubscribes } from '../../src/notices/unsubscribes';
import { dateWords, hoursWords } from '../../src/notices/notice-values';
import { DEFAULT_NOTICE_TEMPLATES } from '../../../src/shared/notices/default-templates';
import { noticeKinds, unsubscribableKinds } from '../../../src/shared/notices/notice-kinds';
import { unknownVariables, variablesOfKind } from '../../../src/shared/notices/notice-template';

let dir: string;
let db: RelayDatabase;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-notice-setup-'));
  db = openRelayDatabase(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const AT = '2026-12-02T00:00:00.000Z';
const withKinds = (on: { invoice?: boolean; reminder?: boolean }) => ({
  ...DEFAULT_NOTICE_SETTINGS,
  invoiceIssued: { ...DEFAULT_NOTICE_SETTINGS.invoiceIssued, enabled: on.invoice ?? false },
  paymentReminder: { ...DEFAULT_NOTICE_SETTINGS.paymentReminder, enabled: on.reminder ?? false },
});

describe('notice settings', () => {
  it('a kind turned on starts from the head of the log then; turned off and on again, from the new head (what was issued while it was off is never sent)', () => {
    const setup = new NoticeSetupStore(db);
    setup.save(withKinds({}), 5, 'Owner', AT);
    expect(setup.read()).toMatchObject({ enabledFromSeq: null, enabledSinceSeq: { invoice_issued: null } });
    setup.save(withKinds({ reminder: true }), 10, 'Owner', AT);
    setup.save(withKinds({ reminder: true, invoice: true }), 20, 'Owner', AT);
    expect(setup.read()).toMatchObject({ enabledFromSeq: 10, enabledSinceSeq: { payment_reminder: 10, invoice_issued: 20 } });
    setup.save(withKinds({ reminder: true, invoice: true }), 25, 'Owner', AT);
    expect(setup.read().enabledSinceSeq.invoice_issued).toBe(20);
    setup.save(withKinds({ reminder: true }), 30, 'Owner', AT);
    setup.save(withKinds({ reminder: true, invoice: true }), 40, 'Owner', AT);
    expect(setup.read()).toMatchObject({ enabledFromSeq: 10, enabledSinceSeq: { payment_reminder: 10, invoice_issued: 40 } });
  });

  it('refuses, in words, a kind on without a way of sending, QuickBooks for anything but invoices, a channel twice, and low balance watching nothing', () => {
    expect(settingsProblems(DEFAULT_NOTICE_SETTINGS)).toEqual([]);
    expect(
      settingsProblems({
        ...DEFAULT_NOTICE_SETTINGS,
        renewal: { enabled: true, channels: [], daysBefore: 7 },
        subscriptionExpired: { enabled: false, channels: ['quickbooks'] },
        invoiceIssued: { enabled: true, channels: ['email', 'email'], attachPdf: true },
        lowBalance: { enabled: true, channels: ['sms'], walletBelowMinor: null, hoursBelowSeconds: null },
      }),
    ).toEqual([
      'Invoice issued: each way of sending may be chosen once',
      'Renewal notice is on but has no way of sending: choose email, SMS or both',
      'Subscription ended cannot go by QuickBooks: QuickBooks only sends invoices',
      'Low balance is on but watches neither the wallet nor the hours: set at least one threshold',
    ]);
  });

  it('templates are the defaults until edited; an edit replaces only its kind', () => {
    const setup = new NoticeSetupStore(db);
    expect(setup.templates()).toEqual(noticeKinds.map((kind) => DEFAULT_NOTICE_TEMPLATES[kind]));
    setup.saveTemplate({ kind: 'renewal', subject: 'Renewal', body: 'Hi {{name}}' }, 'Owner', AT);
    expect(setup.template('renewal')).toEqual({ kind: 'renewal', subject: 'Renewal', body: 'Hi {{name}}' });
    expect(setup.template('low_balance')).toEqual(DEFAULT_NOTICE_TEMPLATES.low_balance);
  });
});

describe('default templates', () => {
  it('use only the variables their kind fills, and every kind a customer may stop ends with its unsubscribe link', () => {
    for (const kind of noticeKinds) {
      const { subject, body } = DEFAULT_NOTICE_TEMPLATES[kind];
      expect(unknownVariables(`${subject}\n${body}`), kind).toEqual([]);
      const used = [...`${subject}\n${body}`.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
      for (const name of used) expect(variablesOfKind[kind], `${kind} uses {{${name}}}`).toContain(name);
      expect(body.trimEnd().endsWith('{{unsubscribeLink}}'), kind).toBe((unsubscribableKinds as readonly string[]).includes(kind));
    }
  });
});

describe('unsubscribe links', () => {
  it('name one customer and kind; a token changed by one character, made for an invoice, or signed by another relay is not accepted', () => {
    const unsubscribes = new Unsubscribes(db);
    const token = unsubscribes.tokenOf('c1', 'renewal');
    expect(unsubscribes.verify(token)).toEqual({ customerId: 'c1', kind: 'renewal' });
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(unsubscribes.verify(flipped)).toBeNull();
    const [, mac] = token.split('.');
    expect(unsubscribes.verify(`${Buffer.from('c2\nrenewal').toString('base64url')}.${mac}`)).toBeNull();
    expect(unsubscribes.verify(`${Buffer.from('c1\ninvoice_issued').toString('base64url')}.${mac}`)).toBeNull();
    const otherDir = mkdtempSync(path.join(tmpdir(), 'ringside-notice-other-'));
    const other = openRelayDatabase(otherDir);
    try {
      expect(new Unsubscribes(other).verify(token)).toBeNull();
    } finally {
      other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
    expect(unsubscribes.urlOf(null, 'c1', 'renewal')).toBeNull();
    expect(unsubscribes.urlOf('https://relay.example.com', 'c1', 'invoice_issued')).toBeNull();
    expect(unsubscribes.urlOf('https://relay.example.com', 'c1', 'renewal')).toBe(`https://relay.example.com/notices/unsubscribe/${token}`);
  });
});

describe('notice words', () => {
  it('hours and dates read as a customer says them', () => {
    expect(hoursWords(0)).toBe('0 minutes');
    expect(hoursWords(60)).toBe('1 minute');
    expect(hoursWords(2700)).toBe('45 minutes');
    expect(hoursWords(3600)).toBe('1 hour');
    expect(hoursWords(9000)).toBe('2.5 hours');
    expect(dateWords('2026-12-31')).toBe('December 31, 2026');
  });
});
