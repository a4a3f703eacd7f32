import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, namespacedCallId, type ProviderSource, type RingsideEvent } from '../../src/shared/events/model';
import { parseRelaySettings, type SettingReader } from '../src/config';
import { openRelayDatabase, type RelayDatabase } from '../src/database';
import { createLogger } from '../src/logger';
import { WEBHOOK_PROVIDERS } from '../src/providers/registry';
import { defineWebhookProvider, type WebhookProviderDefinition } from '../src/providers/webhook-provider';
import { createRelay, type Relay } from '../src/server';

/**
 * A new provider needs only its folder: this test defines one under a name the relay
 * has never heard of, "acme" (Twilio-shaped: form body, a signature over the full
 * public URL, a synchronous TwiML answer), the way relay/src/providers/acme/provider.ts
 * would, adds it to the registry's list, reads its settings through parseRelaySettings,
 * and posts to it through the real pipeline of a real relay on loopback.
 *
 * Outside the relay a new provider adds one shared line: its name in `providerSources`
 * (src/shared/events/model.ts), so consoles accept events with that source. The relay
 * itself never looks at a provider event's source, so this test's events carry "acme"
 * without that line (hence the one cast below).
 */

const PUBLIC_URL = 'https://relay.example.com';
const AUTH_TOKEN = 'test-auth-token-0123456789';
const SOURCE = 'acme' as unknown as ProviderSource;

/** Twilio's X-Twilio-Signature: HMAC-SHA1 over the full URL plus every form field, sorted by name. */
function twilioSignature(token: string, url: string, fields: Record<string, string>): string {
  const data = Object.keys(fields).sort().reduce((text, name) => text + name + fields[name], url);
  return createHmac('sha1', token).update(data).digest('base64');
}

const acmeProvider = defineWebhookProvider({
  name: 'acme',
  title: 'Acme Voice',
  settings: [{ name: 'ACME_AUTH_TOKEN', default: 'unset', description: 'Auth token of the Acme Voice account.' }],
  readSettings: (value: SettingReader, errors: string[]) => {
    const token = value('ACME_AUTH_TOKEN') ?? null;
    if (token !== null && token.length < 16) errors.push('ACME_AUTH_TOKEN is too short');
    return { token };
  },
  create: ({ token }) => ({
    unconfigured: token === null ? 'Acme Voice webhooks are not configured: set ACME_AUTH_TOKEN on the relay' : null,
    bodyFormat: 'form',
    verify: ({ headers, rawBody, publicUrl }) => {
      if (publicUrl === null || token === null) return { ok: false, reason: 'no_public_url' };
      const fields = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
      return headers['x-twilio-signature'] === twilioSignature(token, publicUrl, fields) ? { ok: true, deliveryId: null } : { ok: false, reason: 'bad_signature' };
    },
    normalize: (payload, { receivedAt }) => {
      const form = payload as Record<string, string>;
      if (form.CallSid === undefined || form.From === undefined || form.To === undefined) return { ok: false, error: 'CallSid, From and To are required' };
      const event: RingsideEvent = {
        v: EVENT_MODEL_VERSION,
        id: `${form.CallSid}:ringing`,
        source: SOURCE,
        type: 'call.ringing',
        occurredAt: receivedAt,
        receivedAt,
        lines: [form.To],
        data: { callId: namespacedCallId(SOURCE, form.CallSid), direction: 'incoming', businessNumber: form.To, externalNumber: form.From, startedAt: receivedAt },
        raw: form,
      };
      return { ok: true, events: [event] };
    },
    answer: (stored) => ({ status: 200, contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thanks, call ${stored[0]!.seq}.</Say></Response>` }),
  }),
});

// What adding its line to relay/src/providers/registry.ts does.
const providers: WebhookProviderDefinition[] = [...WEBHOOK_PROVIDERS, acmeProvider];

let dataDir: string;
let db: RelayDatabase;
let relay: Relay;
let url: string;

async function start(env: Record<string, string>): Promise<{ relay: Relay; db: RelayDatabase; url: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-seam-'));
  const parsed = parseRelaySettings({ RELAY_DATA_DIR: dir, RELAY_PUBLIC_URL: PUBLIC_URL, ...env }, providers);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const database = openRelayDatabase(dir);
  const started = createRelay({ settings: parsed.settings, db: database, logger: createLogger('error', Date.now), clock: Date.now, providers });
  await new Promise<void>((resolve) => started.server.listen(0, '127.0.0.1', resolve));
  return { relay: started, db: database, url: `http://127.0.0.1:${(started.server.address() as AddressInfo).port}`, dir };
}

async function stop(running: { relay: Relay; db: RelayDatabase; dir: string }): Promise<void> {
  await running.relay.close();
  running.db.close();
  rmSync(running.dir, { recursive: true, force: true });
}

beforeAll(async () => {
  ({ relay, db, url, dir: dataDir } = await start({ ACME_AUTH_TOKEN: AUTH_TOKEN }));
});

afterAll(async () => {
  if (relay) await stop({ relay, db, dir: dataDir });
});

function postForm(base: string, fields: Record<string, string>, signature: string): Promise<Response> {
  return fetch(`${base}/webhooks/acme?tenant=main`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(fields).toString(),
  });
}

const call = { CallSid: 'CA0123456789abcdef', From: '+16175550111', To: '+16175550100', CallStatus: 'ringing' };

describe('a provider defined only by its folder', () => {
  it('is served at /webhooks/<name>: form body verified over the public URL, normalized, stored, answered with its own TwiML', async () => {
    const answer = await postForm(url, call, twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/acme?tenant=main`, call));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await answer.text()).toContain('<Response><Say>Thanks, call 1.</Say></Response>');
    const [stored] = relay.log.readAfter(0, 10);
    expect(JSON.parse(stored!.json)).toMatchObject({ source: 'acme', type: 'call.ringing', data: { callId: 'acme:CA0123456789abcdef' } });
    expect(relay.webhooks.acme).toBe('configured');
  });

  it('gets the pipeline refusals for free: 401 bad signature, 400 malformed, 413 too large, nothing stored', async () => {
    const head = relay.log.headSeq;
    expect((await postForm(url, call, 'forged')).status).toBe(401);
    const partial = { CallSid: 'CA1' };
    expect((await postForm(url, partial, twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/acme?tenant=main`, partial))).status).toBe(400);
    const huge = { Body: 'x'.repeat(2_000_000) };
    expect((await postForm(url, huge, 'whatever')).status).toBe(413);
    expect(relay.log.headSeq).toBe(head);
  });

  it('reads its own settings: unset answers 503 naming it, a bad one stops start-up naming it', async () => {
    const unconfigured = await start({});
    try {
      const answer = await postForm(unconfigured.url, call, 'x');
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { error: string }).error).toContain('ACME_AUTH_TOKEN');
      expect(unconfigured.relay.webhooks.acme).toBe('not configured');
    } finally {
      await stop(unconfigured);
    }
    const bad = parseRelaySettings({ ACME_AUTH_TOKEN: 'short' }, providers);
    expect(bad.ok ? [] : bad.errors).toEqual(['ACME_AUTH_TOKEN is too short']);
  });

  it('leaves the other providers as they were', async () => {
    expect((await fetch(`${url}/webhooks/vapi`, { method: 'POST', body: '{}' })).status).toBe(503);
    expect((await fetch(`${url}/webhooks/twilio`, { method: 'POST', body: '{}' })).status).toBe(503);
    expect(relay.webhooks).toMatchObject({ openphone: 'not configured', twilio: 'not configured', vapi: 'not configured', acme: 'configured' });
    expect((await fetch(`${url}/webhooks/openphone`, { method: 'POST', body: '{}' })).status).toBe(503);
  });
});
