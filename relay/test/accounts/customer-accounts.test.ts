import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { callCorrected, customerRemoved, customerUpserted, invoiceSynced, paymentRecorded, planWith, subscriptionWith, talked, unanswered } from '../../../tests/support/event-builders';
import { texted } from '../../../tests/support/message-builders';
import { ACCOUNTS_VERSION, RelayAccounts } from '../../src/accounts/relay-accounts';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { EventLog } from '../../src/log/event-log';
import { december, merged, withContacts } from './december-log';

const BOB = '+16175550111';
const STRANGER = '+16175550177';
const ADA = '+16175550100';

let dir: string;
const open: { db: RelayDatabase; log: EventLog }[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-customer-accounts-'));
});

afterEach(() => {
  for (const { db, log } of open.splice(0)) {
    log.close();
    if (db.open) db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function startRelay(name = 'relay'): { db: RelayDatabase; log: EventLog; accounts: RelayAccounts } {
  const db = openRelayDatabase(path.join(dir, name));
  const accounts = RelayAccounts.open(db);
  const log = new EventLog(db, { projection: accounts });
  open.push({ db, log });
  return { db, log, accounts };
}

async function appendInOrder(log: EventLog, events: readonly RingsideEvent[]): Promise<void> {
  for (const event of events) await log.append(event);
}

describe("a customer's account read whole from the relay", () => {
  it("a customer's December invoice read from the relay has the overage and text lines the fold drafted, its period and its totals (bench/accounts-match-console.test.ts compares them with a console's)", async () => {
    const relay = startRelay();
    await appendInOrder(relay.log, december);
    const usage = relay.accounts.invoiceOf('c-ada', 'usage:c-ada:2026-12-01')!;
    // Overage of the two calls past six hours (each on its own line, taxed 5 %), and one line for the two texts past the one included.
    expect(usage.lines.map((l) => [l.description, l.quantity, l.unit, l.unitPriceMinor, l.amountMinor, l.taxBasisPoints, l.taxMinor])).toEqual([
      ['Overage, call of 2026-12-10', '30', 'minute', 200, 6000, 500, 300],
      ['Overage, call of 2026-12-18', '21', 'minute', 200, 4200, 500, 210],
      // 5 % of 10 cents is half a cent: rounded half-even, to none.
      ['Overage, text messages sent: 2 × $0.05', '2', 'each', 5, 10, 500, 0],
    ]);
    expect(usage).toMatchObject({ kind: 'usage', status: 'ready', issueDate: '2027-01-01', periodStart: '2026-12-01', periodEnd: '2027-01-01', subtotalMinor: 10210, taxMinor: 510, totalMinor: 10720, balanceMinor: 10720 });
    expect(relay.accounts.invoiceOf('c-ada', 'sub:s-ada:2026-12-01')).toMatchObject({
      kind: 'subscription',
      subtotalMinor: 19900,
      taxMinor: 1642,
      totalMinor: 21542,
      lines: [{ description: 'six — monthly plan, 2026-12-01 until 2027-01-01', quantity: '1', unit: 'each', unitPriceMinor: 19900, amountMinor: 19900, taxBasisPoints: 825, taxMinor: 1642 }],
    });
  });

  it('answers the account with its plan, emails, address, QuickBooks link and every invoice newest first with its due date, each issued at the seq it stopped being a draft', async () => {
    const relay = startRelay();
    await appendInOrder(relay.log, december);
    await relay.log.append(invoiceSynced('sub:s-ada:2026-12-01', 'qb-inv-1', '2026-12-02T00:00:00.000Z'));
    await relay.log.append({
      v: EVENT_MODEL_VERSION,
      id: 'balance:qb-inv-1',
      source: 'quickbooks',
      occurredAt: '2026-12-02T01:00:00.000Z',
      receivedAt: '2026-12-02T01:00:00.000Z',
      lines: [],
      type: 'invoice.balance_changed',
      data: { invoiceKey: 'sub:s-ada:2026-12-01', quickbooksId: 'qb-inv-1', totalMinor: 21542, balanceMinor: 21542, currency: 'USD', dueDate: '2026-12-31' },
    } as RingsideEvent);
    const account = relay.accounts.accountOf('c-ada', Date.parse('2027-01-03T00:00:00Z'))!;
    expect(account).toMatchObject({
      customerId: 'c-ada',
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      emails: ['ada@example.com', 'accounts@engines.example'],
      phones: [ADA],
      quickbooksId: 'qb-58',
      address: '12 St James’s Square\nLondon SW1Y 4JH',
    });
    expect(account.view.subscription).toMatchObject({ planId: 'six', state: 'active', periodStartsOn: '2027-01-01' });
    // December's usage invoice is dated the day its month ends, as January's subscription invoice.
    expect(account.invoices.map((i) => [i.invoiceKey, i.status, i.dueDate, i.docNumber])).toEqual([
      ['usage:c-ada:2026-12-01', 'ready', null, null],
      ['sub:s-ada:2027-01-01', 'ready', null, null],
      ['sub:s-ada:2026-12-01', 'synced', '2026-12-31', 'D-qb-inv-1'],
    ]);
    const seqOfEvent = (id: string): number => relay.db.prepare('SELECT seq FROM events WHERE event_id = ?').pluck().get(id) as number;
    const byKey = new Map(account.invoices.map((i) => [i.invoiceKey, i]));
    // December's usage invoice was issued by January's first call; December's subscription invoice as December began (the first call of the month).
    expect(byKey.get('usage:c-ada:2026-12-01')!.issuedSeq).toBe(seqOfEvent(december.at(-1)!.id));
    expect(byKey.get('sub:s-ada:2026-12-01')!.issuedSeq).toBeGreaterThan(0);
    expect(byKey.get('sub:s-ada:2026-12-01')!.issuedSeq).toBeLessThan(seqOfEvent(december[4]!.id) + 1);
  });

  it("lists the customer's calls newest first with their billed durations and how each was paid, a corrected one marked and its correction shown once, texts left out", async () => {
    const relay = startRelay();
    await appendInOrder(relay.log, [
      planWith('one', { includedSeconds: 3600, incrementSeconds: 60, overageRatePerHourMinor: 6000 }, '2026-11-01T00:00:00.000Z'),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-02T00:00:00.000Z' }),
      subscriptionWith('s-ada', 'c-ada', 'one', '2026-12-01', { at: '2026-11-20T00:00:00.000Z' }),
      { ...talked('a1', ADA, '2026-12-03T10:00:00.000Z', 50 * 60 + 10), receivedAt: '2026-12-03T10:51:00.000Z' },
      { ...talked('a2', ADA, '2026-12-04T10:00:00.000Z', 20 * 60), receivedAt: '2026-12-04T10:21:00.000Z' },
      { ...unanswered('a3', ADA, '2026-12-05T10:00:00.000Z'), receivedAt: '2026-12-05T10:01:00.000Z' },
      texted('M1', 'outgoing', ADA, '2026-12-05T11:00:00.000Z', 'delivered'),
      callCorrected('a1', 40 * 60, '2026-12-06T00:00:00.000Z'),
    ]);
    const calls = relay.accounts.callsOf('c-ada', { limit: 10 });
    expect(calls).toEqual([
      { callId: 'a3', startedAt: '2026-12-05T10:00:00.000Z', billedSeconds: 0, owedMinor: 0, currency: 'USD', paidBy: 'No charge', corrected: false },
      // 20 minutes: the last 9 of the hour, then 11 of overage.
      { callId: 'a2', startedAt: '2026-12-04T09:59:55.000Z', billedSeconds: 1200, owedMinor: 1100, currency: 'USD', paidBy: 'Included hours and overage', corrected: false },
      // The correction to 40 minutes replaced the 51 minutes first billed.
      { callId: 'a1', startedAt: '2026-12-03T09:59:55.000Z', billedSeconds: 2400, owedMinor: 0, currency: 'USD', paidBy: 'Included hours', corrected: false },
      { callId: 'a1', startedAt: '2026-12-03T09:59:55.000Z', billedSeconds: 3060, owedMinor: 0, currency: 'USD', paidBy: 'Included hours', corrected: true },
    ]);
    // The next page starts below the last start seen.
    expect(relay.accounts.callsOf('c-ada', { limit: 2, beforeStartedAt: '2026-12-04T09:59:55.000Z' }).map((c) => c.billedSeconds)).toEqual([2400, 3060]);
    expect(relay.accounts.callsOf('c-bob', { limit: 10 })).toEqual([]);
    // December's usage invoice holds the overage and is still a draft: not issued yet.
    const usage = relay.accounts.accountOf('c-ada', Date.parse('2026-12-06T00:00:00Z'))!.invoices.find((i) => i.kind === 'usage');
    expect(usage).toMatchObject({ status: 'draft', totalMinor: 1100, issuedSeq: 0 });
  });

  it("a merged customer answers null, its survivor has its numbers, emails and invoices, and the merged one's invoice is not reachable under its old id", async () => {
    const relay = startRelay();
    await appendInOrder(relay.log, [
      planWith('one', { includedSeconds: 3600, incrementSeconds: 60 }, '2026-11-01T00:00:00.000Z'),
      withContacts(customerUpserted('c-bob', 'Bob', [BOB], { email: 'bob@example.com', at: '2026-11-02T00:00:00.000Z' }), { quickbooksId: 'qb-9', address: '1 Main St' }),
      withContacts(customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-02T00:00:00.000Z' }), { emails: ['ada@example.com'] }),
      subscriptionWith('s-bob', 'c-bob', 'one', '2026-12-01', { at: '2026-11-20T00:00:00.000Z' }),
      { ...talked('b1', BOB, '2026-12-03T10:00:00.000Z', 600), receivedAt: '2026-12-03T10:11:00.000Z' },
      merged('c-bob', 'c-ada', '2026-12-04T00:00:00.000Z'),
    ]);
    const now = Date.parse('2026-12-05T00:00:00Z');
    expect(relay.accounts.accountOf('c-bob', now)).toBeNull();
    expect(relay.accounts.survivorOf('c-bob')).toBe('c-ada');
    expect(relay.accounts.survivorOf('c-ada')).toBe('c-ada');
    expect(relay.accounts.survivorOf('c-nobody')).toBeNull();
    expect(relay.accounts.customerIds()).toEqual(['c-ada']);
    const ada = relay.accounts.accountOf('c-ada', now)!;
    // Ada had no main email: Bob's becomes it; her further one follows. Bob's QuickBooks link and address fill her blanks.
    expect(ada).toMatchObject({ phones: [BOB, ADA].sort(), emails: ['bob@example.com', 'ada@example.com'], quickbooksId: 'qb-9', address: '1 Main St' });
    expect(ada.view.subscription).toMatchObject({ subscriptionId: 's-bob', state: 'active' });
    expect(ada.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-bob:2026-12-01']);
    expect(relay.accounts.invoiceOf('c-ada', 'sub:s-bob:2026-12-01')?.lines).toHaveLength(1);
    expect(relay.accounts.invoiceOf('c-bob', 'sub:s-bob:2026-12-01')).toBeNull();
    expect(relay.accounts.callsOf('c-ada', { limit: 5 }).map((c) => c.callId)).toEqual(['b1']);
  });

  it("a removed customer answers null everywhere, and a stranger's calls and another customer's invoice stay out of reach", async () => {
    const relay = startRelay();
    await appendInOrder(relay.log, [
      planWith('one', { includedSeconds: 3600, incrementSeconds: 60 }, '2026-11-01T00:00:00.000Z'),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-02T00:00:00.000Z' }),
      customerUpserted('c-bob', 'Bob', [BOB], { at: '2026-11-02T00:00:00.000Z' }),
      subscriptionWith('s-bob', 'c-bob', 'one', '2026-12-01', { at: '2026-11-20T00:00:00.000Z' }),
      { ...talked('x1', STRANGER, '2026-12-03T10:00:00.000Z', 600), receivedAt: '2026-12-03T10:11:00.000Z' },
      { ...customerRemoved('c-bob'), occurredAt: '2026-12-04T00:00:00.000Z', receivedAt: '2026-12-04T00:00:00.000Z' },
    ]);
    const now = Date.parse('2026-12-05T00:00:00Z');
    expect(relay.accounts.customerIds()).toEqual(['c-ada']);
    expect(relay.accounts.accountOf('c-bob', now)).toBeNull();
    expect(relay.accounts.survivorOf('c-bob')).toBeNull();
    expect(relay.accounts.invoiceOf('c-ada', 'sub:s-bob:2026-12-01')).toBeNull();
    expect(relay.accounts.accountOf('c-ada', now)).toMatchObject({ emails: [], quickbooksId: null, address: null, invoices: [], view: { subscription: null, wallet: null } });
    expect(relay.accounts.callsOf('c-ada', { limit: 5 })).toEqual([]);
  });

  it('kept by version 3 (without invoice lines or emails) are rebuilt at start, and then read each invoice whole', async () => {
    const first = startRelay();
    await appendInOrder(first.log, [...december.slice(0, 5), paymentRecorded('p1', 'c-ada', 'sub:s-ada:2026-12-01', 5000, '2026-12-04T00:00:00.000Z')]);
    const before = first.accounts.invoiceOf('c-ada', 'sub:s-ada:2026-12-01');
    expect(before).toMatchObject({ balanceMinor: 21542 - 5000, lines: [{ description: 'six — monthly plan, 2026-12-01 until 2027-01-01', amountMinor: 19900, taxMinor: 1642 }] });
    // What a version 3 relay holds: none of migration 0020's rows.
    for (const table of ['accounts_invoice_lines', 'accounts_customer_emails', 'accounts_customer_merges']) first.db.prepare(`DELETE FROM ${table}`).run();
    first.db.prepare('UPDATE accounts_state SET version = 3').run();
    first.log.close();
    first.db.close();
    open.splice(0);
    const second = startRelay();
    expect(second.db.prepare('SELECT version FROM accounts_state').pluck().get()).toBe(ACCOUNTS_VERSION);
    expect(second.accounts.invoiceOf('c-ada', 'sub:s-ada:2026-12-01')).toEqual(before);
    expect(second.accounts.accountOf('c-ada', Date.parse('2026-12-05T00:00:00Z'))?.emails).toEqual(['ada@example.com', 'accounts@engines.example']);
  });
});
