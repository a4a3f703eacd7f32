import type { Catalog } from '../../../src/shared/billing/engine/book';
import { planCreditWords } from '../../../src/shared/billing/plan-credit-words';
import type { TranscriptLine } from '../../../src/shared/events/model';
import { formatMoney } from '../../../src/shared/units';
import type { CustomerAccount, CustomerCall, CustomerInvoice } from '../accounts/customer-accounts';
import { html, Html, type HtmlPart } from './html';
import { PORTAL_CSS } from './portal-style';
import { dateWords, dayRangeWords, hoursWords, instantWords, invoiceStatusOf, renewalWords, SUBSCRIPTION_STATE_WORDS, whenHoursRunOutWords } from './portal-words';

/**
 * The portal's pages as HTML, rendered from what the route read (pure): no script, one
 * hashed stylesheet, every value escaped. Links are relative to the page's own token path.
 */

export interface Business {
  name: string | null;
  /** RELAY_BUSINESS_CONTACT: how a customer reaches the business. */
  contact: string | null;
  logoDataUri: string | null;
}

export interface PortalCallRow extends CustomerCall {
  hasRecording: boolean;
  hasTranscript: boolean;
}

export interface PortalInvoiceRow extends CustomerInvoice {
  /** QuickBooks' own customer payment page for it, when QuickBooks gave one. */
  payUrl: string | null;
  /** The number the PDF and the notices give it (invoiceNumber). */
  number: string;
  /** The day the reminders count it due (the notices' dueDateOf): QuickBooks', else issue plus the reminder setting's days. */
  dueOn: string;
}

export interface AccountPageModel {
  business: Business;
  /** /portal/<token> */
  base: string;
  account: CustomerAccount;
  catalog: Catalog;
  calls: PortalCallRow[];
  /** The next (older) page's cursor: the last call shown, (startedAt, callId); null on the last page. */
  olderCalls: { before: string; after: string } | null;
  /** This page is not the first one. */
  pagedCalls: boolean;
  callDetails: boolean;
  invoices: PortalInvoiceRow[];
  /** The top-up form, where Flutterwave is set up. */
  topUp: { amounts: readonly number[]; currency: string; requestId: string } | null;
  today: string;
  /** When the page was read (ISO). */
  now: string;
  timeZone: string;
}

// The stylesheet is ours and constant: the only text the pages hold unescaped (its hash is in the CSP).
const STYLE = new Html(PORTAL_CSS);

function businessTitle(business: Business): string {
  return business.name ?? 'Your account';
}

export function documentOf(business: Business, title: string, body: Html, options: { refreshTo?: string } = {}): string {
  const logo = business.logoDataUri === null ? null : html`<img src="${business.logoDataUri}" alt="">`;
  const refresh = options.refreshTo === undefined ? null : html`<meta http-equiv="refresh" content="0;url=${options.refreshTo}">`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><link rel="icon" href="data:,">${refresh}
<title>${title} · ${businessTitle(business)}</title><style>${STYLE}</style></head>
<body><header class="top"><div class="wrap">${logo}<span class="business">${businessTitle(business)}</span></div></header>
${body}
</body></html>`.text;
}


export function accountPage(model: AccountPageModel): string {
  const { account } = model;
  const who = account.company !== null && account.company !== account.name ? `${account.name}, ${account.company}` : account.name;
  const body = html`<main class="wrap">
<h1>${who}</h1>
<p class="sub">Your account as of ${instantWords(model.now, model.timeZone)}.</p>
<div class="cards">${planCard(model)}${hoursCard(model)}${walletCard(model)}</div>
${invoicesBlock(model)}
${callsBlock(model)}
</main><footer>${contactWords(model.business)}This page is private to you: do not share its address.</footer>`;
  return documentOf(model.business, 'Your account', body);
}

function planCard(model: AccountPageModel): Html {
  const sub = model.account.view.subscription;
  if (sub === null) return html`<section class="card"><h2>Plan</h2><p class="big">No subscription</p><p class="note">Calls are billed as they happen.</p></section>`;
  const name = sub.plan?.name ?? sub.planId;
  const price = sub.plan === null ? null : `${formatMoney({ minor: sub.plan.priceMinor, currency: sub.plan.currency })} ${sub.plan.period === 'annual' ? 'a year' : 'a month'}`;
  return html`<section class="card"><h2>Plan</h2><p class="big">${name}</p>
<p><span class="status ${sub.state}">${SUBSCRIPTION_STATE_WORDS[sub.state]}</span>${price === null ? '' : html` · ${price}`}</p>
<p class="note">${renewalWords(sub)}</p></section>`;
}

function hoursCard(model: AccountPageModel): Html {
  const sub = model.account.view.subscription;
  const after = whenHoursRunOutWords(sub, model.account.view.wallet, model.catalog);
  if (sub === null || (sub.state !== 'active' && sub.state !== 'not_started')) {
    return html`<section class="card"><h2>Hours</h2><p class="big">Pay per call</p><p class="note">${after}</p></section>`;
  }
  const total = sub.includedSeconds + sub.rolloverSeconds;
  const period = sub.periodStartsOn !== null && sub.periodEndsOn !== null ? `this period (${dayRangeWords(sub.periodStartsOn, addDaysBack(sub.periodEndsOn))})` : 'this period';
  const rollover = sub.rolloverSeconds > 0 ? html` including ${hoursWords(sub.rolloverSeconds)} carried over` : '';
  return html`<section class="card"><h2>Hours remaining</h2><p class="big">${hoursWords(sub.remainingSeconds)}</p>
<meter min="0" max="${Math.max(total, 1)}" value="${Math.min(sub.remainingSeconds, total)}" title="${hoursWords(sub.remainingSeconds)} left"></meter>
<p class="note">Left of ${hoursWords(total)} ${period}${rollover}. ${after}</p></section>`;
}

function addDaysBack(endsOn: string): string {
  const ms = Date.parse(`${endsOn}T00:00:00Z`) - 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function walletCard(model: AccountPageModel): Html {
  const wallet = model.account.view.wallet;
  const form = topUpForm(model);
  if (wallet === null) return html`<section class="card"><h2>Call credit</h2><p class="big">None</p><p class="note">No prepaid credit on this account.</p>${form}</section>`;
  const credit = wallet.planCredit === null ? null : html`<p class="note">It ${planCreditWords(wallet.planCredit, wallet.currency)}.</p>`;
  const low = wallet.exhausted ? html`<p class="note">Your credit has run out.</p>` : wallet.low ? html`<p class="note">Your credit is running low.</p>` : null;
  return html`<section class="card"><h2>Call credit</h2><p class="big">${formatMoney({ minor: wallet.balanceMinor, currency: wallet.currency })}</p>${credit}${low}${form}</section>`;
}

function topUpForm(model: AccountPageModel): Html | null {
  const topUp = model.topUp;
  if (topUp === null) return null;
  const buttons = topUp.amounts.map((amount) => html`<button type="submit" name="amount" value="${amount}">Add ${formatMoney({ minor: amount * 100, currency: topUp.currency })}</button>`);
  return html`<form class="topup" method="post" action="${model.base}/top-up"><input type="hidden" name="requestId" value="${topUp.requestId}"><p class="note">Top up with Flutterwave:</p>${buttons}</form>`;
}

const INVOICE_KIND_WORDS: Record<string, string> = { subscription: 'Subscription', usage: 'Calls', pay_per_call: 'Call', wallet_top_up: 'Call credit' };

function invoicesBlock(model: AccountPageModel): Html {
  const shown = model.invoices.filter((invoice) => invoice.status !== 'draft');
  if (shown.length === 0) return html`<section class="block"><h2>Invoices</h2><p class="empty">No invoices yet.</p></section>`;
  const rows = shown.map((invoice) => {
    const status = invoiceStatusOf(invoice.status, invoice.balanceMinor, invoice.dueOn, model.today);
    const kind = INVOICE_KIND_WORDS[invoice.kind];
    const pdf = `${model.base}/invoices/${encodeURIComponent(invoice.invoiceKey)}.pdf`;
    const pay = invoice.payUrl !== null && status.key !== 'paid' && status.key !== 'void' ? html` <a class="button" href="${invoice.payUrl}" rel="noreferrer">Pay</a>` : null;
    return html`<tr><td data-label="Invoice"><span class="name">${invoice.number}${kind === undefined ? null : html`<span class="kind">${kind}</span>`}</span></td><td data-label="Issued">${dateWords(invoice.issueDate)}</td><td data-label="Due">${dateWords(invoice.dueOn)}</td>
<td data-label="Amount" class="num">${formatMoney({ minor: invoice.totalMinor, currency: invoice.currency })}</td><td data-label="Balance" class="num">${formatMoney({ minor: Math.max(0, invoice.balanceMinor), currency: invoice.currency })}</td>
<td data-label="Status"><span class="status ${status.key}">${status.words}</span></td><td class="actions"><a class="button quiet" href="${pdf}">PDF</a>${pay}</td></tr>`;
  });
  return html`<section class="block"><h2>Invoices</h2><table class="stack"><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="num">Amount</th><th class="num">Balance</th><th>Status</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function callsBlock(model: AccountPageModel): Html {
  const older = model.olderCalls === null ? null : html`<a class="button quiet" href="${model.base}?before=${encodeURIComponent(model.olderCalls.before)}&amp;after=${encodeURIComponent(model.olderCalls.after)}">Older calls</a>`;
  const newest = model.pagedCalls ? html`<a class="button quiet" href="${model.base}">Newest calls</a>` : null;
  const pager = older === null && newest === null ? null : html`<p class="pager">${newest}${older}</p>`;
  if (model.calls.length === 0) return html`<section class="block"><h2>Calls</h2><p class="empty">${model.pagedCalls ? 'No older calls.' : 'No billed calls yet.'}</p>${pager}</section>`;
  const rows = model.calls.map((call) => {
    const extras: HtmlPart[] = [];
    if (model.callDetails && (call.hasRecording || call.hasTranscript)) {
      const what = call.hasRecording && call.hasTranscript ? 'Recording and transcript' : call.hasRecording ? 'Recording' : 'Transcript';
      extras.push(html`<a href="${model.base}/calls/${encodeURIComponent(call.callId)}?at=${encodeURIComponent(call.startedAt)}">${what}</a>`);
    }
    const charge = call.owedMinor > 0 ? formatMoney({ minor: call.owedMinor, currency: call.currency }) : '—';
    return html`<tr><td data-label="Date">${instantWords(call.startedAt, model.timeZone)}</td><td data-label="Billed" class="num">${hoursWords(call.billedSeconds)}</td>
<td data-label="Paid by" class="sub">${call.paidBy}${call.corrected ? ' (corrected)' : ''}</td><td data-label="Charged" class="num sub">${charge}</td>${model.callDetails ? html`<td class="actions">${extras}</td>` : ''}</tr>`;
  });
  return html`<section class="block"><h2>Calls</h2><table class="stack calls"><thead><tr><th>Date</th><th class="num">Billed</th><th>Paid by</th><th class="num">Charged</th>${model.callDetails ? html`<th></th>` : ''}</tr></thead><tbody>${rows}</tbody></table>${pager}</section>`;
}

export interface CallPageModel {
  business: Business;
  base: string;
  call: CustomerCall;
  timeZone: string;
  recordings: { href: string; contentType: string }[];
  transcript: { who: string; text: string }[] | null;
}

export function callPage(model: CallPageModel): string {
  const recordings = model.recordings.map((recording) => html`<audio controls preload="none" src="${recording.href}"></audio><p class="note"><a href="${recording.href}">Download the recording</a></p>`);
  const transcript = model.transcript === null ? null : html`<section class="block transcript"><h2>Transcript</h2>${model.transcript.map((line) => html`<p><span class="who">${line.who}:</span> ${line.text}</p>`)}</section>`;
  const body = html`<main class="wrap"><p><a href="${model.base}">← Back to your account</a></p>
<h1>Call on ${instantWords(model.call.startedAt, model.timeZone)}</h1><p class="sub">Billed ${hoursWords(model.call.billedSeconds)} · ${model.call.paidBy}</p>
${recordings.length > 0 ? html`<section class="block"><h2>Recording</h2>${recordings}</section>` : null}
${transcript}
${recordings.length === 0 && transcript === null ? html`<section class="block"><p class="empty">Nothing more to show for this call.</p></section>` : null}
</main>`;
  return documentOf(model.business, 'Call', body);
}

/** Who said a transcript line, in the customer's words. */
export function speakerOf(line: TranscriptLine, customerPhones: readonly string[], business: Business): string {
  if (line.speakerNumber !== null && customerPhones.includes(line.speakerNumber)) return 'You';
  if (line.speakerUserId !== null) return business.name ?? 'Us';
  return line.speakerNumber === null ? 'Speaker' : 'Caller';
}

/** "To reach us: …" before a footer's other words, when the business gave a way. */
function contactWords(business: Business): string {
  return business.contact === null ? '' : `To reach ${business.name ?? 'us'}: ${business.contact}. `;
}

/** "Ask us for a new link", with how, when the business said. */
export function askForNewLinkWords(business: Business): string {
  return business.contact === null ? 'Ask us for a new link if you still need one.' : `Ask us for a new link if you still need one: ${business.contact}.`;
}

/** A page that only says something: a revoked or expired link, an unknown one, too many requests. */
export function messagePage(business: Business, title: string, paragraphs: readonly string[]): string {
  return documentOf(business, title, html`<main class="wrap"><div class="notice"><h1>${title}</h1>${paragraphs.map((p) => html`<p>${p}</p>`)}</div></main>`);
}

/** After a top-up link is made: on to Flutterwave (a refresh, not a script), with a link if the browser stays. */
export function continueToPaymentPage(business: Business, url: string, amountWords: string): string {
  const body = html`<main class="wrap"><div class="notice"><h1>Top up ${amountWords}</h1><p>Your payment page at Flutterwave is ready.</p><p><a class="button" href="${url}" rel="noreferrer">Continue to Flutterwave</a></p><p class="note">The credit shows on your account a few moments after the payment is confirmed.</p></div></main>`;
  return documentOf(business, 'Top up', body, { refreshTo: url });
}
