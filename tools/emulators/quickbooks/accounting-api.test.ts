import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { api, connect, query } from './test-session';

/** Invoice, Customer and Payment behaviour of the emulator (spec §3–§7, §13-3/4/6/7). */
describe('QuickBooks emulator accounting API', () => {
  let emulator: QuickBooksEmulator;
  let token: string;
  let t: number;
  beforeEach(async () => {
    t = Date.parse('2026-09-01T17:15:02Z');
    emulator = createQuickBooksEmulator({ clock: () => t });
    await emulator.listen();
    token = (await connect(emulator)).access_token;
  });
  afterEach(() => emulator.close());

  const customerId = (name: string) => String(emulator.customers().find((c) => c.DisplayName === name)?.Id);
  const itemId = (name: string) => String(emulator.items().find((i) => i.Name === name)?.Id);
  const invoiceBody = (docNumber: string, qty = 38, unitPrice = 2.5, amount = 95) => ({
    CustomerRef: { value: customerId('Harbor Dental Group') },
    DocNumber: docNumber,
    BillEmail: { Address: 'billing@harbordental.example' },
    Line: [{ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: itemId('Per-call fee') }, Qty: qty, UnitPrice: unitPrice } }],
  });

  it('creates an invoice with string ids, SyncToken 0, a SubTotal line, balances, company-offset MetaData and a top-level time', async () => {
    const res = await api(emulator, token, 'POST', '/invoice?requestid=r-1', invoiceBody('PPC-260901-0007'));
    expect(res.status).toBe(200);
    const inv = res.json.Invoice;
    expect(inv).toMatchObject({ SyncToken: '0', domain: 'QBO', sparse: false, DocNumber: 'PPC-260901-0007', TotalAmt: 95, Balance: 95, EmailStatus: 'NotSet', LinkedTxn: [] });
    expect(inv.Id).toMatch(/^\d+$/);
    expect(inv.Line.at(-1)).toEqual({ Amount: 95, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
    expect(inv.CustomerRef.name).toBe('Harbor Dental Group');
    expect(inv.MetaData.CreateTime).toBe('2026-09-01T10:15:02-07:00');
    expect(res.json.time).toBe('2026-09-01T10:15:02.000-07:00');
    expect(inv).not.toHaveProperty('PrivateNote');
    expect(emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group')?.Balance).toBe(95);
  });

  it('answers in XML unless the client asks for JSON', async () => {
    const res = await fetch(`${emulator.urls.company}/item/${itemId('Overage')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    expect(xml).toContain('<Item domain="QBO" sparse="false">');
    const asJson = await fetch(`${emulator.urls.company}/item/${itemId('Overage')}?format=json&include=foo&minorversion=12`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await asJson.json()) as { Item: { Name: string } }).Item.Name).toBe('Overage');
  });

  it('faults 6070 when Amount is not Qty × UnitPrice to the cent, in exact decimal arithmetic', async () => {
    const bad = await api(emulator, token, 'POST', '/invoice', invoiceBody('A-1', 3, 620.355, 1861.06));
    expect(bad.status).toBe(400);
    expect(bad.json.Fault.type).toBe('ValidationFault');
    expect(bad.json.Fault.Error[0]).toMatchObject({ code: '6070', Message: 'Amount is not equal to UnitPrice * Qty' });
    expect(bad.json.Fault.Error[0].Detail).toContain('Supplied value:1,861.06');
    // 0.1 × 3 is 0.30000000000000004 in floats; QBO's rounding accepts 0.30, and so must the emulator.
    expect((await api(emulator, token, 'POST', '/invoice', invoiceBody('A-2', 3, 0.1, 0.3))).status).toBe(200);
    // 3 × 620.355 = 1861.065 exactly, which rounds half up to 1861.07 (floats say 1861.0649999…).
    expect((await api(emulator, token, 'POST', '/invoice', invoiceBody('A-3', 3, 620.355, 1861.07))).status).toBe(200);
  });

  it('faults 6140 on a reused DocNumber unless include=allowduplicatedocnum, and 2050 over 21 chars', async () => {
    await api(emulator, token, 'POST', '/invoice', invoiceBody('DUP-1'));
    const dup = await api(emulator, token, 'POST', '/invoice', invoiceBody('DUP-1'));
    expect(dup.json.Fault.Error[0]).toMatchObject({ code: '6140', Message: 'Duplicate Document Number Error' });
    expect((await api(emulator, token, 'POST', '/invoice?include=allowduplicatedocnum', invoiceBody('DUP-1'))).status).toBe(200);
    expect((await api(emulator, token, 'POST', '/invoice', invoiceBody('X'.repeat(22)))).json.Fault.Error[0].code).toBe('2050');
  });

  it('faults 2500 for an unknown reference, 610 for an inactive customer, 2020 for a missing Line, 2010 for an unknown property', async () => {
    const unknown = await api(emulator, token, 'POST', '/invoice', { ...invoiceBody('R-1'), CustomerRef: { value: '583' } });
    expect(unknown.json.Fault.Error[0]).toMatchObject({ code: '2500', Detail: 'Invalid Reference Id : Names element id 583 not found' });
    const inactive = await api(emulator, token, 'POST', '/invoice', { ...invoiceBody('R-2'), CustomerRef: { value: customerId('Old Mill Cafe') } });
    expect(inactive.json.Fault.Error[0].code).toBe('610');
    const noLine = await api(emulator, token, 'POST', '/invoice', { CustomerRef: { value: customerId('Marco Bianchi') } });
    expect(noLine.json.Fault.Error[0].code).toBe('2020');
    const extra = await api(emulator, token, 'POST', '/invoice', { ...invoiceBody('R-3'), Colour: 'red' });
    expect(extra.json.Fault.Error[0].code).toBe('2010');
    const category = await api(emulator, token, 'POST', '/invoice', { ...invoiceBody('R-4'), Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: { ItemRef: { value: itemId('Support plans') } } }] });
    expect(category.json.Fault.Error[0].code).toBe('2500');
  });

  it('faults 6240 on a duplicate customer DisplayName, and reads a missing entity as 400/610, not 404', async () => {
    const dup = await api(emulator, token, 'POST', '/customer', { DisplayName: 'harbor dental group' });
    expect(dup.json.Fault.Error[0].code).toBe('6240');
    const missing = await api(emulator, token, 'GET', '/customer/99999');
    expect(missing.status).toBe(400);
    expect(missing.json.Fault.Error[0].code).toBe('610');
  });

  it('sparse-updates with SyncToken; a stale SyncToken is 5010', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('S-1'))).json.Invoice;
    const updated = await api(emulator, token, 'POST', '/invoice', { Id: created.Id, SyncToken: created.SyncToken, sparse: true, PrivateNote: 'console call 7f3c2a' });
    expect(updated.json.Invoice).toMatchObject({ SyncToken: '1', PrivateNote: 'console call 7f3c2a', DocNumber: 'S-1', TotalAmt: 95 });
    const stale = await api(emulator, token, 'POST', '/invoice', { Id: created.Id, SyncToken: '0', sparse: true, PrivateNote: 'late edit' });
    expect(stale.json.Fault.Error[0]).toMatchObject({ code: '5010', Message: 'Stale Object Error' });
  });

  it('a full update clears the fields it leaves out', async () => {
    const id = customerId('Harbor Dental Group');
    const current = (await api(emulator, token, 'GET', `/customer/${id}`)).json.Customer;
    const full = await api(emulator, token, 'POST', '/customer', { Id: id, SyncToken: current.SyncToken, DisplayName: 'Harbor Dental Group' });
    expect(full.json.Customer).not.toHaveProperty('PrimaryPhone');
    expect(full.json.Customer).not.toHaveProperty('GivenName');
  });

  it('voids an invoice: it stays, amounts become 0, PrivateNote starts with Voided, SyncToken increments', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', { ...invoiceBody('V-1'), PrivateNote: 'console call 1' })).json.Invoice;
    const voided = await api(emulator, token, 'POST', '/invoice?operation=void', { Id: created.Id, SyncToken: created.SyncToken });
    expect(voided.json.Invoice).toMatchObject({ Id: created.Id, SyncToken: '1', TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - console call 1' });
    expect(voided.json.Invoice.Line[0]).toMatchObject({ Amount: 0, SalesItemLineDetail: { Qty: 0 } });
    expect((await api(emulator, token, 'GET', `/invoice/${created.Id}`)).status).toBe(200);
  });

  it('deletes an invoice permanently: reads give 400/610 afterwards', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('D-1'))).json.Invoice;
    const deleted = await api(emulator, token, 'POST', '/invoice?operation=delete', { Id: created.Id, SyncToken: created.SyncToken });
    expect(deleted.json.Invoice).toEqual({ status: 'Deleted', domain: 'QBO', Id: created.Id });
    expect((await api(emulator, token, 'GET', `/invoice/${created.Id}`)).json.Fault.Error[0].code).toBe('610');
  });

  it('emails an invoice through the send endpoint: EmailSent and DeliveryInfo, sendTo overrides BillEmail', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('E-1'))).json.Invoice;
    const sent = await api(emulator, token, 'POST', `/invoice/${created.Id}/send?sendTo=${encodeURIComponent('ap@harbordental.example')}`, '', { 'content-type': 'application/octet-stream' });
    expect(sent.status).toBe(200);
    expect(sent.json.Invoice).toMatchObject({ EmailStatus: 'EmailSent', DeliveryInfo: { DeliveryType: 'Email' }, BillEmail: { Address: 'ap@harbordental.example' }, SyncToken: '1' });
    expect(emulator.sentEmails()).toEqual([{ invoiceId: created.Id, to: 'ap@harbordental.example', atMs: t }]);
  });

  it('stops a sandbox company after 40 emails a day', async () => {
    await emulator.close();
    emulator = createQuickBooksEmulator({ clock: () => t, limits: { sandboxEmailsPerDay: 1, requestsPerSecond: 1000 } });
    await emulator.listen();
    token = (await connect(emulator)).access_token;
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('E-2'))).json.Invoice;
    expect((await api(emulator, token, 'POST', `/invoice/${created.Id}/send`, '', { 'content-type': 'application/octet-stream' })).status).toBe(200);
    expect((await api(emulator, token, 'POST', `/invoice/${created.Id}/send`, '', { 'content-type': 'application/octet-stream' })).status).toBe(400);
  });

  it('serves the invoice as a PDF', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('P-1'))).json.Invoice;
    const pdf = await api(emulator, token, 'GET', `/invoice/${created.Id}/pdf`, undefined, { accept: 'application/pdf' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF-1.4')).toBe(true);
  });

  it('applies a payment recorded in QuickBooks: Balance drops, LinkedTxn gains it, SyncToken increments', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('PAY-1'))).json.Invoice;
    const partial = emulator.createPaymentFor(created.Id, 40);
    let inv = (await api(emulator, token, 'GET', `/invoice/${created.Id}`)).json.Invoice;
    expect(inv).toMatchObject({ Balance: 55, TotalAmt: 95, SyncToken: '1', LinkedTxn: [{ TxnId: partial.Id, TxnType: 'Payment' }] });
    emulator.createPaymentFor(created.Id);
    inv = (await api(emulator, token, 'GET', `/invoice/${created.Id}`)).json.Invoice;
    expect(inv.Balance).toBe(0);
    expect(inv.LinkedTxn).toHaveLength(2);
    // An invoice with payments cannot be deleted until they are unlinked.
    expect((await api(emulator, token, 'POST', '/invoice?operation=delete', { Id: created.Id, SyncToken: inv.SyncToken })).status).toBe(400);
  });

  it('creates a payment through the API with UnappliedAmt for what no line allocates', async () => {
    const created = (await api(emulator, token, 'POST', '/invoice', invoiceBody('PAY-2'))).json.Invoice;
    const res = await api(emulator, token, 'POST', '/payment?requestid=p-1', {
      CustomerRef: { value: customerId('Harbor Dental Group') },
      TotalAmt: 100,
      Line: [{ Amount: 95, LinkedTxn: [{ TxnId: created.Id, TxnType: 'Invoice' }] }],
    });
    expect(res.json.Payment).toMatchObject({ TotalAmt: 100, UnappliedAmt: 5 });
    const voided = await api(emulator, token, 'POST', '/payment?operation=void', { Id: res.json.Payment.Id, SyncToken: res.json.Payment.SyncToken });
    expect(voided.json.Payment).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
    expect((await api(emulator, token, 'GET', `/invoice/${created.Id}`)).json.Invoice.Balance).toBe(95);
  });

  it('replays a requestid: the same bytes come back and no second invoice is created', async () => {
    const first = await api(emulator, token, 'POST', '/invoice?requestid=3f6c0a1e-0001', invoiceBody('REQ-1'));
    const again = await api(emulator, token, 'POST', '/invoice?requestid=3f6c0a1e-0001', invoiceBody('REQ-1'));
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(emulator.invoices().filter((i) => i.DocNumber === 'REQ-1')).toHaveLength(1);
    const tooLong = await api(emulator, token, 'POST', `/invoice?requestid=${'x'.repeat(51)}`, invoiceBody('REQ-2'));
    expect(tooLong.json.Fault.Error[0].code).toBe('2050');
  });

  it('forgets a requestid after the configured retention', async () => {
    await api(emulator, token, 'POST', '/customer?requestid=c-1', { DisplayName: 'Retained Ltd' });
    t += 86_400_000;
    token = (await connect(emulator)).access_token;
    expect((await api(emulator, token, 'POST', '/customer?requestid=c-1', { DisplayName: 'Retained Ltd' })).json.Fault.Error[0].code).toBe('6240');
  });

  it('counts customers with COUNT(*) and finds an apostrophe name with a backslash escape', async () => {
    const count = await query(emulator, token, 'SELECT COUNT(*) FROM Customer');
    expect(count.json.QueryResponse).toEqual({ totalCount: 9 });
    const obrien = await query(emulator, token, "select * from customer where DisplayName = 'O\\'Brien Accounting'");
    expect(obrien.json.QueryResponse.Customer[0].PrimaryPhone.FreeFormNumber).toBe('+15035550160');
  });
});
