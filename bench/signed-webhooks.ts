import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { callCompletedEvent, callRingingEvent } from '../tools/emulators/openphone/payloads';
import { signLegacy } from '../tools/emulators/openphone/signature';

/**
 * OpenPhone webhooks built and signed ahead of time (the emulator's payloads and
 * signature), so a measurement times the delivery and nothing of the sender's own work.
 */

export interface PreparedWebhook {
  body: Buffer;
  headers: Record<string, string>;
}

export interface Delivery {
  status: number;
  /** performance.now() just before the request was handed to the socket. */
  sentAt: number;
  /** performance.now() when the whole answer had arrived. */
  answeredAt: number;
}

export function prepareWebhook(body: string, secretBase64: string, signedAtMs = Date.now()): PreparedWebhook {
  const bytes = Buffer.from(body, 'utf8');
  return {
    body: bytes,
    headers: {
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      'openphone-signature': signLegacy(secretBase64, signedAtMs, bytes),
    },
  };
}

export interface CallInput {
  callId: string;
  from: string;
  to: string;
  at: Date;
}

export function prepareRinging(call: CallInput, secretBase64: string): PreparedWebhook {
  return prepareWebhook(callRingingEvent(call).body, secretBase64);
}

/** A completed call (answered after 5 s, or missed when talkSeconds is 0), `call.at` being when it rang. */
export function prepareCompleted(call: CallInput, talkSeconds: number, secretBase64: string): PreparedWebhook {
  const answeredAt = talkSeconds > 0 ? new Date(call.at.getTime() + 5_000) : null;
  const completedAt = new Date((answeredAt ?? call.at).getTime() + Math.max(talkSeconds, 20) * 1000);
  const body = callCompletedEvent({ callId: call.callId, from: call.from, to: call.to, createdAt: call.at, answeredAt, completedAt }).body;
  return prepareWebhook(body, secretBase64);
}

/** A keep-alive connection pool to one relay; destroy() it when done. */
export function webhookAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

export function deliver(relayUrl: string, webhook: PreparedWebhook, agent: http.Agent): Promise<Delivery> {
  const url = new URL('/webhooks/openphone', relayUrl);
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = http.request(url, { method: 'POST', headers: webhook.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sentAt, answeredAt: performance.now() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(webhook.body);
  });
}

/**
 * Delivers every webhook with `senders` concurrent senders, each posting its next one
 * as soon as its previous one is answered. Any answer but 2xx fails the run.
 */
export async function deliverAll(relayUrl: string, webhooks: readonly PreparedWebhook[], senders: number, agent: http.Agent): Promise<Delivery[]> {
  const deliveries: Delivery[] = new Array(webhooks.length);
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < webhooks.length) {
      const index = next++;
      const delivery = await deliver(relayUrl, webhooks[index]!, agent);
      if (delivery.status < 200 || delivery.status >= 300) throw new Error(`webhook ${index} answered ${delivery.status}`);
      deliveries[index] = delivery;
    }
  };
  await Promise.all(Array.from({ length: Math.min(senders, webhooks.length) }, sender));
  return deliveries;
}
