import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOpenInvoiceSummary, applyWithDueDates } from '../src/main/card/open-invoices';
import { readAccountView, readCatalog } from '../src/main/billing/queries/account-standing';
import { forgetBillingBook } from '../src/main/billing/store/billing-projection';
import { openConsoleDatabase, type ConsoleDatabase } from '../src/main/db/open-console-database';
import { decodeStoredEvent } from '../src/main/projection/decode-stored-event';
import { docNumberFor } from '../src/main/quickbooks/invoice-payload';
import type { InvoiceLineRow } from '../src/shared/api/billing';
import type { RingsideEvent } from '../src/shared/events/model';
import { RelayAccounts } from '../relay/src/accounts/relay-accounts';
import { openRelayDatabase, type RelayDatabase } from '../relay/src/database';
import { EventLog } from '../relay/src/log/event-log';
import { docNumberOfKey } from '../relay/src/invoices/invoice-document';
import { december } from '../relay/test/accounts/december-log';
import { RandomBillingLog, type KnownInvoice } from '../relay/test/accounts/random-billing-log';

/**
 * The relay's accounts and a console's, from the same log: the relay folds each event in
 * its append's transaction (a real relay.db, appends through EventLog); the console
 * projects what the relay stored (a real console database file, its own apply path,
 * restarted now and then).
 * Every customer's standing must be the same, and so must every number's owner, and what
 * the portal and the notices read: the customer's emails, QuickBooks link and address, and
 * every invoice of theirs with its lines.
 */

interface Standing {
  name: string;
  company: string | null;
  phones: string[];
  planId: string | null;
  includedSecondsRemaining: number | null;
  walletBalanceMinor: number | null;
  openInvoices: { invoiceKey: string; balanceMinor: number; docNumber: string | null; dueDate: string | null }[];
}

/** What the portal and the notices read of a customer besides the standing. */
interface Contacts {
  emails: string[];
  quickbooksId: string | null;
  address: string | null;
  invoices: {
    invoiceKey: string;
    kind: string;
    status: string;
    issueDate: string;
    dueDate: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    subtotalMinor: number;
    taxMinor: number;
    totalMinor: number;
    balanceMinor: number;
    currency: string;
    docNumber: string | null;
    quickbooksId: string | null;
    lines: InvoiceLineRow[];
  }[];
}

let dir: string;
const closers: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

class RelayUnderTest {
  db!: RelayDatabase;
  accounts!: RelayAccounts;
  log!: EventLog;

  constructor(private readonly dataDir: string) {
    this.start();
  }

  start(): void {
    this.db = openRelayDatabase(this.dataDir);
    this.accounts = RelayAccounts.open(this.db);
    this.log = new EventLog(this.db, { projection: this.accounts });
  }

  stop(): void {
    this.log.close();
    this.db.close();
  }

  async append(events: readonly RingsideEvent[]): Promise<void> {
    // Appended together, as webhooks arriving at once are: group-committed.
    await Promise.all(events.map((event) => this.log.append(event)));
  }

  /** The invoices the fold has issued so far, for the next events to name. */
  invoices(): KnownInvoice[] {
    return this.db.prepare('SELECT invoice_key AS invoiceKey, customer_id AS customerId, total_minor AS totalMinor, quickbooks_id AS quickbooksId FROM accounts_invoices').all() as KnownInvoice[];
  }

  standing(customerId: string, nowMs: number): Standing | null {
    const s = this.accounts.standingOfCustomer(customerId, nowMs);
    if (!s) return null;
    return {
      name: s.name,
      company: s.company,
      phones: s.phones ?? [],
      planId: s.planId,
      includedSecondsRemaining: s.includedSecondsRemaining,
      walletBalanceMinor: s.walletBalanceMinor,
      openInvoices: s.openInvoices.map(({ invoiceKey, balanceMinor, docNumber, dueDate }) => ({ invoiceKey, balanceMinor, docNumber, dueDate })),
    };
  }

  contacts(customerId: string, nowMs: number): Contacts | null {
    const account = this.accounts.accountOf(customerId, nowMs);
    if (!account) return null;
    return {
      emails: account.emails,
      quickbooksId: account.quickbooksId,
      address: account.address,
      invoices: account.invoices.map((i) => {
        const { issuedSeq: _issuedSeq, ...whole } = this.accounts.invoiceOf(customerId, i.invoiceKey)!;
        return whole;
      }),
    };
  }
}

/** The console's customer details and invoices with their lines, newest first, as its customer page reads them. */
function consoleContacts(db: ConsoleDatabase, customerId: string): Contacts | null {
  const row = db.sqlite
    .prepare('SELECT c.email, d.emails_json, d.quickbooks_id, d.address FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.customer_id WHERE c.customer_id = ?')
    .get(customerId) as { email: string | null; emails_json: string | null; quickbooks_id: string | null; address: string | null } | undefined;
  if (!row) return null;
  const invoices = db.sqlite
    .prepare(
      `SELECT i.invoice_key AS invoiceKey, i.kind, i.status, i.issue_date AS issueDate, d.due_date AS dueDate, i.period_start AS periodStart, i.period_end AS periodEnd,
         i.subtotal_minor AS subtotalMinor, i.tax_minor AS taxMinor, i.total_minor AS totalMinor, i.balance_minor AS balanceMinor, i.currency,
         i.doc_number AS docNumber, i.quickbooks_id AS quickbooksId
       FROM invoices i LEFT JOIN invoice_due_dates d ON d.invoice_key = i.invoice_key WHERE i.customer_id = ? ORDER BY i.issue_date DESC, i.invoice_key DESC`,
    )
    .all(customerId) as Omit<Contacts['invoices'][number], 'lines'>[];
  const lines = db.sqlite.prepare(
    `SELECT description, quantity, unit, unit_price_minor AS unitPriceMinor, amount_minor AS amountMinor, tax_basis_points AS taxBasisPoints, tax_minor AS taxMinor
     FROM invoice_lines WHERE invoice_key = ? ORDER BY line_no`,
  );
  return {
    emails: [...(row.email === null ? [] : [row.email]), ...(row.emails_json ? (JSON.parse(row.emails_json) as string[]) : [])],
    quickbooksId: row.quickbooks_id,
    address: row.address,
    invoices: invoices.map((i) => ({ ...i, lines: lines.all(i.invoiceKey) as InvoiceLineRow[] })),
  };
}

/** A console's answer for the same customer, from its own tables and reads. */
function consoleStanding(db: ConsoleDatabase, customerId: string, nowMs: number): Standing | null {
  const customer = db.sqlite.prepare('SELECT name, company FROM customers WHERE customer_id = ?').get(customerId) as { name: string; company: string | null } | undefined;
  if (!customer) return null;
  const view = readAccountView(db, customerId, new Date(nowMs), readCatalog(db));
  const sub = view.subscription?.state === 'active' ? view.subscription : null;
  const open = db.sqlite
    .prepare(
      `SELECT i.invoice_key AS invoiceKey, i.balance_minor AS balanceMinor, i.doc_number AS docNumber, d.due_date AS dueDate
       FROM invoices i LEFT JOIN invoice_due_dates d ON d.invoice_key = i.invoice_key
       WHERE i.customer_id = ? AND i.status IN ('ready', 'synced') AND i.balance_minor > 0 ORDER BY i.issue_date DESC, i.invoice_key DESC`,
    )
    .all(customerId) as Standing['openInvoices'];
  // The card's summary is the same open invoices, summed.
  const summary = loadOpenInvoiceSummary(db, customerId, new Date(nowMs));
  expect(summary?.count ?? 0).toBe(open.length);
  return {
    name: customer.name,
    company: customer.company,
    phones: (db.sqlite.prepare('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY phone_e164').pluck().all(customerId) as string[]),
    planId: sub?.planId ?? null,
    includedSecondsRemaining: sub ? sub.remainingSeconds : null,
    walletBalanceMinor: view.wallet?.balanceMinor ?? null,
    openInvoices: open,
  };
}

/** The console's owner of a number: its newest customer, as the card finds it. */
function consoleOwner(db: ConsoleDatabase, e164: string): string | null {
  const row = db.sqlite
    .prepare('SELECT c.customer_id FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = ? ORDER BY c.updated_seq DESC LIMIT 1')
    .pluck()
    .get(e164) as string | undefined;
  return row ?? null;
}

async function consoleFromRelayLog(relayDb: RelayDatabase, file: string): Promise<ConsoleDatabase> {
  const db = await openConsoleDatabase(file);
  closers.push(() => db.close());
  const rows = relayDb.prepare('SELECT seq, event FROM events ORDER BY seq').all() as { seq: number; event: string }[];
  for (let i = 0; i < rows.length; i += 250) {
    const entries = rows.slice(i, i + 250).map((row) => {
      const reading = decodeStoredEvent(JSON.parse(row.event));
      return { seq: row.seq, event: reading.kind === 'read' ? reading.event : null };
    });
    applyWithDueDates(db, entries);
    // The console restarts now and then too: its billing book reloads from its tables.
    if (i % 1500 === 0) forgetBillingBook(db);
  }
  return db;
}

function compare(
  relay: RelayUnderTest,
  consoleDb: ConsoleDatabase,
  nowMs: number,
): { customers: number; withPlan: number; withWallet: number; withOpenInvoices: number; withEmails: number; invoiceLines: number } {
  const ids = new Set([
    ...(consoleDb.sqlite.prepare('SELECT customer_id FROM customers').pluck().all() as string[]),
    ...(relay.db.prepare('SELECT customer_id FROM accounts_customers').pluck().all() as string[]),
  ]);
  const counts = { customers: ids.size, withPlan: 0, withWallet: 0, withOpenInvoices: 0, withEmails: 0, invoiceLines: 0 };
  for (const id of ids) {
    const expected = consoleStanding(consoleDb, id, nowMs);
    expect({ id, standing: relay.standing(id, nowMs) }).toEqual({ id, standing: expected });
    const contacts = consoleContacts(consoleDb, id);
    expect({ id, contacts: relay.contacts(id, nowMs) }).toEqual({ id, contacts });
    if ((contacts?.emails.length ?? 0) > 0) counts.withEmails += 1;
    for (const invoice of contacts?.invoices ?? []) counts.invoiceLines += invoice.lines.length;
    if (expected?.planId) counts.withPlan += 1;
    if (expected?.walletBalanceMinor !== null && expected?.walletBalanceMinor !== undefined) counts.withWallet += 1;
    if ((expected?.openInvoices.length ?? 0) > 0) counts.withOpenInvoices += 1;
  }
  const numbers = consoleDb.sqlite.prepare('SELECT DISTINCT phone_e164 FROM customer_phones').pluck().all() as string[];
  for (const number of numbers) {
    expect({ number, owner: relay.accounts.standingOfNumber(number, nowMs)?.customerId ?? null }).toEqual({ number, owner: consoleOwner(consoleDb, number) });
  }
  return counts;
}

/** The Flutterwave events the relay stored, by kind; `paymentsAgain`: payments stored under a second event id. */
function flutterwaveKinds(db: RelayDatabase): { topUps: number; subscriptionPayments: number; paymentsAgain: number; failed: number; cancelled: number } {
  const rows = db.prepare("SELECT type, event FROM events WHERE source = 'flutterwave'").all() as { type: string; event: string }[];
  const received = rows.filter((row) => row.type === 'payment.received').map((row) => (JSON.parse(row.event) as { data: { paymentId: string; purpose: string } }).data);
  return {
    topUps: received.filter((d) => d.purpose === 'top_up').length,
    subscriptionPayments: received.filter((d) => d.purpose === 'subscription').length,
    paymentsAgain: received.length - new Set(received.map((d) => d.paymentId)).size,
    failed: rows.filter((row) => row.type === 'payment.failed').length,
    cancelled: rows.filter((row) => row.type === 'subscription.cancelled').length,
  };
}

describe("the relay's accounts", () => {
  it("a customer's December invoice read from the relay has the same lines as the console's draft, and so has every other invoice of hers", async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ringside-accounts-'));
    const relay = new RelayUnderTest(path.join(dir, 'relay'));
    closers.push(() => relay.stop());
    for (const event of december) await relay.log.append(event);
    const consoleDb = await consoleFromRelayLog(relay.db, path.join(dir, 'console.db'));
    const expected = consoleContacts(consoleDb, 'c-ada')!;
    expect(expected.invoices.map((i) => [i.invoiceKey, i.lines.length])).toEqual([
      ['usage:c-ada:2026-12-01', 3],
      ['sub:s-ada:2027-01-01', 1],
      ['sub:s-ada:2026-12-01', 1],
    ]);
    expect(relay.contacts('c-ada', Date.parse('2027-01-03T00:00:00Z'))).toEqual({ ...expected, emails: ['ada@example.com', 'accounts@engines.example'] });
    // The console keeps what its admin typed; the relay answers only what can be sent to.
    expect(expected.emails).toEqual(['ada@example.com', 'accounts@engines.example', 'not an address']);
    // A PDF made by the relay names each invoice by the number the console shows for it (and QuickBooks will be sent).
    for (const key of [...expected.invoices.map((i) => i.invoiceKey), 'topup:t-1', 'call:charge-9']) expect({ key, number: docNumberOfKey(key) }).toEqual({ key, number: docNumberFor(key) });
  });


  it('stand exactly as a console’s on a large random log (Flutterwave payments, failures and cancellations among it), through a relay restart mid-log and a rebuild by replay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        dir = mkdtempSync(path.join(tmpdir(), 'ringside-accounts-'));
        const relay = new RelayUnderTest(path.join(dir, 'relay'));
        closers.push(() => {
          if (relay.db.open) relay.stop();
        });
        const log = new RandomBillingLog(seed);
        await relay.append(log.opening());
        for (let segment = 0; segment < 16; segment++) {
          await relay.append(log.segment(250, relay.invoices()));
          // A restart mid-log: the accounts load their tables and carry on from their applied seq.
          if (segment === 7) {
            relay.stop();
            relay.start();
          }
        }
        const head = relay.log.headSeq;
        expect(head).toBeGreaterThan(4000);
        expect(relay.accounts.appliedSeq).toBe(head);
        // Flutterwave's side is in the log, each kind many times, some payments twice.
        const flutterwave = flutterwaveKinds(relay.db);
        expect(flutterwave.topUps).toBeGreaterThan(15);
        expect(flutterwave.subscriptionPayments).toBeGreaterThan(15);
        expect(flutterwave.paymentsAgain).toBeGreaterThan(2);
        expect(flutterwave.failed).toBeGreaterThan(5);
        expect(flutterwave.cancelled).toBeGreaterThan(3);

        const consoleDb = await consoleFromRelayLog(relay.db, path.join(dir, 'console.db'));
        const counts = compare(relay, consoleDb, log.clockMs);
        compare(relay, consoleDb, log.clockMs + 45 * 86_400_000);
        // The log is varied enough to mean something.
        expect(counts.customers).toBeGreaterThan(40);
        expect(counts.withPlan).toBeGreaterThan(3);
        expect(counts.withWallet).toBeGreaterThan(10);
        expect(counts.withOpenInvoices).toBeGreaterThan(3);
        expect(counts.withEmails).toBeGreaterThan(20);
        expect(counts.invoiceLines).toBeGreaterThan(100);

        // Rebuilt by replaying the stored log: the same answer.
        relay.accounts.rebuild();
        expect(relay.accounts.appliedSeq).toBe(head);
        compare(relay, consoleDb, log.clockMs);
        // And after a restart that loads the rebuilt tables.
        relay.stop();
        relay.start();
        compare(relay, consoleDb, log.clockMs);
        for (const close of closers.splice(0).reverse()) await close();
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 2 },
    );
    dir = mkdtempSync(path.join(tmpdir(), 'ringside-accounts-'));
  }, 300_000);
});

