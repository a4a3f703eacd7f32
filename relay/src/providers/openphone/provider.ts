import { normalizeOpenPhone } from '../../../../src/shared/providers/openphone/normalize';
import { defineWebhookProvider } from '../webhook-provider';
import { AlertTexts, flagAlertTextEcho } from '../../alerts/alert-texts';
import { CALL_EVENT_TYPES, CallLines } from '../../calls/call-lines';
import { flagHealthCheckText } from './health-check/health-check-marker';
import { HealthCheckStore } from './health-check/health-check-store';
import { OPENPHONE_SETTING_DESCRIPTIONS, readOpenPhoneSettings } from './settings';
import { verifyOpenPhoneSignature } from './verify';


/**
 * POST /webhooks/openphone: JSON, both signature generations, one event per delivery;
 * transcripts and summaries take the lines of their call (relay/src/calls/call-lines.ts).
 */
export const openPhoneProvider = defineWebhookProvider({
  name: 'openphone',
  title: 'OpenPhone',
  settings: OPENPHONE_SETTING_DESCRIPTIONS,
  readSettings: readOpenPhoneSettings,
  create: (settings, context) => {
    const { keys } = settings;
    const callLines = new CallLines(context.db);
    const healthChecks = new HealthCheckStore(context.db);
    const alertTexts = new AlertTexts(context.db);
    return {
      unconfigured: keys === null ? 'OpenPhone webhooks are not configured: set OPENPHONE_WEBHOOK_SECRET on the relay' : null,
      summary: `${keys?.length ?? 0} key(s)`,
      bodyFormat: 'json',
      verify: (request) =>
        verifyOpenPhoneSignature({ headers: request.headers, rawBody: request.rawBody, keys: keys ?? [], nowMs: request.nowMs, toleranceMs: context.signatureToleranceMs }),
      normalize: (payload, { receivedAt, deliveryId }) => {
        const normalized = normalizeOpenPhone(payload, { receivedAt, deliveryId, phoneNumberIds: settings.phoneNumberIds, linesOfCall: (callId) => callLines.linesOf(callId) });
        if (!normalized.ok) return normalized;
        // The relay's own health-check texts (its marker, between its two lines) are kept, flagged so no console shows or bills them.
        // So is OpenPhone's echo of an alert text the relay sent its owner (recorded when sent).
        const event = flagAlertTextEcho(flagHealthCheckText(normalized.event, healthChecks), alertTexts);
        if (CALL_EVENT_TYPES.has(event.type) && 'callId' in event.data && event.data.callId !== null) callLines.saw(event.data.callId, event.lines);
        return { ok: true, events: [event] };
      },
    };
  },
});
