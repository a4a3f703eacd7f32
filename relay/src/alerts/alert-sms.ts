import type { RingsideEvent } from '../../../src/shared/events/model';
import type { OpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import type { AlertChannel } from './alert-deliveries';
import { alertTextEvent } from './alert-texts';

/**
 * Critical alerts texted to the owner's phone (RELAY_ALERT_SMS_TO) from one of the
 * workspace's lines (RELAY_ALERT_SMS_FROM, a PN… id or its number), through the relay's
 * one OpenPhone client (paced with every other OpenPhone call). Recorded in the log as the
 * relay's own text (alert-texts.ts), so neither it nor OpenPhone's echo of it shows in a
 * feed or a bill: the text is the relay talking to its owner, not to a customer.
 * A send that got no answer may have gone out; it is tried again anyway, since a missed
 * urgent alert costs more than a second copy of it.
 */
export function smsChannel(
  client: OpenPhoneRestClient,
  settings: { from: string; to: string },
  recorder: { record: (event: RingsideEvent) => Promise<unknown>; now: () => string; failed: (error: string) => void },
): AlertChannel {
  return {
    name: 'sms',
    async send(notice) {
      const result = await client.sendMessage({ from: settings.from, to: settings.to, content: notice.text });
      if (result.ok) {
        // Sent: a failure to record it only leaves its echo unflagged, so the send still counts.
        const event = alertTextEvent({ from: settings.from, to: settings.to, content: notice.text, message: result.value, receivedAt: recorder.now() });
        if (event === null) recorder.failed('OpenPhone did not say which number the alert text went from');
        else await recorder.record(event).catch((error: unknown) => recorder.failed(error instanceof Error ? error.message : String(error)));
        return { ok: true };
      }
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
