import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { extractText, getMeta } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, invoiceStatusChanged, paymentRecorded, planWith, subscriptionWith, talked } from '../../../tests/support/event-builders';
import type { CustomerInvoiceWithLines } from '../../src/accounts/customer-accounts';
import { RelayAccounts } from '../../src/accounts/relay-accounts';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { invoiceNumber, moneyWords, type InvoiceBusiness } from '../../src/invoices/invoice-document';
import { invoicePdfFor } from '../../src/invoices/invoice-pdf-for';
import { renderInvoicePdf } from '../../src/invoices/render-invoice-pdf';
import { EventLog } from '../../src/log/event-log';
import { december } from '../accounts/december-log';

const ADA = '+16175550100';
const BUSINESS: InvoiceBusiness = { name: 'Northwind Answering', address: '400 Harbour Road\nBoston, MA 02110' };
const CUSTOMER = { name: 'Ada Lovelace', company: 'Analytical Engines', address: '12 St James’s Square\nLondon SW1Y 4JH' };

let dir: string;
const open: { db: RelayDatabase; log: EventLog }[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-invoice-pdf-'));
});

afterEach(() => {
  for (const { db, log } of open.splice(0)) {
    log.close();
    if (db.open) db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A relay's accounts after the events, appended one by one. */
async function accountsAfter(events: readonly RingsideEvent[]): Promise<RelayAccounts> {
  const db = openRelayDatabase(path.join(dir, `relay-${open.length}`));
  const accounts = RelayAccounts.open(db);
  const log = new EventLog(db, { projection: accounts });
  open.push({ db, log });
  for (const event of events) await log.append(event);
  return accounts;
}

/** Each page's text, its runs of white space made one space (a description may wrap). */
async function pagesOf(pdf: Buffer): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

function expectWholeInvoice(text: string, invoice: CustomerInvoiceWithLines): void {
  const money = (minor: number) => moneyWords(minor, invoice.currency);
  for (const line of invoice.lines) {
    expect(text).toContain(line.description);
    expect(text).toContain(money(line.amountMinor));
    expect(text).toContain(money(line.unitPriceMinor));
  }
  expect(text).toContain(`Subtotal ${money(invoice.subtotalMinor)}`);
  expect(text).toContain(`Tax ${money(invoice.taxMinor)}`);
  expect(text).toContain(`Total ${money(invoice.totalMinor)}`);
  expect(text).toContain(`Invoice ${invoiceNumber(invoice)}`);
}

function topUpInvoiced(topUpId: string, customerId: string, amountMinor: number, at: string): RingsideEvent {
  return { v: EVENT_MODEL_VERSION, id: `top-up:${topUpId}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'wallet.top_up_invoiced', data: { topUpId, customerId, amountMinor, currency: 'USD', note: '' } } as RingsideEvent;
}

/** A 2×2 red PNG, made here (zlib only), as a business's logo. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe("an invoice's PDF", () => {
  it("a subscription invoice reads its plan line, its taxes, its dates and whom it is billed to, and the same invoice makes the same bytes dated its issue day", async () => {
    const accounts = await accountsAfter(december);
    const invoice = accounts.invoiceOf('c-ada', 'sub:s-ada:2026-12-01')!;
    const pdf = await renderInvoicePdf({ invoice, business: BUSINESS, customer: CUSTOMER });
    const [page] = await pagesOf(pdf);
    expectWholeInvoice(page!, invoice);
    expect(page).toContain('six — monthly plan, 2026-12-01 until 2027-01-01');
    expect(page).toContain('$199.00');
    expect(page).toContain('$16.42 8.25 %');
    expect(page).toContain('Total $215.42');
    expect(page).toContain('Balance due $215.42');
    expect(page).toContain('Issue date December 1, 2026');
    expect(page).toContain('Period Dec 1, 2026 – Dec 31, 2026');
    expect(page).toContain('Status Issued');
    expect(page).toContain('BILL TO Ada Lovelace Analytical Engines 12 St James’s Square London SW1Y 4JH');
    expect(page).toContain('Northwind Answering 400 Harbour Road Boston, MA 02110');
    expect(page).toMatch(/Invoice SUB-261201-[0-9A-Z]{8}/);
    expect(page).not.toContain('PAID');

    const again = await renderInvoicePdf({ invoice, business: BUSINESS, customer: CUSTOMER });
    expect(again.equals(pdf)).toBe(true);
    const { info } = await getMeta(new Uint8Array(pdf), { parseDates: true });
    expect(info.Title).toBe(`Invoice ${invoiceNumber(invoice)}`);
    expect((info.CreationDate as Date).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('a usage invoice lists each overage call and the texts past the plan, with their minutes, rates and taxes, and a partly paid balance', async () => {
    const accounts = await accountsAfter([...december, paymentRecorded('p-1', 'c-ada', 'usage:c-ada:2026-12-01', 5000, '2027-01-03T00:00:00.000Z')]);
    const invoice = accounts.invoiceOf('c-ada', 'usage:c-ada:2026-12-01')!;
    expect(invoice.lines).toHaveLength(3);
    const [page] = await pagesOf(await renderInvoicePdf({ invoice, business: BUSINESS, customer: CUSTOMER }));
    expectWholeInvoice(page!, invoice);
    expect(page).toContain('Overage, call of 2026-12-10 30 minute $2.00 $60.00 $3.00 5 %');
    expect(page).toContain('Overage, text messages sent: 2 × $0.05 2 each $0.05 $0.10 $0.00 5 %');
    expect(page).toContain('Amount paid $50.00');
    expect(page).toContain('Balance due $57.20');
    expect(page).toContain('Period Dec 1, 2026 – Dec 31, 2026');
  });

  it('a paid top-up reads its prepaid credit line and PAID across the page; a voided one VOID and nothing due', async () => {
    const accounts = await accountsAfter([
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-02T00:00:00.000Z' }),
      topUpInvoiced('t-1', 'c-ada', 5000, '2026-12-05T00:00:00.000Z'),
      paymentRecorded('p-1', 'c-ada', 'topup:t-1', 5000, '2026-12-06T00:00:00.000Z'),
      topUpInvoiced('t-2', 'c-ada', 2500, '2026-12-07T00:00:00.000Z'),
      invoiceStatusChanged('topup:t-2', 'void', '2026-12-08T00:00:00.000Z'),
    ]);
    const paid = accounts.invoiceOf('c-ada', 'topup:t-1')!;
    expect(paid.status).toBe('paid');
    const [paidPage] = await pagesOf(await renderInvoicePdf({ invoice: paid, business: BUSINESS, customer: { name: 'Ada Lovelace' } }));
    expectWholeInvoice(paidPage!, paid);
    expect(paidPage).toContain('Prepaid support credit 1 each $50.00 $50.00 $0.00');
    expect(paidPage).toContain('Amount paid $50.00 Balance due $0.00');
    expect(paidPage).toContain('Status Paid');
    expect(paidPage).toContain('PAID');
    expect(paidPage).toMatch(/Invoice RS-[0-9A-Z]{12}/);

    const voided = accounts.invoiceOf('c-ada', 'topup:t-2')!;
    const [voidPage] = await pagesOf(await renderInvoicePdf({ invoice: voided, business: BUSINESS, customer: { name: 'Ada Lovelace' } }));
    expect(voidPage).toContain('VOID');
    expect(voidPage).toContain('Status Void');
    expect(voidPage).toContain('Balance due $0.00');
  });

  it('an invoice of 60 lines breaks over pages, each with the business, the invoice number and the table header, and every line once', async () => {
    const calls = Array.from({ length: 60 }, (_, i) => {
      const at = new Date(Date.parse('2026-12-01T09:00:00.000Z') + i * 11 * 3600_000).toISOString();
      return { ...talked(`c${i}`, ADA, at, 600 + i * 60), receivedAt: new Date(Date.parse(at) + 3 * 3600_000).toISOString() };
    });
    const accounts = await accountsAfter([
      planWith('pay-as-you-go', { includedSeconds: 0, incrementSeconds: 60, overageRatePerHourMinor: 9000 }, '2026-11-01T00:00:00.000Z'),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-02T00:00:00.000Z' }),
      subscriptionWith('s-ada', 'c-ada', 'pay-as-you-go', '2026-12-01', { at: '2026-11-20T00:00:00.000Z' }),
      ...calls,
    ]);
    const invoice = accounts.invoiceOf('c-ada', 'usage:c-ada:2026-12-01')!;
    expect(invoice.lines).toHaveLength(60);
    const pages = await pagesOf(await renderInvoicePdf({ invoice, business: { ...BUSINESS, logo: tinyPng() }, customer: CUSTOMER }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const number = invoiceNumber(invoice);
    pages.forEach((page, i) => {
      expect(page).toContain('Northwind Answering');
      expect(page).toContain(`Invoice ${number}`);
      expect(page).toContain('Description Qty Unit Unit price Amount Tax');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    // Bill to and the dates on the first page only; the totals after the last line.
    expect(pages[0]).toContain('BILL TO');
    expect(pages.slice(1).join(' ')).not.toContain('BILL TO');
    const all = pages.join(' ');
    // Two calls of one day at one length read alike: each description as often as the invoice has it.
    for (const line of invoice.lines) expect(all.split(line.description).length - 1).toBe(invoice.lines.filter((l) => l.description === line.description).length);
    expectWholeInvoice(all, invoice);
    expect(all.indexOf(`Total ${moneyWords(invoice.totalMinor, 'USD')}`)).toBeGreaterThan(all.indexOf(invoice.lines.at(-1)!.description));
  });

  it('a logo is drawn above the business name, and a damaged one leaves the name alone', async () => {
    const accounts = await accountsAfter(december);
    const invoice = accounts.invoiceOf('c-ada', 'sub:s-ada:2026-12-01')!;
    const withLogo = await renderInvoicePdf({ invoice, business: { ...BUSINESS, logo: tinyPng() }, customer: CUSTOMER });
    expect(withLogo.toString('latin1')).toContain('/Subtype /Image');
    const damaged = await renderInvoicePdf({ invoice, business: { ...BUSINESS, logo: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6]) }, customer: CUSTOMER });
    expect(damaged.toString('latin1')).not.toContain('/Subtype /Image');
    expect((await pagesOf(damaged))[0]).toContain('Northwind Answering');
  });

  it("is made for a customer's own invoice only: another customer's key, an unknown one or an unknown customer answer null", async () => {
    const accounts = await accountsAfter([...december, customerUpserted('c-bob', 'Bob', ['+16175550111'], { at: '2026-11-02T00:00:00.000Z' })]);
    const pdf = await invoicePdfFor(accounts, 'c-ada', 'sub:s-ada:2026-12-01', BUSINESS);
    const [page] = await pagesOf(pdf!);
    expect(page).toContain('BILL TO Ada Lovelace Analytical Engines 12 St James’s Square London SW1Y 4JH');
    expect(await invoicePdfFor(accounts, 'c-bob', 'sub:s-ada:2026-12-01', BUSINESS)).toBeNull();
    expect(await invoicePdfFor(accounts, 'c-ada', 'sub:s-ada:2031-01-01', BUSINESS)).toBeNull();
    expect(await invoicePdfFor(accounts, 'c-nobody', 'sub:s-ada:2026-12-01', BUSINESS)).toBeNull();
  });
});
