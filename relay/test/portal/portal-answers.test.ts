import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCustomer, answeredCall, deliver, makeLink, newCallId, openPortal, startPortalRelay, type PortalRelay } from './portal-fixture';

/**
 * Every answer under /portal/ is the portal's own: a page in words with its security headers,
 * whatever the method, the query or a fault inside the relay, and never the token back.
 */

const CY = '+16175550144';
let t: PortalRelay;
let cy: { path: string; linkId: string };
const callId = newCallId();

beforeAll(async () => {
  t = await startPortalRelay({ PORTAL_SHOW_RECORDINGS: 'on', RELAY_BUSINESS_CONTACT: 'call (617) 555-0100' });
  await addCustomer(t, { customerId: 'cust-cy', name: 'Cy Moss', email: 'cy@moss.test', phones: [CY] });
  await deliver(t, answeredCall(callId, CY, 30, 120));
  cy = await makeLink(t, 'cust-cy');
});
afterAll(async () => {
  await t.stop();
});

function tokenOf(path: string): string {
  return path.split('/')[2]!;
}

function expectPortalHeaders(headers: Headers): void {
  expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
}

describe('answers under /portal/', () => {
  it('a hostile at= or before= (a year Date.parse takes and toISOString refuses) gets a 400 page in words, not a fault', async () => {
    const hostile = encodeURIComponent('+275760-09-13T00:00:00.000Z');
    for (const path of [`${cy.path}/calls/${callId}?at=${hostile}`, `${cy.path}/calls/${callId}/recording/${'a'.repeat(64)}?at=${hostile}`, `${cy.path}?before=${hostile}`, `${cy.path}?before=yesterday`]) {
      const answer = await openPortal(t, path);
      expect(answer.status, path).toBe(400);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('follow the link from there');
      expect(answer.text).not.toContain(tokenOf(cy.path));
      expectPortalHeaders(answer.headers);
    }
  });

  it('PUT, DELETE and OPTIONS get a 405 page with the portal headers that does not repeat the token', async () => {
    for (const method of ['PUT', 'DELETE', 'OPTIONS']) {
      const answer = await openPortal(t, cy.path, '203.0.113.20', { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text).not.toContain(tokenOf(cy.path));
      expectPortalHeaders(answer.headers);
    }
  });

  it('the 404 and 410 pages carry the portal headers', async () => {
    const missing = await openPortal(t, `${cy.path}/nothing-here`);
    expect(missing.status).toBe(404);
    expectPortalHeaders(missing.headers);
    const gone = await makeLink(t, 'cust-cy');
    t.relay.db.prepare("UPDATE portal_links SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE link_id = ?").run(gone.linkId);
    const revoked = await openPortal(t, gone.path);
    expect(revoked.status).toBe(410);
    expectPortalHeaders(revoked.headers);
    expect(revoked.text).toContain('Ask us for a new link if you still need one: call (617) 555-0100.');
  });

  it('the account page and the expired page say how to reach the business (RELAY_BUSINESS_CONTACT)', async () => {
    expect((await openPortal(t, cy.path, '203.0.113.22')).text).toContain('To reach Harbor IT Support: call (617) 555-0100.');
    const old = await makeLink(t, 'cust-cy');
    t.relay.db.prepare("UPDATE portal_links SET expires_at = '2026-01-01T00:00:00.000Z' WHERE link_id = ?").run(old.linkId);
    const expired = await openPortal(t, old.path, '203.0.113.22');
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('This link has expired');
    expect(expired.text).toContain('call (617) 555-0100');
  });

  it('a fault inside the relay gets a portal 500 page with its headers, never JSON, and the log names the path without the token', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    t.relay.db.exec('ALTER TABLE media RENAME TO media_away');
    try {
      const answer = await openPortal(t, cy.path, '203.0.113.21');
      expect(answer.status).toBe(500);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('could not be shown just now');
      expect(answer.text).not.toContain(tokenOf(cy.path));
      expectPortalHeaders(answer.headers);
    } finally {
      t.relay.db.exec('ALTER TABLE media_away RENAME TO media');
      spy.mockRestore();
    }
    const failed = lines.filter((line) => line.includes('request failed'));
    expect(failed.length).toBe(1);
    expect(failed[0]).toContain('"path":"/portal/…"');
    expect(lines.join('')).not.toContain(tokenOf(cy.path));
  });

  it("the shipped nginx config keeps portal paths (they hold the token) out of its access log", () => {
    const conf = readFileSync(new URL('../../deploy/nginx-ringside-relay.conf', import.meta.url), 'utf8');
    const block = /location \/portal\/ \{([^}]*)\}/.exec(conf);
    expect(block?.[1]).toContain('access_log off;');
  });
});
