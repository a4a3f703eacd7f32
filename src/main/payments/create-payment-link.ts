import { paymentLinkAnswerSchema, paymentLinkRefusalSchema, type PaymentLinkAnswer, type PaymentLinkRequest } from '../../shared/relay-rest/payments';
import { jsonOf } from '../http/outbound-client';
import { callRelay, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

/** The relay made the link (or had made it for this requestId), or cannot make links at all. */
export type PaymentLinkResult = { made: PaymentLinkAnswer } | { unavailable: string };

/**
 * Asks the relay for a payment link (POST /v1/payments/links; the relay holds Flutterwave's
 * secret key and records payment_link.created). The same requestId answers the same link,
 * so a retried press never makes two. A 503 is the relay saying payment links are not set
 * up there, answered as `unavailable` with its words; any other refusal throws them.
 */
export async function createPaymentLink(relay: RelayAccess, request: PaymentLinkRequest): Promise<PaymentLinkResult> {
  const answer = await callRelay(relay, 'POST', '/v1/payments/links', request);
  const body = jsonOf(answer);
  if (answer.status === 200 || answer.status === 201) {
    const made = paymentLinkAnswerSchema.safeParse(body);
    if (!made.success) throw new RelayRequestError('The relay answered in a way this console does not read: update Ringside and the relay to the same version.', answer.status);
    return { made: made.data };
  }
  const refusal = paymentLinkRefusalSchema.safeParse(body);
  if (answer.status === 503) return { unavailable: refusal.success ? refusal.data.error : 'Payment links are not set up on the relay.' };
  if (answer.status === 404 && refusal.success && refusal.data.error.startsWith('no such endpoint')) {
    return { unavailable: 'This relay cannot make payment links yet: whoever runs it needs to update it to the same version as Ringside.' };
  }
  throw new RelayRequestError(refusal.success ? refusal.data.error : `The relay could not make the payment link (HTTP ${answer.status}).`, answer.status);
}
