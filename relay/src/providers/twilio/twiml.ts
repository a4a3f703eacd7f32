import type { VoiceRoute } from './voice-routes';

/**
 * The TwiML answer to an incoming call (spec telephony-providers §2.1): its route's
 * <Dial> (numbers or a SIP address) or <Reject>. The dial waits for the answer before
 * Twilio picks up the caller's leg (answerOnBridge), so the call's own status says
 * whether a person answered and its CallDuration is the talk time; the dialled leg
 * reports who answered (statusCallback) and the recording reports itself
 * (recordingStatusCallback), both to /webhooks/twilio on RELAY_PUBLIC_URL. Pure.
 */

export interface TwimlOptions {
  /** RELAY_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  record: boolean;
  dialTimeoutSeconds: number;
}

export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio';

export function twilioWebhookUrl(publicUrl: string, kind: 'voice' | 'status' | 'recording'): string {
  return `${publicUrl}${TWILIO_WEBHOOK_PATH}?kind=${kind}`;
}

export function answerTwiml(route: VoiceRoute, options: TwimlOptions): string {
  if (route.kind === 'reject') return document('<Reject reason="busy"/>');
  const status = attributes({ statusCallback: twilioWebhookUrl(options.publicUrl, 'status'), statusCallbackEvent: 'ringing answered completed' });
  const nouns = route.kind === 'dial' ? route.numbers.map((number) => `<Number${status}>${escapeXml(number)}</Number>`).join('') : `<Sip${status}>${escapeXml(route.address)}</Sip>`;
  const dial = attributes({
    answerOnBridge: 'true',
    timeout: String(options.dialTimeoutSeconds),
    ...(options.record
      ? { record: 'record-from-answer-dual', recordingStatusCallback: twilioWebhookUrl(options.publicUrl, 'recording'), recordingStatusCallbackEvent: 'completed' }
      : {}),
  });
  return document(`<Dial${dial}>${nouns}</Dial>`);
}

function document(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);
}
