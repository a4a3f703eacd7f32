import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { cloudEventsWebhookBody, legacyWebhookBody, signWebhookBody } from './webhooks';

/** Webhook envelopes and `intuit-signature` (spec §10, §13-11), checked against the spec's test vectors. */
describe('QuickBooks emulator webhooks', () => {
  const key = 'f1a2b3c4-d5e6-4789-8abc-def012345678';

  it('signs the spec vectors byte for byte', () => {
    const legacy = legacyWebhookBody('9130355555555555', [
      { name: 'Invoice', id: '1042', operation: 'Create', lastUpdated: '2026-09-01T14:03:12.000Z' },
      { name: 'Payment', id: '1043', operation: 'Create', lastUpdated: '2026-09-01T14:05:40.000Z' },
    ], 'unused');
    expect(Buffer.byteLength(legacy)).toBe(274);
    expect(signWebhookBody(legacy, key)).toBe('hy/qBxmI2sXVg26ikorS/2t0JvVJPb3QlRQQfi8fukI=');
    const cloud = cloudEventsWebhookBody('9130355555555555', [{ name: 'Invoice', id: '1042', operation: 'Create', lastUpdated: '2026-09-01T14:03:12.000Z' }], 'unused', () => '7a0e6f4c-2b9d-4c61-9a55-3f1f0c2d9e10');
    expect(Buffer.byteLength(cloud)).toBe(263);
    expect(signWebhookBody(cloud, key)).toBe('TcDbmXx6ziY44zBL6bHKeoS5VYNxp3B1mcCC1PBSPjg=');
    expect(signWebhookBody('{}', key)).toBe('D4/mxzua8d+Pjd1Ipa5Yuiq0hiURSR0Qnat8WE7Xlyg=');
    expect(signWebhookBody('', key)).toBe('y8n/zrkF4QU7YTVWvngmRTpyCDyEXLNZdW+NNltBnyI=');
  });

  describe('delivery', () => {
    let emulator: QuickBooksEmulator;
    let receiver: http.Server;
    let url: string;
    const received: { body: Buffer; signature: string; contentType: string }[] = [];
    beforeEach(async () => {
      received.length = 0;
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ body: Buffer.concat(chunks), signature: String(req.headers['intuit-signature']), contentType: String(req.headers['content-type']) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/quickbooks`;
    });
    afterEach(async () => {
      await emulator.close();
      await new Promise((r) => receiver.close(r));
    });

    const verifies = (body: Buffer, header: string, token: string) => {
      const expected = Buffer.from(createHmac('sha256', token).update(body).digest('base64'));
      return expected.length === header.length && timingSafeEqual(expected, Buffer.from(header));
    };

    it('posts the changes the owner made, signed so a receiver can verify the raw body', async () => {
      emulator = createQuickBooksEmulator({ webhookVerifierToken: key });
      const harbor = emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group');
      emulator.editCustomer(String(harbor?.Id), { Notes: 'VIP' });
      const delivery = await emulator.sendWebhook(url, emulator.takeChanges());
      expect(delivery.status).toBe(200);
      const got = received[0];
      expect(got && verifies(got.body, got.signature, key)).toBe(true);
      expect(got && verifies(got.body, got.signature, 'other-token')).toBe(false);
      const parsed = JSON.parse(String(got?.body));
      expect(parsed.eventNotifications[0]).toMatchObject({ realmId: emulator.realmId, dataChangeEvent: { entities: [{ name: 'Customer', id: harbor?.Id, operation: 'Update' }] } });
    });

    it('sends CloudEvents when asked, and delivers on its own when configured', async () => {
      emulator = createQuickBooksEmulator({ webhooks: { url, format: 'cloudevents', delayMs: 10 } });
      const invoiceLessCustomer = emulator.customers().find((c) => c.DisplayName === 'Marco Bianchi');
      emulator.deactivateCustomer(String(invoiceLessCustomer?.Id));
      await new Promise((r) => setTimeout(r, 100));
      const got = received[0];
      expect(got?.contentType).toBe('application/cloudevents-batch+json');
      expect(got && verifies(got.body, got.signature, emulator.webhookVerifierToken)).toBe(true);
      expect(JSON.parse(String(got?.body))[0]).toMatchObject({ type: 'qbo.customer.deleted.v1', intuitentityid: invoiceLessCustomer?.Id, intuitaccountid: emulator.realmId });
    });

    it('reports a merge with the id merged away', async () => {
      emulator = createQuickBooksEmulator();
      const [a, b] = emulator.customers();
      emulator.mergeCustomers(String(a?.Id), String(b?.Id));
      expect(emulator.takeChanges()).toContainEqual(expect.objectContaining({ name: 'Customer', id: a?.Id, operation: 'Merge', deletedId: a?.Id }));
      expect(emulator.customers().some((c) => c.Id === a?.Id)).toBe(false);
    });
  });
});
