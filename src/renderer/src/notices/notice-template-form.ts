import { NOTICE_KIND_NAMES, type NoticeKind } from '../../../shared/notices/notice-kinds';
import { noticeVariables, unknownVariables, variablesOfKind, type NoticeTemplate, type NoticeValues, type NoticeVariable } from '../../../shared/notices/notice-template';
import { formatMoney } from '../../../shared/units';

/**
 * The template editor's pure parts: what a subject or message may say before it is saved
 * (the relay's limits, and only variables the kind fills), inserting a variable where the
 * cursor is, and the sample figures the local preview is rendered with.
 */

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

export interface TemplateErrors {
  subject?: string;
  body?: string;
}
export type TemplateResult = { ok: true; value: NoticeTemplate } | { ok: false; errors: TemplateErrors };

/** What each variable is, for the list beside the editor. */
export const VARIABLE_WORDS: Record<NoticeVariable, string> = {
  name: "the customer's name",
  business: "your business's name",
  planName: 'their plan',
  hoursRemaining: 'hours left this period',
  walletBalance: 'their wallet balance',
  amount: 'the amount',
  dueDate: 'the due date',
  invoiceNumber: 'the invoice number',
  renewalDate: 'when it renews or ends',
  portalLink: 'their portal link',
  unsubscribeLink: 'the unsubscribe link',
};

export function placeholder(variable: NoticeVariable): string {
  return `{{${variable}}}`;
}

const USED = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Why this text cannot be saved for this kind (after the field's label), or null. */
export function templateTextProblem(kind: NoticeKind, text: string, max: number): string | null {
  if (text.trim() === '') return 'must not be empty.';
  if (text.length > max) return `is ${text.length.toLocaleString('en-US')} characters; at most ${max.toLocaleString('en-US')}.`;
  const unknown = unknownVariables(text);
  if (unknown.length > 0) return `uses ${unknown.map((name) => `{{${name}}}`).join(', ')}, which no notice fills: use the variables listed.`;
  const fills = new Set<string>(variablesOfKind[kind]);
  const empty = [...new Set([...text.matchAll(USED)].map((match) => match[1]!))].filter((name) => !fills.has(name));
  if (empty.length > 0) return `uses ${empty.map((name) => `{{${name}}}`).join(', ')}, which “${NOTICE_KIND_NAMES[kind]}” does not fill (it would be empty).`;
  return null;
}

export function templateOf(kind: NoticeKind, subject: string, body: string): TemplateResult {
  const errors: TemplateErrors = {};
  const subjectProblem = templateTextProblem(kind, subject, SUBJECT_MAX);
  const bodyProblem = templateTextProblem(kind, body, BODY_MAX);
  if (subjectProblem) errors.subject = subjectProblem;
  if (bodyProblem) errors.body = bodyProblem;
  if (subjectProblem || bodyProblem) return { ok: false, errors };
  return { ok: true, value: { kind, subject: subject.trim(), body: body.trim() } };
}

/** `{{variable}}` put in place of the selection; the caret goes after it. */
export function insertVariable(text: string, selectionStart: number, selectionEnd: number, variable: NoticeVariable): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const token = placeholder(variable);
  return { text: `${text.slice(0, start)}${token}${text.slice(end)}`, caret: start + token.length };
}

/**
 * The figures of a made-up customer, for the preview before anyone real is picked: the same
 * ones the relay previews with (relay/src/notices/notice-values.ts), in the wallet currency.
 */
export function sampleValues(kind: NoticeKind, businessName: string, currency: string): NoticeValues {
  const all: Record<NoticeVariable, string> = {
    name: 'Jordan Lee',
    business: businessName,
    planName: 'Growth',
    hoursRemaining: '2.5 hours',
    walletBalance: formatMoney({ minor: 1240, currency }),
    amount: formatMoney({ minor: 19_900, currency }),
    dueDate: 'December 31, 2026',
    invoiceNumber: '1042',
    renewalDate: 'January 1, 2027',
    portalLink: 'https://relay.example.com/portal/…',
    unsubscribeLink: 'https://relay.example.com/notices/unsubscribe/…',
  };
  const fills = new Set<string>(variablesOfKind[kind]);
  return Object.fromEntries(noticeVariables.filter((name) => fills.has(name)).map((name) => [name, all[name]]));
}
