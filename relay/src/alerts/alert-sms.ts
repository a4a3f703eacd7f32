import type { OpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import type { AlertChannel } from './alert-deliveries';

/**
 * Critical alerts texted to the owner's phone (RELAY_ALERT_SMS_TO) from one of the
 * workspace's lines (RELAY_ALERT_SMS_FROM, a PN… id or its number), through the relay's
 * one OpenPhone client (paced with every other OpenPhone call). Not recorded in the log
 * as a conversation: the text is the relay talking to its owner, not to a customer.
 * A send that got no answer may have gone out; it is tried again anyway, since a missed
 * urgent alert costs more than a second copy of it.
 */
export function smsChannel(client: OpenPhoneRestClient, settings: { from: string; to: string }): AlertChannel {
  return {
    name: 'sms',
    async send(notice) {
      const result = await client.sendMessage({ from: settings.from, to: settings.to, content: notice.text });
      if (result.ok) return { ok: true };
      switch (result.kind) {
        case 'refused':
        case 'server_error':
          return { ok: false, error: `OpenPhone refused the alert text (${result.httpStatus}${result.body.code ? ` ${result.body.code}` : ''}): ${(result.body.message ?? '').slice(0, 200)}` };
        case 'rate_limited':
          return { ok: false, error: 'OpenPhone asked the relay to slow down (429)' };
        case 'unreachable':
        case 'no_answer':
          return { ok: false, error: `OpenPhone could not be reached: ${result.message.slice(0, 200)}` };
      }
    },
  };
}
