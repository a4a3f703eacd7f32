import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../src/shared/clock';
import { PORTAL_PATH_PREFIX } from '../../../src/shared/relay-rest/portal';
import { billsInCents } from '../../../src/shared/billing/currency-exponent';
import { formatMoney } from '../../../src/shared/units';
import type { CustomerAccount, CustomerAccountsReader, CustomerCall, CustomerInvoiceWithLines } from '../accounts/customer-accounts';
import { readBody } from '../http/body';
import { KeyedRateLimiter } from '../http/rate-limit/keyed-rate-limiter';
import type { RequestContext } from '../http/request-context';
import type { Logger } from '../logger';
import { decideRange } from '../media/byte-range';
import type { Requester } from '../payments/payment-link-creator';
import type { LinkOutcome } from '../payments/payment-link-creator';
import type { PaymentLinkRequest } from '../../../src/shared/relay-rest/payments';
import { PORTAL_FILE_HEADERS, PORTAL_PAGE_HEADERS } from './portal-headers';
import { portalLinkOf, type PortalLinkRow, type PortalLinkStore } from './portal-link-store';
import { accountPage, askForNewLinkWords, callPage, continueToPaymentPage, messagePage, speakerOf, type Business, type PortalCallRow } from './portal-page';
import type { PortalReads } from './portal-reads';
import type { PortalSettings } from './portal-settings';
import { hashPortalToken, looksLikePortalToken } from './portal-token';
import { instantWords } from './portal-words';
import { instantParam } from './portal-query';
import { invoiceNumber } from '../invoices/invoice-document';
import { dueDateOf } from '../notices/decide-notices';
import { TopUpNonces } from './top-up-nonce';
import { isFlutterwaveCheckoutLink } from './payment-hosts';

/**
 * GET /portal/<token> and what hangs under it (issue 14 §1): the customer's own page, their
 * invoices' PDFs, their calls' recordings and transcripts (where the business turned them on)
 * and a top-up. The token names one link and the link one customer (the one it was merged
 * into, if it was): every path below it reads that customer only, and anything else (another
 * customer's invoice or call, an unknown one) is the same plain 404 page.
 */

export const CALLS_PER_PAGE = 25;
/** Calls starting in the same millisecond as a page's last one that the next page can still find. */
const SAME_INSTANT_ROOM = 50;
/** A top-up form is a requestId and an amount. */
const MAX_FORM_BYTES = 2048;
/** Presses of "Add …" one portal link may make in an hour (each can be a Flutterwave call and a payment_link.created on every console). */
export const TOP_UPS_PER_LINK_PER_HOUR = 10;
/** The same link and amount within this window answer the payment page already made. */
const TOP_UP_REUSE_WINDOW_MS = 3_600_000;

export interface PortalRouteDeps {
  links: PortalLinkStore;
  nonces: TopUpNonces;
  accounts: CustomerAccountsReader;
  reads: PortalReads;
  media: { pathOf(sha256: string): string };
  settings: PortalSettings;
  timeZone: string;
  clock: Clock;
  logger: Logger;
  /** Flutterwave's link creator; null while Flutterwave is not set up. `deps.topUps.create` is asked as the portal, not a device. */
  topUps: { create(requester: Requester, request: PaymentLinkRequest): Promise<LinkOutcome> } | null;
  /** FLUTTERWAVE_API_BASE_URL: its origin is a checkout host too when it is not Flutterwave's own (a sandbox, the emulator). */
  flutterwaveApiBase: string | null;
  /** The notices' paymentReminder.dueAfterIssueDays: when an invoice without QuickBooks' due date counts as due. */
  dueAfterIssueDays: () => number;
  /** An invoice's PDF (relay/src/invoices). */
  invoicePdf: (account: CustomerAccount, invoice: CustomerInvoiceWithLines) => Promise<Buffer>;
}

interface Opened {
  link: PortalLinkRow;
  account: CustomerAccount;
  base: string;
}

export function businessOf(settings: Pick<PortalSettings, 'businessName' | 'contact' | 'logo'>): Business {
  return { name: settings.businessName, contact: settings.contact, logoDataUri: settings.logo === null ? null : `data:${settings.logo.contentType};base64,${settings.logo.bytes.toString('base64')}` };
}

/** The page an address gets while it has used up its failed authentications (guessed tokens): words, not JSON, for a customer behind a shared address. */
export function sendPortalTooManyFailures(res: ServerResponse, settings: Pick<PortalSettings, 'businessName' | 'contact' | 'logo'>, retryAfterSeconds: number): void {
  const body = messagePage(businessOf(settings), 'Please wait a moment', [`Too many links that do not exist were tried from your address. Try again in ${retryAfterSeconds} seconds.`]);
  res.writeHead(429, { ...PORTAL_PAGE_HEADERS, 'content-length': String(Buffer.byteLength(body)), 'retry-after': String(retryAfterSeconds), connection: 'close' });
  res.end(body);
}

/** PUT, DELETE, OPTIONS… under /portal/: the portal's page and headers, and never the path (it holds the token). */
export function sendPortalMethodNotAllowed(res: ServerResponse, settings: Pick<PortalSettings, 'businessName' | 'contact' | 'logo'>, allow: string): void {
  const body = messagePage(businessOf(settings), 'Not available', ['This page can only be opened in a browser.']);
  res.writeHead(405, { ...PORTAL_PAGE_HEADERS, 'content-length': String(Buffer.byteLength(body)), allow });
  res.end(body);
}

/** A fault while answering under /portal/: a page in words with the portal's headers, never the API's JSON. */
export function sendPortalFault(res: ServerResponse, settings: Pick<PortalSettings, 'businessName' | 'contact' | 'logo'>): void {
  const body = messagePage(businessOf(settings), 'Something went wrong', ['This page could not be shown just now. Try again in a few minutes, or ask us.']);
  res.writeHead(500, { ...PORTAL_PAGE_HEADERS, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function portalRoute(deps: PortalRouteDeps) {
  const { settings, clock } = deps;
  const limiter = new KeyedRateLimiter(settings.rateLimit, clock);
  const topUpsPerLink = new KeyedRateLimiter({ perSecond: TOP_UPS_PER_LINK_PER_HOUR / 3600, burst: TOP_UPS_PER_LINK_PER_HOUR }, clock);
  const business = businessOf(settings);
  const callDetails = settings.showRecordings || settings.showTranscripts;

  const page = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...PORTAL_PAGE_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };
  const notFound = (res: ServerResponse): void =>
    page(res, 404, messagePage(business, 'Page not found', ['There is nothing at this address. Check that the link was copied whole, or ask us for a new one.']));
  const badAddress = (res: ServerResponse): void =>
    page(res, 400, messagePage(business, 'This address is not right', ['Part of this address was changed or cut off. Go back to your account page and follow the link from there.']));

  /** The link and its customer, or the page that says why not (already answered). */
  const open = (res: ServerResponse, context: RequestContext, token: string): Opened | null => {
    const link = looksLikePortalToken(token) ? deps.links.ofTokenHash(hashPortalToken(token)) : null;
    if (link === null) {
      context.authenticationFailed();
      notFound(res);
      return null;
    }
    const now = clock();
    const state = portalLinkOf(link, new Date(now).toISOString()).state;
    if (state === 'revoked') {
      page(res, 410, messagePage(business, 'This link was turned off', ['This link to your account no longer works: it was turned off.', askForNewLinkWords(business)]));
      return null;
    }
    if (state === 'expired') {
      page(res, 410, messagePage(business, 'This link has expired', [`This link to your account stopped working on ${instantWords(link.expiresAt!, deps.timeZone)}.`, askForNewLinkWords(business)]));
      return null;
    }
    const survivor = deps.accounts.survivorOf(link.customerId);
    const account = survivor === null ? null : deps.accounts.accountOf(survivor, now);
    if (account === null) {
      page(res, 410, messagePage(business, 'This account is no longer here', ['There is no account to show at this link any more.', 'Ask us if you think this is a mistake.']));
      return null;
    }
    return { link, account, base: `${PORTAL_PATH_PREFIX}${token}` };
  };

  /** The call, if it is this customer's (looked up among their own calls at its start time). */
  const callOf = (account: CustomerAccount, callId: string, atMs: number): CustomerCall | null => {
    const around = deps.accounts.callsOf(account.customerId, { limit: 50, beforeStartedAt: new Date(atMs + 1).toISOString() });
    return around.find((call) => call.callId === callId) ?? null;
  };

  /** A top-up is in the wallet's currency; a customer without a wallet yet tops up in their plan's (else the rate card's) and gets one. */
  const topUpCurrency = (account: CustomerAccount): string | null => {
    if (deps.topUps === null) return null;
    const currency = account.view.wallet?.currency ?? account.view.subscription?.plan?.currency ?? deps.reads.catalog().rateCard.currency;
    return billsInCents(currency) ? currency : null;
  };

  /**
   * The page of calls after the last one shown, (startedAt, callId): calls that started in the
   * same millisecond as it come in the accounts' own order, so the ones after it are kept, not lost.
   * A cursor call no longer there (corrected away) shows every call of that millisecond.
   */
  const olderCalls = (customerId: string, beforeMs: number, afterCallId: string | null): CustomerCall[] => {
    const fetched = deps.accounts.callsOf(customerId, { limit: CALLS_PER_PAGE + 1 + SAME_INSTANT_ROOM, beforeStartedAt: new Date(beforeMs + 1).toISOString() });
    const instant = new Date(beforeMs).toISOString();
    const tied = fetched.filter((call) => call.startedAt === instant);
    const skip = afterCallId === null ? tied.length : tied.findIndex((call) => call.callId === afterCallId) + 1;
    return [...tied.slice(skip), ...fetched.filter((call) => call.startedAt !== instant)].slice(0, CALLS_PER_PAGE + 1);
  };

  const accountAnswer = (res: ServerResponse, opened: Opened, query: URLSearchParams, method: string): void => {
    const { account } = opened;
    const before = instantParam(query.get('before'));
    if (!before.ok) return badAddress(res);
    const paged = before.ms !== null;
    const rows = paged ? olderCalls(account.customerId, before.ms!, query.get('after')) : deps.accounts.callsOf(account.customerId, { limit: CALLS_PER_PAGE + 1 });
    const calls: PortalCallRow[] = rows.slice(0, CALLS_PER_PAGE).map((call) => ({
      ...call,
      hasRecording: settings.showRecordings && deps.reads.recordingsOf(call.callId).length > 0,
      hasTranscript: settings.showTranscripts && deps.reads.transcriptOf(call.callId) !== null,
    }));
    const currency = topUpCurrency(account);
    const now = clock();
    // A HEAD (a mail scanner, a link preview) is not the customer opening it.
    if (method === 'GET') deps.links.opened(opened.link.linkId, new Date(now).toISOString());
    page(
      res,
      200,
      accountPage({
        business,
        base: opened.base,
        account,
        catalog: deps.reads.catalog(),
        calls,
        olderCalls: rows.length > CALLS_PER_PAGE ? { before: calls.at(-1)!.startedAt, after: calls.at(-1)!.callId } : null,
        pagedCalls: paged,
        callDetails,
        invoices: account.invoices.map((invoice) => ({
          ...invoice,
          number: invoiceNumber(invoice),
          dueOn: dueDateOf(invoice, deps.dueAfterIssueDays()),
          payUrl: invoice.balanceMinor > 0 && invoice.status !== 'void' ? deps.reads.payUrlOf(invoice.invoiceKey) : null,
        })),
        topUp: currency === null ? null : { amounts: settings.topUpAmounts, currency, requestId: deps.nonces.issue(opened.link.linkId, now) },
        today: new Date(now).toISOString().slice(0, 10),
        now: new Date(now).toISOString(),
        timeZone: deps.timeZone,
      }),
    );
  };

  const pdfAnswer = async (res: ServerResponse, opened: Opened, file: string, head: boolean): Promise<void> => {
    if (!file.endsWith('.pdf')) return notFound(res);
    const invoiceKey = decoded(file.slice(0, -'.pdf'.length));
    const invoice = invoiceKey === null ? null : deps.accounts.invoiceOf(opened.account.customerId, invoiceKey);
    if (invoice === null || invoice.status === 'draft') return notFound(res);
    const pdf = await deps.invoicePdf(opened.account, invoice);
    const name = `invoice-${invoiceNumber(invoice).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
    res.writeHead(200, { ...PORTAL_FILE_HEADERS, 'content-type': 'application/pdf', 'content-length': String(pdf.length), 'content-disposition': `inline; filename="${name}"` });
    res.end(head ? undefined : pdf);
  };

  const callAnswer = (res: ServerResponse, opened: Opened, callId: string, query: URLSearchParams): void => {
    const atParam = instantParam(query.get('at'));
    if (!atParam.ok) return badAddress(res);
    const call = atParam.ms === null ? null : callOf(opened.account, callId, atParam.ms);
    if (call === null) return notFound(res);
    const at = encodeURIComponent(call.startedAt);
    const recordings = settings.showRecordings
      ? deps.reads.recordingsOf(call.callId).map((recording) => ({ href: `${opened.base}/calls/${encodeURIComponent(call.callId)}/recording/${recording.sha256}?at=${at}`, contentType: recording.contentType }))
      : [];
    const dialogue = settings.showTranscripts ? deps.reads.transcriptOf(call.callId) : null;
    const transcript = dialogue === null ? null : dialogue.map((line) => ({ who: speakerOf(line, opened.account.phones, business), text: line.text }));
    page(res, 200, callPage({ business, base: opened.base, call, timeZone: deps.timeZone, recordings, transcript }));
  };

  const recordingAnswer = async (req: IncomingMessage, res: ServerResponse, opened: Opened, callId: string, sha256: string, query: URLSearchParams): Promise<void> => {
    const at = instantParam(query.get('at'));
    if (!at.ok) return badAddress(res);
    const call = at.ms === null ? null : callOf(opened.account, callId, at.ms);
    const recording = call === null ? undefined : deps.reads.recordingsOf(call.callId).find((r) => r.sha256 === sha256);
    if (recording === undefined) return notFound(res);
    const path = deps.media.pathOf(recording.sha256);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      deps.logger.warn('captured media is missing from the data dir', { sha256 });
      return notFound(res);
    }
    const range = decideRange(req.headers.range, size);
    const headers = { ...PORTAL_FILE_HEADERS, 'content-type': recording.contentType, 'accept-ranges': 'bytes', 'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'", 'content-disposition': 'inline; filename="recording"' };
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
      return void res.end();
    }
    const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
    res.writeHead(status, { ...headers, 'content-length': String(Math.max(0, end - start + 1)), ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) });
    if (req.method === 'HEAD' || size === 0) return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(path, { start, end });
      stream.once('error', () => {
        res.destroy();
        resolve();
      });
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  };

  const topUpAnswer = async (req: IncomingMessage, res: ServerResponse, opened: Opened): Promise<void> => {
    const currency = topUpCurrency(opened.account);
    const read = await readBody(req, MAX_FORM_BYTES);
    if (!read.ok) return page(res, 413, messagePage(business, 'Top up', ['That request was too large.']), { connection: 'close' });
    const form = new URLSearchParams(read.body.toString('utf8'));
    const amount = Number(form.get('amount'));
    const nonce = form.get('requestId') ?? '';
    if (deps.topUps === null || currency === null) return page(res, 404, messagePage(business, 'Top up', ['Topping up online is not available for this account. Ask us how to add credit.']));
    if (!sameOrigin(req)) return page(res, 403, messagePage(business, 'Top up', ['This form did not come from your account page. Open your account page and choose an amount there.']));
    const check = deps.nonces.check(opened.link.linkId, nonce, clock());
    if (!settings.topUpAmounts.includes(amount) || check === 'forged') {
      return page(res, 400, messagePage(business, 'Top up', ['Choose one of the amounts on your account page.']));
    }
    if (check === 'expired') return page(res, 400, messagePage(business, 'Top up', ['This page was open too long. Open your account page again and choose an amount there.']));
    const gate = topUpsPerLink.take(opened.link.linkId);
    if (!gate.allowed) {
      const minutes = Math.ceil(gate.retryAfterSeconds / 60);
      return page(res, 429, messagePage(business, 'Top up', [`Too many payment pages were opened from this link in the last hour. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask us.`]), { 'retry-after': String(gate.retryAfterSeconds) });
    }
    const amountMinor = amount * 100;
    // One Flutterwave link per portal link, amount and window: a second press, a reload or a replayed form answers the one already made.
    const window = Math.floor(clock() / TOP_UP_REUSE_WINDOW_MS);
    const outcome = await deps.topUps.create(
      { id: `portal:${opened.link.linkId}`, name: 'Client portal' },
      { requestId: `top-up-${amount}-${window}`, customerId: opened.account.customerId, purpose: 'top_up', planId: null, amountMinor, currency },
    );
    const words = formatMoney({ minor: amountMinor, currency });
    if (!outcome.ok) {
      deps.logger.warn('a portal top-up link could not be made', { status: outcome.status, error: outcome.error });
      const why = outcome.status === 422 ? 'We need an email address on your account for an online payment. Ask us to add one.' : 'The payment page could not be opened just now. Try again in a few minutes, or ask us.';
      return page(res, outcome.status === 422 ? 422 : 502, messagePage(business, `Top up ${words}`, [why]));
    }
    if (!isFlutterwaveCheckoutLink(outcome.answer.url, deps.flutterwaveApiBase)) {
      deps.logger.error('Flutterwave answered a payment page on a host that is not Flutterwave: not sent to the customer', { host: hostOf(outcome.answer.url) });
      return page(res, 502, messagePage(business, `Top up ${words}`, ['The payment page could not be opened just now. Ask us how to add credit.']));
    }
    page(res, 200, continueToPaymentPage(business, outcome.answer.url, words));
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> => {
    if (!context.exempt) {
      const gate = limiter.take(context.limitKey);
      if (!gate.allowed) {
        return page(res, 429, messagePage(business, 'Please wait a moment', [`Too many pages were asked for from your address. Try again in ${gate.retryAfterSeconds} seconds.`]), { 'retry-after': String(gate.retryAfterSeconds) });
      }
    }
    const [token = '', ...rest] = context.pathname.slice(PORTAL_PATH_PREFIX.length).split('/');
    const opened = open(res, context, token);
    if (opened === null) return;
    const query = new URLSearchParams(context.query);
    const get = req.method === 'GET' || req.method === 'HEAD';
    const sub = rest.length === 1 && rest[0] === '' ? [] : rest;
    if (sub.length === 0 && get) return accountAnswer(res, opened, query, req.method!);
    if (sub.length === 2 && sub[0] === 'invoices' && get) return pdfAnswer(res, opened, sub[1]!, req.method === 'HEAD');
    const callId = sub[0] === 'calls' && sub[1] !== undefined ? decoded(sub[1]) : null;
    if (callDetails && callId !== null && sub.length === 2 && get) return callAnswer(res, opened, callId, query);
    if (settings.showRecordings && callId !== null && sub.length === 4 && sub[2] === 'recording' && /^[0-9a-f]{64}$/.test(sub[3]!) && get) return recordingAnswer(req, res, opened, callId, sub[3]!, query);
    if (sub.length === 1 && sub[0] === 'top-up' && req.method === 'POST') return topUpAnswer(req, res, opened);
    notFound(res);
  };

  return async (req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> => {
    try {
      await answer(req, res, context);
    } catch (error) {
      // The path holds the link's token: never written to the log.
      const message = error instanceof Error ? error.message : String(error);
      if (res.destroyed || req.socket.destroyed) return deps.logger.debug('request abandoned', { path: `${PORTAL_PATH_PREFIX}…`, error: message });
      deps.logger.error('request failed', { path: `${PORTAL_PATH_PREFIX}…`, error: message });
      if (res.headersSent) return void res.destroy();
      sendPortalFault(res, settings);
    }
  };
}

/**
 * A top-up must come from a portal page: a browser says so in Sec-Fetch-Site, or in Origin
 * (the page's no-referrer policy makes that "null", which is not another site). Either naming
 * another site is refused; a client sending neither is judged by the nonce alone.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function hostOf(link: string): string {
  try {
    return new URL(link).host;
  } catch {
    return 'not a URL';
  }
}

function decoded(segment: string): string | null {
  try {
    const text = decodeURIComponent(segment);
    return text === '' ? null : text;
  } catch {
    return null;
  }
}
