/**
 * When the customer page's "Client portal" cannot work, in the receptionist's words: the relay
 * did not answer, is older than this console (no /v1/portal/links: 404 "no such endpoint"), or
 * said portal links are not set up there (503, with its own words). Null: the relay answered
 * something else, to be read as an answer or passed on as a refusal.
 */

export const RELAY_UNREACHABLE_WORDS = 'The relay cannot be reached just now, so portal links cannot be shown or made. They show here again once it answers.';
export const RELAY_TOO_OLD_WORDS = 'This relay cannot make portal links yet: whoever runs it needs to update it to the same version as Ringside.';
export const PORTAL_NOT_SET_UP_WORDS = 'Portal links are not turned on yet: ask whoever set up Ringside to turn them on, so customers can be sent a page of their own account.';

/** `status` null: no answer at all. `refusal`: the relay's `error`, when it gave one. */
export function portalUnavailableWords(status: number | null, refusal: string | null): string | null {
  if (status === null) return RELAY_UNREACHABLE_WORDS;
  if (status === 503) return refusal ?? PORTAL_NOT_SET_UP_WORDS;
  // A relay that has the endpoint answers its own 404s (no such link, no such customer) in other words.
  if (status === 404 && refusal !== null && refusal.startsWith('no such endpoint')) return RELAY_TOO_OLD_WORDS;
  return null;
}
