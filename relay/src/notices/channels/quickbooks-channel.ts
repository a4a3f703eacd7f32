import { createHash } from 'node:crypto';
import type { QuickBooksStatusAnswer, QuickBooksTokenHandout } from '../../../../src/shared/relay-rest/quickbooks';
import type { InvoiceBalanceAnswer, NoticeChannel, NoticeSendResult, OutgoingNotice } from '../notice-channel';

/**
 * Invoices by QuickBooks' own send-invoice (spec quickbooks-online.md §4, §5.4): POST
 * /v3/company/{realm}/invoice/{id}/send?sendTo=…, with no body and Content-Type
 * application/octet-stream (a JSON one is reported to get a 500). QuickBooks mails its own
 * invoice, with its own PDF and payment link, sets EmailStatus EmailSent and copies sendTo
 * into the invoice's BillEmail. It needs the invoice's QuickBooks id: one not synced yet
 * waits (tried again), so a console's sync comes first.
 *
 * Unconfirmed, and safe either way: whether send honours `requestid` (§6; it is sent, made
 * from the notice's key, so if it does a retried send is answered from the first); whether a
 * 200 can carry a Fault (§7.1-4: read, counted as not sent); the error body's casing and XML
 * (§7.1: classified by HTTP status, then the code in either casing; XML never parsed); and
 * 429's Retry-After (not relied on: the outbox's backoff waits).
 */

export interface QuickBooksAccess {
  status(): Pick<QuickBooksStatusAnswer, 'state' | 'reason'>;
  /** The relay's token broker: `rejected` is a token QuickBooks just answered 401 to. */
  accessToken(rejected: string | null): Promise<{ ok: true; handout: QuickBooksTokenHandout } | { ok: false; status: number; body: { error: string } }>;
}

export interface QuickBooksInvoices {
  /** The invoice's QuickBooks id and number; null quickbooksId: not synced yet; null: not this customer's invoice. */
  invoiceOf(customerId: string, invoiceKey: string): { quickbooksId: string | null; docNumber: string | null } | null;
}

export interface QuickBooksChannelDeps {
  /** null while QUICKBOOKS_CLIENT_ID is unset. */
  quickBooks: QuickBooksAccess | null;
  invoices: QuickBooksInvoices;
  timeoutMs: number;
}

type Answer = { answered: true; status: number; text: string; intuitTid: string | null } | { answered: false; message: string };

export function quickBooksChannel(deps: QuickBooksChannelDeps): NoticeChannel {
  const unavailable = (): string | null => {
    if (deps.quickBooks === null) return 'QuickBooks is not set up on the relay: whoever runs it sets QUICKBOOKS_CLIENT_ID and the settings beside it.';
    const status = deps.quickBooks.status();
    if (status.state === 'needs_reconnect') return 'QuickBooks needs reconnecting: an admin reconnects it in Settings → QuickBooks.';
    if (status.state !== 'connected') return 'QuickBooks is not connected: an admin connects it in Settings → QuickBooks.';
    return null;
  };

  const request = async (method: 'GET' | 'POST', handout: QuickBooksTokenHandout, path: string): Promise<Answer> => {
    try {
      const response = await fetch(`${handout.apiBaseUrl}/v3/company/${encodeURIComponent(handout.realmId)}${path}`, {
        method,
        headers: { authorization: `Bearer ${handout.accessToken}`, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/octet-stream' } : {}) },
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: 'error',
      });
      return { answered: true, status: response.status, text: await response.text(), intuitTid: response.headers.get('intuit_tid') };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { answered: false, message: timedOut ? `no answer within ${deps.timeoutMs} ms` : 'cannot reach QuickBooks' };
    }
  };

  const post = (handout: QuickBooksTokenHandout, path: string) => request('POST', handout, path);

  /** GET /invoice/{id} (spec §5.4), with one token refresh on a 401. */
  const invoiceBalance = async (customerId: string, invoiceKey: string): Promise<InvoiceBalanceAnswer | null> => {
    const invoice = deps.invoices.invoiceOf(customerId, invoiceKey);
    if (invoice?.quickbooksId == null) return null;
    const why = unavailable();
    if (why !== null || deps.quickBooks === null) return { known: false, reason: `QuickBooks could not be asked whether the invoice is paid: ${why ?? 'it is not set up on the relay.'}` };
    const path = `/invoice/${encodeURIComponent(invoice.quickbooksId)}?minorversion=75`;
    let token = await deps.quickBooks.accessToken(null);
    if (!token.ok) return { known: false, reason: `QuickBooks could not be asked whether the invoice is paid: ${token.body.error}` };
    let answer = await request('GET', token.handout, path);
    if (answer.answered && answer.status === 401) {
      token = await deps.quickBooks.accessToken(token.handout.accessToken);
      if (!token.ok) return { known: false, reason: `QuickBooks could not be asked whether the invoice is paid: ${token.body.error}` };
      answer = await request('GET', token.handout, path);
    }
    return balanceOutcome(answer);
  };

  return {
    name: 'quickbooks',
    unavailable,
    invoiceBalance,
    async send(notice: OutgoingNotice): Promise<NoticeSendResult> {
      const why = unavailable();
      if (why !== null || deps.quickBooks === null) return { ok: false, permanent: false, error: why ?? 'QuickBooks is not set up on the relay.' };
      if (notice.invoiceKey === null) return { ok: false, permanent: true, error: 'Only an invoice can be sent by QuickBooks.' };
      const invoice = deps.invoices.invoiceOf(notice.customerId, notice.invoiceKey);
      if (invoice === null) return { ok: false, permanent: true, error: 'The invoice is no longer on the customer\'s account.' };
      if (invoice.quickbooksId === null) return { ok: false, permanent: false, error: 'Waiting for QuickBooks sync: the invoice is not in QuickBooks yet (a bookkeeper console syncs it).' };
      // A customer whose email Ringside does not have is sent to the invoice's own BillEmail: sendTo is left out (a placeholder would be refused 400).
      const query = new URLSearchParams({ ...(isAddress(notice.recipient) ? { sendTo: notice.recipient } : {}), minorversion: '75', requestid: requestIdOf(notice.noticeKey) });
      const path = `/invoice/${encodeURIComponent(invoice.quickbooksId)}/send?${query.toString()}`;
      let token = await deps.quickBooks.accessToken(null);
      if (!token.ok) return { ok: false, permanent: false, error: `QuickBooks' access could not be had: ${token.body.error}` };
      let answer = await post(token.handout, path);
      // 401: the token died early (revoked, rotated elsewhere); one refresh for everyone, then once more.
      if (answer.answered && answer.status === 401) {
        token = await deps.quickBooks.accessToken(token.handout.accessToken);
        if (!token.ok) return { ok: false, permanent: false, error: `QuickBooks refused the relay's access: ${token.body.error}` };
        answer = await post(token.handout, path);
      }
      return sendOutcome(answer, invoice.quickbooksId, invoice.docNumber);
    },
    close: () => undefined,
  };
}

/** The invoice's Balance in cents; anything else (no answer, an error, a body without a Balance) is not known. */
export function balanceOutcome(answer: Answer): InvoiceBalanceAnswer {
  const reason = 'QuickBooks could not be asked whether the invoice is paid';
  if (!answer.answered) return { known: false, reason: `${reason}: ${answer.message}.` };
  if (answer.status < 200 || answer.status >= 300) {
    const fault = readFault(answer.text);
    return { known: false, reason: `${reason}. QuickBooks said: ${fault?.message ?? `HTTP ${answer.status}`}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return { known: false, reason: `${reason}: its answer could not be read.` };
  }
  const balance = (body as { Invoice?: { Balance?: unknown } } | null)?.Invoice?.Balance;
  if (typeof balance !== 'number' || !Number.isFinite(balance)) return { known: false, reason: `${reason}: its answer had no balance.` };
  return { known: true, balanceMinor: Math.round(balance * 100) };
}

function isAddress(recipient: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient);
}

/** ≤ 50 characters, unique per notice, the same on every try (spec §6). */
function requestIdOf(noticeKey: string): string {
  return `notice-${createHash('sha256').update(noticeKey).digest('hex').slice(0, 40)}`;
}

export function sendOutcome(answer: Answer, quickbooksId: string, docNumber: string | null): NoticeSendResult {
  const invoice = docNumber === null ? `invoice ${quickbooksId}` : `invoice ${docNumber}`;
  const tid = (a: { intuitTid: string | null }) => (a.intuitTid === null ? '' : ` (intuit_tid ${a.intuitTid})`);
  if (!answer.answered) {
    // The send may have happened; tried again, under the same requestid (a duplicate mail at worst, never none).
    return { ok: false, permanent: false, error: `QuickBooks did not answer the send of ${invoice} (${answer.message}); it is tried again.` };
  }
  const fault = readFault(answer.text);
  if (answer.status >= 200 && answer.status < 300) {
    if (fault !== null) return { ok: false, permanent: false, error: `QuickBooks answered the send of ${invoice} with a fault${fault.code === null ? '' : ` ${fault.code}`}: ${fault.message}${tid(answer)}` };
    return { ok: true, providerId: `quickbooks:invoice:${quickbooksId}` };
  }
  const said = fault === null ? `HTTP ${answer.status}` : `${fault.code === null ? '' : `${fault.code} `}${fault.message}`;
  if (answer.status === 400 && fault?.code === '610') return { ok: false, permanent: true, error: `QuickBooks no longer has ${invoice} (deleted or voided there): ${said}${tid(answer)}` };
  // 400: the send as made is refused (an address QuickBooks will not take, a validation): the same again is refused again.
  if (answer.status === 400) return { ok: false, permanent: true, error: `QuickBooks refused to send ${invoice}: ${said}${tid(answer)}` };
  if (answer.status === 401 || answer.status === 403) return { ok: false, permanent: false, error: `QuickBooks refused the relay's access (${answer.status}): an admin may need to reconnect QuickBooks${tid(answer)}` };
  if (answer.status === 429) return { ok: false, permanent: false, error: `QuickBooks asked the relay to slow down (429); the send of ${invoice} is tried again.` };
  return { ok: false, permanent: false, error: `QuickBooks failed to send ${invoice} (${said}); it is tried again${tid(answer)}` };
}

/** The first error of a Fault in either casing (§7.1); null for anything else (XML included). */
function readFault(text: string): { code: string | null; message: string } | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const fault = (record.Fault ?? record.fault) as Record<string, unknown> | undefined;
  if (typeof fault !== 'object' || fault === null) return null;
  const errors = (fault.Error ?? fault.error) as unknown;
  const first = (Array.isArray(errors) ? errors[0] : undefined) as Record<string, unknown> | undefined;
  const pick = (key: string) => (first !== undefined && typeof (first[key] ?? first[key.toLowerCase()]) === 'string' ? String(first[key] ?? first[key.toLowerCase()]) : null);
  const code = first === undefined ? null : typeof first.code === 'string' || typeof first.code === 'number' ? String(first.code).replace(/^0+(?=\d)/, '') : null;
  const message = [pick('Message'), pick('Detail')].filter((part): part is string => part !== null && part !== '').join(': ').slice(0, 300);
  return { code, message: message === '' ? 'no reason given' : message };
}
