import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlutterwaveEmulator, emulatorDefaults, type FlutterwaveEmulator } from '../../../tools/emulators/flutterwave/emulator';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { eventually } from '../media/media-relay';
import { PORTAL_CSS_HASH } from '../../src/portal/portal-style';
import { TOP_UPS_PER_LINK_PER_HOUR } from '../../src/portal/portal-route';
import { docNumberOfKey } from '../../src/invoices/invoice-document';
import { DEFAULT_DUE_AFTER_ISSUE_DAYS, dueDateOf } from '../../src/notices/decide-notices';
import { dateWords } from '../../src/portal/portal-words';
import type { CustomerInvoice } from '../../src/accounts/customer-accounts';
import {
  addCustomer,
  answeredCall,
  consoleEvent,
  creditWallet,
  defineGrowthPlan,
  deliver,
  makeLink,
  newCallId,
  openPortal,
  recordingReady,
  rest,
  startPortalRelay,
  subscribe,
  transcriptReady,
  type PortalRelay,
} from './portal-fixture';

/**
 * The client portal's pages (GET /portal/<token>…) against a real relay on loopback: what a
 * customer sees, the headers that keep the page to itself, and that nothing of any other
 * customer is reachable under a valid token.
 */

const ADA = '+16175550123';
const BO = '+16175550177';
let t: PortalRelay;
let host: MediaHost;
let fw: FlutterwaveEmulator;
let ada: { path: string; url: string; linkId: string };
const calls = { adaRecorded: newCallId(), adaLong: newCallId(), bo: newCallId() };
let recordingBytes: Buffer;
let boRecordingSha = '';
const prevMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 10);

beforeAll(async () => {
  host = await MediaHost.start();
  fw = createFlutterwaveEmulator({ webhookRetries: 0 });
  await fw.listen();
  t = await startPortalRelay({
    PORTAL_SHOW_RECORDINGS: 'on',
    PORTAL_SHOW_TRANSCRIPTS: 'on',
    RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort,
    RELAY_AUTH_FAILURE_BURST: '5',
    FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
    FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
    FLUTTERWAVE_API_BASE_URL: fw.apiBase,
  });
  await defineGrowthPlan(t);
  await addCustomer(t, { customerId: 'cust-ada', name: 'Ada Oak', company: 'Oak & Ivy Dental', email: 'ada@oakivy.test', phones: [ADA] });
  await addCustomer(t, { customerId: 'cust-bo', name: 'Bo Reed', email: 'bo@reed.test', phones: [BO] });
  await subscribe(t, 'cust-ada', prevMonth);
  await subscribe(t, 'cust-bo', prevMonth);
  await creditWallet(t, 'cust-ada', 4250);
  recordingBytes = host.addRecording(`/rec/${calls.adaRecorded}.mp3`, 3);
  host.addRecording(`/rec/${calls.bo}.mp3`, 2, 'Bo call');
  await deliver(t, answeredCall(calls.adaLong, ADA, 180, 1260), answeredCall(calls.adaRecorded, ADA, 60, 400), answeredCall(calls.bo, BO, 90, 300));
  await deliver(
    t,
    recordingReady(calls.adaRecorded, host.signedUrl(`/rec/${calls.adaRecorded}.mp3`)),
    recordingReady(calls.bo, host.signedUrl(`/rec/${calls.bo}.mp3`)),
    transcriptReady(calls.adaRecorded, [
      { speakerNumber: ADA, speakerUserId: null, text: 'Hi, the printer in room 2 is offline again.' },
      { speakerNumber: '+16175550100', speakerUserId: 'US-sam', text: 'Let me restart its queue <now>.' },
    ]),
    transcriptReady(calls.bo, [{ speakerNumber: BO, speakerUserId: null, text: 'Bo secret words' }]),
  );
  await eventually(() => (t.relay.eventsOf('media.captured').length === 2 ? true : undefined), 'both recordings captured');
  boRecordingSha = (t.relay.db.prepare('SELECT sha256 FROM media WHERE call_id = ?').pluck().get(calls.bo) as string) ?? '';
  // Last month's invoice paid; this month's synced to QuickBooks with its customer payment page.
  const thisMonth = new Date().toISOString().slice(0, 8) + '01';
  await consoleEvent(t, 'payment.recorded', { paymentId: 'pay-1', quickbooksId: null, customerId: 'cust-ada', amountMinor: 19900, currency: 'USD', receivedOn: thisMonth, appliedTo: [{ invoiceKey: `sub:sub-cust-ada:${prevMonth}`, quickbooksInvoiceId: null, amountMinor: 19900 }] });
  await consoleEvent(t, 'invoice.synced', { invoiceKey: `sub:sub-cust-ada:${thisMonth}`, quickbooksId: '171', docNumber: 'RS-1042', link: 'https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-abc', syncedAt: new Date().toISOString(), quickbooksTotalMinor: 19900 });
  await consoleEvent(t, 'invoice.synced', { invoiceKey: `sub:sub-cust-bo:${thisMonth}`, quickbooksId: '172', docNumber: 'RS-1043', link: 'https://qbo.intuit.com/app/invoice?txnId=172', syncedAt: new Date().toISOString(), quickbooksTotalMinor: 19900 });
  ada = await makeLink(t, 'cust-ada');
});

afterAll(async () => {
  await t?.stop();
  await host?.close();
  await fw?.close();
});

describe("a customer's own page", () => {
  it('shows their plan, hours left this period and what happens after, their call credit, their invoices and their calls, and nothing of another customer', async () => {
    const page = await openPortal(t, ada.path);
    expect(page.status).toBe(200);
    const text = page.text;
    expect(text).toContain('<span class="business">Harbor IT Support</span>');
    expect(text).toContain('<h1>Ada Oak, Oak &#38; Ivy Dental</h1>');
    expect(text).toContain('<p class="big">Growth</p>');
    expect(text).toContain('$199.00 a month');
    // 21 min and 7 min used of 10 h.
    expect(text).toContain('<p class="big">9 h 32 min</p>');
    expect(text).toContain('When they run out, calls are paid from your call credit, then billed at $90.00 an hour.');
    expect(text).toContain('<p class="big">$42.50</p>');
    expect(text).toContain('RS-1042');
    expect(text).toMatch(/<span class="status paid">Paid<\/span>/);
    expect(text).toContain(`/invoices/${encodeURIComponent(`sub:sub-cust-ada:${prevMonth}`)}.pdf`);
    expect(text).toContain('<td data-label="Billed" class="num">21 min</td>');
    expect(text).toContain('<td data-label="Billed" class="num">7 min</td>');
    expect(text).toContain('Recording and transcript');
    for (const other of ['Bo Reed', 'cust-bo', 'RS-1043', calls.bo.slice('openphone:'.length), 'Bo secret']) expect(text).not.toContain(other);
  });

  it("offers QuickBooks' payment page for an open invoice QuickBooks gave one for, never the bookkeeper's QuickBooks screen", async () => {
    const text = (await openPortal(t, ada.path)).text;
    expect(text).toContain('<a class="button" href="https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-abc" rel="noreferrer">Pay</a>');
    const bo = await makeLink(t, 'cust-bo');
    const boPage = (await openPortal(t, bo.path)).text;
    expect(boPage).toContain('RS-1043');
    expect(boPage).not.toContain('qbo.intuit.com');
    expect(boPage).not.toContain('>Pay</a>');
  });

  it('names and dates an invoice QuickBooks has not numbered as the PDF and the notices do: its number, due the reminders\' day, Overdue once past it', async () => {
    const key = `sub:sub-cust-bo:${prevMonth}`;
    const page = (await openPortal(t, (await makeLink(t, 'cust-bo')).path, '203.0.113.34')).text;
    const row = page.split('<tr>').find((r) => r.includes(docNumberOfKey(key)));
    expect(row, 'a row named by invoiceNumber').toBeDefined();
    const due = dueDateOf({ dueDate: null, issueDate: prevMonth } as CustomerInvoice, DEFAULT_DUE_AFTER_ISSUE_DAYS);
    expect(row).toContain(`data-label="Due">${dateWords(due)}<`);
    expect(row).toContain(due < new Date().toISOString().slice(0, 10) ? '>Overdue<' : '>Open<');
    expect(page).not.toContain('On receipt');
    const pdf = await fetch(`${t.relay.url}${(await makeLink(t, 'cust-bo')).path}/invoices/${encodeURIComponent(key)}.pdf`, { headers: { 'x-forwarded-for': '203.0.113.34' } });
    expect(pdf.headers.get('content-disposition')).toContain(`invoice-${docNumberOfKey(key)}.pdf`);
  });

  it('shows no Pay button for a link a console synced on a host that is not QuickBooks', async () => {
    const thisMonth = new Date().toISOString().slice(0, 8) + '01';
    const cy = 'cust-cy-hosts';
    await addCustomer(t, { customerId: cy, name: 'Cy Hall', phones: ['+16175550155'] });
    await subscribe(t, cy, prevMonth);
    await consoleEvent(t, 'invoice.synced', { invoiceKey: `sub:sub-${cy}:${thisMonth}`, quickbooksId: '173', docNumber: 'RS-1044', link: 'https://connect.intuit.com.evil.example/pay', syncedAt: new Date().toISOString(), quickbooksTotalMinor: 19900 });
    const page = (await openPortal(t, (await makeLink(t, cy)).path)).text;
    expect(page).toContain('RS-1044');
    expect(page).not.toContain('evil.example');
    expect(page).not.toContain('>Pay</a>');
  });

  it('is served with a CSP that allows no script, only its own hashed stylesheet, no framing, no caching and no Referer', async () => {
    const page = await openPortal(t, ada.path);
    expect(page.headers.get('content-security-policy')).toBe(`default-src 'none'; style-src '${PORTAL_CSS_HASH}'; img-src 'self' data:; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.text).not.toMatch(/<script|onclick=|onload=|javascript:/i);
    // Nothing fetched from anywhere else: every src and stylesheet is the relay's own.
    expect(page.text).not.toMatch(/(src|srcset)="(https?:)?\/\//);
    expect(page.text).not.toContain('rel="stylesheet"');
    // No favicon to ask the relay for either.
    expect(page.text).toContain('<link rel="icon" href="data:,">');
  });

  it('writes every value as text: a name with markup in it is shown, never run', async () => {
    await addCustomer(t, { customerId: 'cust-markup', name: '<script>alert(1)</script> "Quotes" & Co', phones: ['+16175550199'] });
    const link = await makeLink(t, 'cust-markup');
    const page = await openPortal(t, link.path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#34;Quotes&#34; &#38; Co');
    expect(page.text).not.toContain('<script>');
  });

  it("records when the customer last opened the link, for the customer page's list", async () => {
    const listed = await rest(t, 'GET', '/v1/portal/links?customerId=cust-ada');
    const link = (listed.body.links as { linkId: string; lastOpenedAt: string | null }[]).find((l) => l.linkId === ada.linkId)!;
    expect(link.lastOpenedAt).not.toBeNull();
  });

  it('a HEAD (a mail scanner, a link preview) does not count as opened', async () => {
    const link = await makeLink(t, 'cust-ada');
    expect((await openPortal(t, link.path, '203.0.113.10', { method: 'HEAD' })).status).toBe(200);
    const listed = await rest(t, 'GET', '/v1/portal/links?customerId=cust-ada');
    expect((listed.body.links as { linkId: string; lastOpenedAt: string | null }[]).find((l) => l.linkId === link.linkId)!.lastOpenedAt).toBeNull();
  });
});

describe('calls', () => {
  it("shows a call's transcript in the customer's words and plays its recording, for their own call only", async () => {
    const list = (await openPortal(t, ada.path)).text;
    const href = /href="([^"]*\/calls\/[^"]+)"/.exec(list)![1]!.replace(/&#38;/g, '&');
    const page = await openPortal(t, href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="who">You:</span> Hi, the printer in room 2 is offline again.');
    expect(page.text).toContain('<span class="who">Harbor IT Support:</span> Let me restart its queue &#60;now&#62;.');
    const audio = /<audio controls preload="none" src="([^"]+)"/.exec(page.text)![1]!.replace(/&#38;/g, '&');
    const recording = await fetch(`${t.relay.url}${audio}`, { headers: { 'x-forwarded-for': '203.0.113.10' } });
    expect(recording.status).toBe(200);
    expect(recording.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await recording.arrayBuffer()).equals(recordingBytes)).toBe(true);
    const ranged = await fetch(`${t.relay.url}${audio}`, { headers: { 'x-forwarded-for': '203.0.113.10', range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
  });

  it("answers another customer's call, its recording, and a made-up call the same 404 under a valid token", async () => {
    const at = encodeURIComponent(new Date().toISOString());
    const probes = [
      `${ada.path}/calls/${encodeURIComponent(calls.bo)}?at=${at}`,
      `${ada.path}/calls/${encodeURIComponent(calls.bo)}/recording/${boRecordingSha}?at=${at}`,
      `${ada.path}/calls/${encodeURIComponent(calls.adaRecorded)}/recording/${boRecordingSha}?at=${at}`,
      `${ada.path}/calls/openphone%3AACnothing?at=${at}`,
      `${ada.path}/calls/${encodeURIComponent(calls.bo)}`,
    ];
    for (const probe of probes) {
      const answer = await openPortal(t, probe);
      expect(answer.status, probe).toBe(404);
      expect(answer.text).toContain('Page not found');
      expect(answer.text).not.toContain('Bo secret');
    }
  });

  it('pages the calls 25 at a time, newest first', async () => {
    await addCustomer(t, { customerId: 'cust-busy', name: 'Busy Bee', phones: ['+16175550188'] });
    await deliver(t, ...Array.from({ length: 30 }, (_, i) => answeredCall(newCallId(), '+16175550188', 400 - i * 10, 60 + i)));
    const link = await makeLink(t, 'cust-busy');
    const first = await openPortal(t, link.path);
    expect(first.text.match(/data-label="Date"/g)).toHaveLength(25);
    const older = /href="([^"]*\?before=[^"]+)">Older calls/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await openPortal(t, older);
    expect(second.status).toBe(200);
    expect(second.text.match(/data-label="Date"/g)).toHaveLength(5);
    expect(second.text).toContain('>Newest calls</a>');
    expect(second.text).not.toContain('Older calls');
  });

  it('pages by (start, call): calls that started in the same millisecond across a page break are all shown, once', async () => {
    await addCustomer(t, { customerId: 'cust-ties', name: 'Tie Knot', phones: ['+16175550189'] });
    const events = Array.from({ length: 30 }, (_, i) => answeredCall(newCallId(), '+16175550189', 400 - i * 10, 60 * (i + 1)));
    // Newest first, rows 23 to 27 (the page break is after row 25) all started at the same instant.
    const same = events[30 - 25]!.data.startedAt;
    for (const i of [30 - 23, 30 - 24, 30 - 26, 30 - 27]) events[i] = { ...events[i]!, data: { ...events[i]!.data, startedAt: same } };
    await deliver(t, ...events);
    const link = await makeLink(t, 'cust-ties');
    const first = await openPortal(t, link.path, '203.0.113.33');
    const older = /href="([^"]*\?before=[^"]+)">Older calls/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await openPortal(t, older, '203.0.113.33');
    const billed = (text: string) => [...text.matchAll(/data-label="Billed" class="num">([^<]+)</g)].map((m) => m[1]!);
    expect(billed(first.text)).toHaveLength(25);
    expect(billed(second.text)).toHaveLength(5);
    expect(new Set([...billed(first.text), ...billed(second.text)]).size).toBe(30);
  });
});

describe('invoices', () => {
  it("downloads the customer's own invoice as the PDF the relay makes, its number and total in it", async () => {
    const thisMonth = new Date().toISOString().slice(0, 8) + '01';
    const answer = await fetch(`${t.relay.url}${ada.path}/invoices/${encodeURIComponent(`sub:sub-cust-ada:${thisMonth}`)}.pdf`, { headers: { 'x-forwarded-for': '203.0.113.10' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    const { extractText } = await import('unpdf');
    const { text } = await extractText(new Uint8Array(await answer.arrayBuffer()), { mergePages: true });
    expect(text).toContain('RS-1042');
    expect(text).toContain('Ada Oak');
    expect(text).toContain('$199.00');
    expect(text).not.toContain('Bo Reed');
  });

  it("answers another customer's invoice and a made-up one the same 404 under a valid token", async () => {
    const thisMonth = new Date().toISOString().slice(0, 8) + '01';
    for (const key of [`sub:sub-cust-bo:${thisMonth}`, 'sub:nothing:2026-01-01', '..%2F..%2Fetc']) {
      const answer = await openPortal(t, `${ada.path}/invoices/${encodeURIComponent(key)}.pdf`);
      expect(answer.status, key).toBe(404);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
  });
});

describe('tokens that open nothing', () => {
  it('a guessed token gets the 404 page and counts as a failed authentication, until the address is refused; another address is not', async () => {
    const guesses = ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'short', ada.path.slice('/portal/'.length).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), `${'x'.repeat(43)}/invoices/a.pdf`];
    for (const guess of guesses) {
      const answer = await openPortal(t, `/portal/${guess}`, '198.51.100.7');
      expect(answer.status).toBe(404);
      expect(answer.text).toContain('Page not found');
    }
    await openPortal(t, '/portal/guess-five', '198.51.100.7');
    const refused = await openPortal(t, ada.path, '198.51.100.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(refused.text).toContain('Too many links that do not exist were tried from your address.');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await openPortal(t, ada.path, '198.51.100.8')).status).toBe(200);
  });

  it("a merged customer's link shows the customer they were merged into", async () => {
    await addCustomer(t, { customerId: 'cust-ada-dup', name: 'Ada O.', phones: ['+16175550166'] });
    const link = await makeLink(t, 'cust-ada-dup');
    await consoleEvent(t, 'customer.merged', { fromCustomerId: 'cust-ada-dup', intoCustomerId: 'cust-ada', by: 'Back office' });
    const page = await openPortal(t, link.path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Ada Oak, Oak &#38; Ivy Dental</h1>');
    // Listed (and so revocable) on the customer it now opens.
    expect((await rest(t, 'GET', '/v1/portal/links?customerId=cust-ada')).body.links).toContainEqual(expect.objectContaining({ linkId: link.linkId, customerId: 'cust-ada-dup' }));
  });

  it("a removed customer's link shows nothing of them (410)", async () => {
    await addCustomer(t, { customerId: 'cust-gone', name: 'Gone Person', phones: ['+16175550155'] });
    const link = await makeLink(t, 'cust-gone');
    await consoleEvent(t, 'customer.removed', { customerId: 'cust-gone' });
    const page = await openPortal(t, link.path);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This account is no longer here');
    expect(page.text).not.toContain('Gone Person');
  });
});

describe('topping up', () => {
  it('offers the preset amounts; a press makes a Flutterwave link for that amount and sends the browser on to it', async () => {
    const page = (await openPortal(t, ada.path)).text;
    expect(page).toContain('<button type="submit" name="amount" value="50">Add $50.00</button>');
    const requestId = /name="requestId" value="([^"]+)"/.exec(page)![1]!;
    const answer = await openPortal(t, `${ada.path}/top-up`, '203.0.113.10', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `requestId=${requestId}&amount=50` });
    expect(answer.status).toBe(200);
    const url = /<a class="button" href="([^"]+)" rel="noreferrer">Continue to Flutterwave<\/a>/.exec(answer.text)![1]!;
    expect(answer.text).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
    const txRef = t.relay.db.prepare('SELECT link_id FROM flutterwave_links WHERE url = ?').pluck().get(url);
    expect(fw.paymentLinks().find((l) => l.txRef === txRef)).toMatchObject({ amount: 50, currency: 'USD', email: 'ada@oakivy.test', meta: { ringsideCustomerId: 'cust-ada', purpose: 'top_up' } });
    // The same press again (a reload) is the same link, not a second one.
    const again = await openPortal(t, `${ada.path}/top-up`, '203.0.113.10', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `requestId=${requestId}&amount=50` });
    expect(again.text).toContain(url);
  });

  it("is offered to a customer without call credit yet, in their plan's currency", async () => {
    const bo = await makeLink(t, 'cust-bo');
    expect((await openPortal(t, bo.path)).text).toContain('<button type="submit" name="amount" value="25">Add $25.00</button>');
  });

  it("refuses a form the relay did not make (a made-up nonce, another link's, a tampered one) or one naming another site, and makes no payment page for it", async () => {
    const made = fw.paymentLinks().length;
    const other = await makeLink(t, 'cust-ada');
    const othersNonce = /name="requestId" value="([^"]+)"/.exec((await openPortal(t, other.path, '203.0.113.30')).text)![1]!;
    const own = /name="requestId" value="([^"]+)"/.exec((await openPortal(t, ada.path, '203.0.113.30')).text)![1]!;
    const tampered = own.replace(/^\d+/, (seconds) => String(Number(seconds) + 86_400));
    const post = (requestId: string, headers: Record<string, string> = {}) =>
      openPortal(t, `${ada.path}/top-up`, '203.0.113.30', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: `requestId=${encodeURIComponent(requestId)}&amount=25` });
    for (const nonce of ['attackerchosen0001', othersNonce, tampered]) {
      const answer = await post(nonce);
      expect(answer.status, nonce).toBe(400);
      expect(answer.text).toContain('Choose one of the amounts on your account page.');
    }
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const answer = await post(own, headers);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('did not come from your account page');
    }
    expect(fw.paymentLinks().length).toBe(made);
    // A browser's own page (Origin "null" under no-referrer, Sec-Fetch-Site same-origin) is fine.
    expect((await post(own, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('the same amount pressed again from a new page within the hour answers the payment page already made; past TOP_UPS_PER_LINK_PER_HOUR presses a link gets a page saying to wait', async () => {
    const link = await makeLink(t, 'cust-ada');
    const press = async () => {
      const nonce = /name="requestId" value="([^"]+)"/.exec((await openPortal(t, link.path, '203.0.113.31')).text)![1]!;
      return openPortal(t, `${link.path}/top-up`, '203.0.113.31', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `requestId=${encodeURIComponent(nonce)}&amount=100` });
    };
    const made = fw.paymentLinks().length;
    const first = await press();
    const url = /href="([^"]+)" rel="noreferrer">Continue to Flutterwave/.exec(first.text)![1]!;
    for (let i = 1; i < TOP_UPS_PER_LINK_PER_HOUR; i++) expect((await press()).text).toContain(url);
    expect(fw.paymentLinks().length).toBe(made + 1);
    const refused = await press();
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Too many payment pages were opened from this link in the last hour.');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses an amount that is not offered', async () => {
    const answer = await openPortal(t, `${ada.path}/top-up`, '203.0.113.32', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'requestId=abcdefghijklmnopqrstuv&amount=7' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Choose one of the amounts on your account page.');
  });
});

describe('sending a link', () => {
  it("queues it as a portal-link notice to the customer's own address, once per request", async () => {
    const body = { requestId: 'req-send-ada-1', linkId: ada.linkId, url: ada.url, channel: 'email', to: null };
    const sent = await rest(t, 'POST', '/v1/portal/links/send', body);
    expect(sent.status).toBe(202);
    expect(sent.body.notice).toMatchObject({ customerId: 'cust-ada', kind: 'portal_link', channel: 'email', recipient: 'ada@oakivy.test' });
    const again = await rest(t, 'POST', '/v1/portal/links/send', body);
    expect((again.body.notice as { noticeId: number }).noticeId).toBe((sent.body.notice as { noticeId: number }).noticeId);
    const stranger = await rest(t, 'POST', '/v1/portal/links/send', { ...body, requestId: 'req-send-ada-2', to: 'someone@else.test' });
    expect(stranger).toMatchObject({ status: 400, body: { error: "someone@else.test is not one of Ada Oak's email addresses on file." } });
  });
});

describe('a relay with the defaults', () => {
  it('shows no recordings or transcripts, and rate-limits an address past PORTAL_BURST with a page saying to wait', async () => {
    const plain = await startPortalRelay({ PORTAL_BURST: '3', PORTAL_REQUESTS_PER_MINUTE: '1' });
    try {
      await addCustomer(plain, { customerId: 'cust-ada', name: 'Ada Oak', phones: [ADA] });
      const callId = newCallId();
      await deliver(plain, answeredCall(callId, ADA, 30, 120), transcriptReady(callId, [{ speakerNumber: ADA, speakerUserId: null, text: 'private words' }]));
      const link = await makeLink(plain, 'cust-ada');
      const page = await openPortal(plain, link.path);
      expect(page.text).not.toContain('Transcript');
      expect((await openPortal(plain, `${link.path}/calls/${encodeURIComponent(callId)}?at=${encodeURIComponent(new Date().toISOString())}`)).status).toBe(404);
      await openPortal(plain, link.path);
      const limited = await openPortal(plain, link.path);
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('Please wait a moment');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await openPortal(plain, link.path, '203.0.113.99')).status).toBe(200);
    } finally {
      await plain.stop();
    }
  });
});
