import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalLinkSchema } from '../../../src/shared/relay-rest/portal';
import { addCustomer, makeLink, openPortal, PUBLIC_URL, rest, startPortalRelay, type PortalRelay } from './portal-fixture';

/** POST/GET /v1/portal/links, revoke and send (src/shared/relay-rest/portal.ts), against a real relay on loopback. */

let t: PortalRelay;

beforeAll(async () => {
  t = await startPortalRelay();
  await addCustomer(t, { customerId: 'cust-ada', name: 'Ada Oak', email: 'ada@oakivy.test', phones: ['+16175550123'] });
  await addCustomer(t, { customerId: 'cust-bo', name: 'Bo Reed', phones: ['+16175550177'] });
});

afterAll(async () => {
  await t?.stop();
});

function storedLinks(): { link_id: string; token_hash: Buffer }[] {
  return t.relay.db.prepare('SELECT link_id, token_hash FROM portal_links').all() as { link_id: string; token_hash: Buffer }[];
}

describe('making a portal link', () => {
  it('answers the link and its url once: a 43-character random token under RELAY_PUBLIC_URL/portal/, of which the relay keeps only the SHA-256', async () => {
    const made = await rest(t, 'POST', '/v1/portal/links', { requestId: 'req-first-link', customerId: 'cust-ada', expiresInDays: null });
    expect(made.status).toBe(201);
    expect(portalLinkSchema.parse(made.body.link)).toMatchObject({ customerId: 'cust-ada', createdBy: 'Back office', expiresAt: null, revokedAt: null, lastOpenedAt: null, state: 'active' });
    const token = made.body.url!.slice(`${PUBLIC_URL}/portal/`.length);
    expect(made.body.url!.startsWith(`${PUBLIC_URL}/portal/`)).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = storedLinks().find((r) => r.link_id === made.body.link!.linkId)!;
    expect(row.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    const dump = JSON.stringify(t.relay.db.prepare('SELECT * FROM portal_links').all());
    expect(dump).not.toContain(token);
  });

  it('a retried request (its answer lost) answers the same link with a fresh token, and the lost one stops working', async () => {
    const body = { requestId: 'req-retried-link', customerId: 'cust-ada', expiresInDays: 30 };
    const first = await rest(t, 'POST', '/v1/portal/links', body);
    const again = await rest(t, 'POST', '/v1/portal/links', body);
    expect(again.status).toBe(201);
    expect(again.body.link!.linkId).toBe(first.body.link!.linkId);
    expect(again.body.url).not.toBe(first.body.url);
    expect((await openPortal(t, first.body.url!.slice(PUBLIC_URL.length))).status).toBe(404);
    expect((await openPortal(t, again.body.url!.slice(PUBLIC_URL.length))).status).toBe(200);
    // Opened now: a third try cannot say its address again.
    const late = await rest(t, 'POST', '/v1/portal/links', body);
    expect(late).toMatchObject({ status: 409, body: { error: 'This link has been opened already, so its address cannot be shown again. Make a new link instead.' } });
  });

  it('expires after the days asked for', async () => {
    const made = await rest(t, 'POST', '/v1/portal/links', { requestId: 'req-expiring', customerId: 'cust-bo', expiresInDays: 7 });
    const days = (Date.parse(made.body.link!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it.each([
    ['an unknown customer', { customerId: 'cust-nobody' }, 404, 'This customer is not known to the relay yet (or was removed). Save the customer and try again in a moment.'],
    ['a request id too short to be one', { requestId: 'x' }, 400, 'requestId'],
    ['an expiry of no days', { expiresInDays: 0 }, 400, 'expiresInDays'],
  ])('refuses %s in plain words', async (_what, change, status, words) => {
    const answer = await rest(t, 'POST', '/v1/portal/links', { requestId: `req-refused-${status}-${Math.random()}`, customerId: 'cust-ada', expiresInDays: null, ...change });
    expect(answer.status).toBe(status);
    expect(answer.body.error).toContain(words);
  });

  it('refuses a request without a device token (401), counted as a failed authentication', async () => {
    const answer = await rest(t, 'POST', '/v1/portal/links', { requestId: 'req-no-token', customerId: 'cust-ada', expiresInDays: null }, '');
    expect(answer).toMatchObject({ status: 401, body: { error: 'a valid device token is required (Authorization: Bearer <token>)' } });
  });

  it('an agent console may make one too', async () => {
    const answer = await rest(t, 'POST', '/v1/portal/links', { requestId: 'req-by-agent', customerId: 'cust-bo', expiresInDays: null }, t.agent);
    expect(answer.status).toBe(201);
    expect(answer.body.link!.createdBy).toBe('Front desk');
  });
});

describe('listing and revoking', () => {
  it("lists a customer's links, newest first, with their state, and never another customer's; a revoked link's page says so (410)", async () => {
    const link = await makeLink(t, 'cust-bo');
    const listed = await rest(t, 'GET', '/v1/portal/links?customerId=cust-bo');
    expect(listed.status).toBe(200);
    const links = (listed.body.links as { linkId: string; customerId: string; state: string }[]).map((l) => portalLinkSchema.parse(l));
    expect(links[0]!.linkId).toBe(link.linkId);
    expect(links.every((l) => l.customerId === 'cust-bo')).toBe(true);

    const revoked = await rest(t, 'POST', '/v1/portal/links/revoke', { linkId: link.linkId });
    expect(revoked.status).toBe(200);
    expect(revoked.body.link).toMatchObject({ linkId: link.linkId, state: 'revoked' });
    const page = await openPortal(t, link.path);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This link was turned off');
    expect(page.text).not.toContain('Bo Reed');
    expect((await rest(t, 'GET', '/v1/portal/links?customerId=cust-bo')).body.links).toContainEqual(expect.objectContaining({ linkId: link.linkId, state: 'revoked' }));
  });

  it('an expired link says it has expired (410) and lists as expired', async () => {
    const link = await makeLink(t, 'cust-bo', 1);
    // A day passes: the stored expiry is now behind the relay's clock.
    t.relay.db.prepare('UPDATE portal_links SET expires_at = ? WHERE link_id = ?').run(new Date(Date.now() - 60_000).toISOString(), link.linkId);
    const page = await openPortal(t, link.path);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This link has expired');
    expect((await rest(t, 'GET', '/v1/portal/links?customerId=cust-bo')).body.links).toContainEqual(expect.objectContaining({ linkId: link.linkId, state: 'expired' }));
  });

  it('asks for the customer and refuses an unknown link', async () => {
    expect(await rest(t, 'GET', '/v1/portal/links')).toMatchObject({ status: 400, body: { error: 'customerId is required, e.g. /v1/portal/links?customerId=cust-1' } });
    expect(await rest(t, 'POST', '/v1/portal/links/revoke', { linkId: 'pl-nothing' })).toMatchObject({ status: 404, body: { error: 'There is no such portal link.' } });
  });
});

describe('sending a link', () => {
  it("checks the url is the link's own before anything else", async () => {
    const link = await makeLink(t, 'cust-ada');
    const other = await makeLink(t, 'cust-ada');
    const answer = await rest(t, 'POST', '/v1/portal/links/send', { requestId: 'req-send-wrong', linkId: link.linkId, url: other.url, channel: 'email', to: null });
    expect(answer).toMatchObject({ status: 400, body: { error: "That address is not this link's. Copy the link again from where it was made, or make a new one." } });
  });

  it('refuses a revoked link', async () => {
    const link = await makeLink(t, 'cust-ada');
    await rest(t, 'POST', '/v1/portal/links/revoke', { linkId: link.linkId });
    const answer = await rest(t, 'POST', '/v1/portal/links/send', { requestId: 'req-send-revoked', linkId: link.linkId, url: link.url, channel: 'email', to: null });
    expect(answer).toMatchObject({ status: 409, body: { error: 'This link was turned off, so it cannot be sent. Make a new one.' } });
  });
});

describe('a relay without RELAY_PUBLIC_URL', () => {
  it('refuses to make a link (503) in plain words', async () => {
    const bare = await startPortalRelay({ RELAY_PUBLIC_URL: '' });
    try {
      await addCustomer(bare, { customerId: 'cust-ada', name: 'Ada Oak', phones: ['+16175550123'] });
      const answer = await rest(bare, 'POST', '/v1/portal/links', { requestId: 'req-no-public-url', customerId: 'cust-ada', expiresInDays: null });
      expect(answer).toMatchObject({ status: 503, body: { error: 'The relay does not know its public address, so it cannot make a portal link. Ask the owner to set RELAY_PUBLIC_URL (e.g. https://relay.example.com).' } });
    } finally {
      await bare.stop();
    }
  });
});
