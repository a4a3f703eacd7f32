import { callCompletedEvent, callRingingEvent, newCallId, newEventId } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';

/** Signed OpenPhone deliveries, the way OpenPhone sends them, for relay tests. */

export function ringingDelivery(businessNumber = '+16175550100', caller = '+16175550111') {
  return callRingingEvent({ callId: newCallId(), from: caller, to: businessNumber, at: new Date() });
}

export function missedCallDelivery(businessNumber = '+16175550100', caller = '+16175550111') {
  const now = new Date();
  return callCompletedEvent({ callId: newCallId(), from: caller, to: businessNumber, createdAt: new Date(now.getTime() - 30_000), answeredAt: null, completedAt: now });
}

/** A received text message carrying `size` characters: stored as received (not normalized yet), raw payload included. */
export function longMessageDelivery(size: number, businessNumber = '+16175550100') {
  const event = {
    id: newEventId(),
    object: 'event',
    apiVersion: 'v3',
    createdAt: new Date().toISOString(),
    type: 'message.received',
    data: { object: { id: `AC${newEventId().slice(2)}`, object: 'message', from: '+16175550111', to: businessNumber, direction: 'incoming', body: 'x'.repeat(size), status: 'received', createdAt: new Date().toISOString() } },
  };
  return { body: JSON.stringify(event), event };
}

export async function postSigned(relay: { url: string; secretBase64: string }, body: string): Promise<{ seq: number; duplicate: boolean }> {
  const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.text}`);
  return JSON.parse(answer.text) as { seq: number; duplicate: boolean };
}

/** Posts every body, `concurrency` at a time, like a provider under load; resolves with the answers in input order. */
export async function postAll(relay: { url: string; secretBase64: string }, bodies: string[], concurrency = 8): Promise<{ seq: number; duplicate: boolean }[]> {
  const answers: { seq: number; duplicate: boolean }[] = new Array(bodies.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const index = next++;
      answers[index] = await postSigned(relay, bodies[index]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

export async function headSeq(relay: { url: string }): Promise<number> {
  const health = (await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number };
  return health.headSeq;
}
