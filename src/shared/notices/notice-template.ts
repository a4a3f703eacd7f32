import type { NoticeKind } from './notice-kinds';

/**
 * Notice templates (issue 14 §2): a subject and a body with {{variables}}, edited by the admin
 * in the console and rendered by the relay when a notice is decided. Rendering is pure and
 * the same in both places, so the console's preview is what the customer gets.
 */

export const noticeVariables = [
  'name',
  'business',
  'planName',
  'hoursRemaining',
  'walletBalance',
  'amount',
  'dueDate',
  'invoiceNumber',
  'renewalDate',
  'portalLink',
  'unsubscribeLink',
] as const;
export type NoticeVariable = (typeof noticeVariables)[number];
export type NoticeValues = Partial<Record<NoticeVariable, string>>;

export interface NoticeTemplate {
  kind: NoticeKind;
  subject: string;
  body: string;
}

/** The variables each kind fills (others render empty): what the editor lists beside the template. */
export const variablesOfKind: Record<NoticeKind, readonly NoticeVariable[]> = {
  invoice_issued: ['name', 'business', 'amount', 'dueDate', 'invoiceNumber', 'portalLink'],
  payment_reminder: ['name', 'business', 'amount', 'dueDate', 'invoiceNumber', 'portalLink', 'unsubscribeLink'],
  renewal: ['name', 'business', 'planName', 'renewalDate', 'amount', 'hoursRemaining', 'portalLink', 'unsubscribeLink'],
  low_balance: ['name', 'business', 'planName', 'hoursRemaining', 'walletBalance', 'portalLink', 'unsubscribeLink'],
  // Sent once, when the plan ends: nothing to stop, so no unsubscribe link.
  subscription_expired: ['name', 'business', 'planName', 'portalLink'],
  portal_link: ['name', 'business', 'portalLink'],
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The names a template uses that no notice fills: the editor refuses them beside the field. */
export function unknownVariables(text: string): string[] {
  const known = new Set<string>(noticeVariables);
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !known.has(name)))];
}

/**
 * Fills {{variables}}; a known one without a value renders empty, text that is not a variable
 * stays as written. A line whose variables all render empty is left out (with the blank line
 * it would leave doubled): "pay at {{portalLink}}" without a portal address, a sign-off
 * "{{business}}" without a business name, the sentence of the case that does not apply.
 */
export function renderNoticeText(text: string, values: NoticeValues): string {
  const known = new Set<string>(noticeVariables);
  const valueOf = (name: string): string => values[name as NoticeVariable] ?? '';
  const kept: string[] = [];
  let dropped = false;
  for (const line of text.split('\n')) {
    const used = [...line.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => known.has(name));
    if (used.length > 0 && used.every((name) => valueOf(name).trim() === '')) {
      dropped = true;
      continue;
    }
    const blank = line.trim() === '';
    // A blank line after a left-out one, where one blank is already kept (or at the very top), goes too.
    if (dropped && blank && (kept.length === 0 || kept.at(-1)!.trim() === '')) continue;
    dropped = false;
    kept.push(line.replace(PLACEHOLDER, (whole, name: string) => (known.has(name) ? valueOf(name) : whole)));
  }
  while (dropped && kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  return kept.join('\n');
}

export function renderNotice(template: NoticeTemplate, values: NoticeValues): { subject: string; body: string } {
  return { subject: renderNoticeText(template.subject, values).replace(/\s+/g, ' ').trim(), body: renderNoticeText(template.body, values) };
}
