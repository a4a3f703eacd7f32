import { createHmac } from 'node:crypto';

/**
 * The X-Twilio-Signature Twilio puts on each request (spec telephony-providers §2.4):
 * base64 HMAC-SHA1 keyed with the auth token, over the URL as configured (query
 * included) and then each POST parameter as name+value, names sorted, a repeated
 * name's values sorted. Written apart from the relay's verifier on purpose, so the two
 * check each other against the spec's vectors.
 */
export function signTwilio(authToken: string, url: string, params: ReadonlyArray<readonly [string, string]>): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) byName.set(name, [...(byName.get(name) ?? []), value]);
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let data = url;
  for (const name of names) {
    for (const value of [...new Set(byName.get(name))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The form body Twilio sends: application/x-www-form-urlencoded, UTF-8, spaces as `+`. */
export function formBody(params: ReadonlyArray<readonly [string, string]>): string {
  return new URLSearchParams(params.map(([name, value]): [string, string] => [name, value])).toString();
}
