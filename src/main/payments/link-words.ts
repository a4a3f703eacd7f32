import { formatMoney } from '../../shared/units';

/** What the customer reads with their link: one text, and an email for those who would rather. */
export interface LinkWords {
  textMessage: string;
  emailSubject: string;
  emailBody: string;
}

export interface LinkWordsInput {
  customerName: string;
  amountMinor: number;
  currency: string;
  url: string;
}

/** "Hi Dana, here is your link to add $50.00 of call credit: https://…" and the same as an email. */
export function topUpLinkWords({ customerName, amountMinor, currency, url }: LinkWordsInput): LinkWords {
  const amount = formatMoney({ minor: amountMinor, currency });
  const greeting = greetingFor(customerName);
  return {
    textMessage: `${greeting}, here is your link to add ${amount} of call credit: ${url}`,
    emailSubject: `Your link to add ${amount} of call credit`,
    emailBody: `${greeting},\n\nHere is your link to add ${amount} of call credit to your account:\n${url}\n\nThe credit shows on your account as soon as the payment goes through.\n\nThank you!`,
  };
}

/** "Hi Dana" from "Dana Whitfield"; a name that starts with a title ("Dr. Jane Ruiz") is used whole. */
function greetingFor(name: string): string {
  const trimmed = name.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  if (first === '') return 'Hi';
  return `Hi ${first.endsWith('.') ? trimmed : first}`;
}
