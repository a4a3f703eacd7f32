import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/**
 * QuickBooks Online emulator: webhook deliveries (spec §10). Two envelopes — the legacy
 * `eventNotifications` one and the CloudEvents array Intuit moved to in 2026 — signed with
 * `intuit-signature: base64(HMAC-SHA256(verifier token, raw body bytes))`. Written apart from the
 * relay's verifier on purpose, so the two check each other against the spec's test vectors.
 */

export type WebhookOperation = 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed';
export type WebhookFormat = 'legacy' | 'cloudevents';

export interface WebhookEntity {
  /** `Customer`, `Invoice`, `Payment`, `Item`. */
  name: string;
  id: string;
  operation: WebhookOperation;
  /** ISO instant; default now. */
  lastUpdated?: string;
  /** Merge: the id merged away. */
  deletedId?: string;
}

export function signWebhookBody(body: string | Buffer, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('base64');
}

export function legacyWebhookBody(realmId: string, entities: WebhookEntity[], nowIso: string): string {
  return JSON.stringify({
    eventNotifications: [
      {
        realmId,
        dataChangeEvent: {
          entities: entities.map((e) => ({
            name: e.name,
            id: e.id,
            operation: e.operation,
            lastUpdated: e.lastUpdated ?? nowIso,
            ...(e.deletedId ? { deletedId: e.deletedId } : {}),
          })),
        },
      },
    ],
  });
}

const pastTense: Record<WebhookOperation, string> = { Create: 'created', Update: 'updated', Delete: 'deleted', Merge: 'merged', Void: 'voided', Emailed: 'emailed' };

export function cloudEventsWebhookBody(realmId: string, entities: WebhookEntity[], nowIso: string, newId: () => string = randomUUID): string {
  return JSON.stringify(
    entities.map((e) => ({
      specversion: '1.0',
      id: newId(),
      source: 'intuit.qbo',
      type: `qbo.${e.name.toLowerCase()}.${pastTense[e.operation]}.v1`,
      datacontenttype: 'application/json',
      time: e.lastUpdated ?? nowIso,
      intuitentityid: e.id,
      intuitaccountid: realmId,
      data: e.deletedId ? { deletedid: e.deletedId } : {},
    })),
  );
}

export interface WebhookDelivery {
  status: number;
  body: string;
  /** The exact bytes sent and their signature, for assertions. */
  sentBody: string;
  signature: string;
}

/** POSTs an already-built body with its signature; resolves with the receiver's answer. */
export function postSignedWebhook(targetUrl: string, body: string, verifierToken: string, contentType = 'application/json'): Promise<WebhookDelivery> {
  const url = new URL(targetUrl);
  const bytes = Buffer.from(body, 'utf8');
  const signature = signWebhookBody(bytes, verifierToken);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: 'POST', headers: { 'content-type': contentType, 'content-length': String(bytes.length), 'intuit-signature': signature, 'user-agent': 'QuickBooks-Emulator-Webhooks' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentBody: body, signature }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}
