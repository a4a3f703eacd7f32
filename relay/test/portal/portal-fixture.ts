import { randomUUID } from 'node:crypto';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent, type TranscriptLine } from '../../../src/shared/events/model';
import { startMediaRelay, type MediaRelay } from '../media/media-relay';

/**
 * A real relay on loopback for the portal's tests (createRelay, its SQLite file, HTTP), with
 * customers, a plan, invoices and calls set up the way consoles and providers make them:
 * console events through POST /v1/events, calls as a provider's normalized events.
 */

export const LINE = '+16175550100';
export const PUBLIC_URL = 'http://127.0.0.1:9';

export interface PortalRelay {
  relay: MediaRelay;
  admin: string;
  agent: string;
  bookkeeper: string;
  stop(): Promise<void>;
}

export async function startPortalRelay(env: Record<string, string> = {}): Promise<PortalRelay> {
  const relay = await startMediaRelay({ RELAY_PUBLIC_URL: PUBLIC_URL, RELAY_BUSINESS_NAME: 'Harbor IT Support', ...env });
  const admin = relay.addDevice('Back office', 'admin');
  const agent = relay.addDevice('Front desk', 'agent', [LINE]);
  const bookkeeper = relay.addDevice('Books', 'bookkeeper');
  // The relay notices devices added by another connection within its poll.
  await waitForDevice(relay.url, bookkeeper);
  return { relay, admin, agent, bookkeeper, stop: () => relay.stop() };
}

async function waitForDevice(url: string, token: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const answer = await fetch(`${url}/v1/devices/me`, { headers: { authorization: `Bearer ${token}` } });
    if (answer.status === 200) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the relay never saw the device');
}

/** Billing facts QuickBooks brings (invoice.synced, payment.recorded) come from the bookkeeper console; the rest from the admin's. */
const BOOKKEEPER_TYPES = new Set(['invoice.synced', 'payment.recorded', 'invoice.balance_changed']);

export async function consoleEvent(t: PortalRelay, type: string, data: Record<string, unknown>, id = `${type}:${randomUUID()}`): Promise<number> {
  const answer = await fetch(`${t.relay.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOKKEEPER_TYPES.has(type) ? t.bookkeeper : t.admin}` },
    body: JSON.stringify({ id, type, occurredAt: new Date().toISOString(), data }),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`POST /v1/events ${type} answered ${answer.status}: ${text}`);
  return (JSON.parse(text) as { seq: number }).seq;
}

export interface Customer {
  customerId: string;
  name: string;
  company?: string | null;
  email?: string | null;
  phones: string[];
}

export async function addCustomer(t: PortalRelay, customer: Customer): Promise<void> {
  await consoleEvent(t, 'customer.upserted', { company: null, email: null, quickbooksId: null, ...customer });
}

/** The Growth plan: $199 a month, 10 h included, overage $90 an hour. */
export async function defineGrowthPlan(t: PortalRelay): Promise<void> {
  await consoleEvent(t, 'plan.defined', { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36_000, overageRatePerHourMinor: 9000, incrementSeconds: 60, minimumBillableSeconds: 60, graceSeconds: 0 }, 'plan:growth');
}

export async function subscribe(t: PortalRelay, customerId: string, startDate: string): Promise<string> {
  const subscriptionId = `sub-${customerId}`;
  await consoleEvent(t, 'subscription.started', { subscriptionId, customerId, planId: 'growth', startDate });
  return subscriptionId;
}

export async function creditWallet(t: PortalRelay, customerId: string, amountMinor: number): Promise<void> {
  await consoleEvent(t, 'wallet.credited', { entryId: `top-up-${randomUUID()}`, customerId, kind: 'top_up', amountMinor, currency: 'USD' });
}

function envelope(id: string, at: string) {
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone' as const, occurredAt: at, receivedAt: at, lines: [LINE] };
}

let calls = 0;
export function newCallId(): string {
  return `openphone:ACportal${Date.now().toString(36)}${(calls++).toString(36)}`;
}

/** An answered call from `caller`, `minutesAgo` before now, that lasted `seconds`. */
export function answeredCall(callId: string, caller: string, minutesAgo: number, seconds: number): EventOf<'call.completed'> {
  const startedMs = Date.now() - minutesAgo * 60_000;
  const answeredAt = new Date(startedMs + 5_000).toISOString();
  const completedAt = new Date(startedMs + 5_000 + seconds * 1000).toISOString();
  return {
    ...envelope(`EV-completed-${callId}`, completedAt),
    type: 'call.completed',
    data: { callId, direction: 'incoming', businessNumber: LINE, externalNumber: caller, startedAt: new Date(startedMs).toISOString(), answeredAt, completedAt, durationSeconds: seconds, voicemailUrl: null, answeredBy: null, voicemail: null },
  };
}

export function transcriptReady(callId: string, dialogue: Omit<TranscriptLine, 'startSeconds' | 'endSeconds'>[]): EventOf<'call.transcript_ready'> {
  return {
    ...envelope(`EV-transcript-${callId}`, new Date().toISOString()),
    type: 'call.transcript_ready',
    data: { callId, durationSeconds: null, dialogue: dialogue.map((line, i) => ({ ...line, startSeconds: i * 5, endSeconds: i * 5 + 4 })) },
  };
}

export function recordingReady(callId: string, url: string): EventOf<'call.recording_ready'> {
  return {
    ...envelope(`EV-recording-${callId}`, new Date().toISOString()),
    type: 'call.recording_ready',
    data: { callId, recordings: [{ mediaId: `${callId}:recording:0`, url, contentType: 'audio/mpeg', durationSeconds: 3 }], call: null },
  };
}

export async function deliver(t: PortalRelay, ...events: RingsideEvent[]): Promise<void> {
  await t.relay.deliver(...events);
}

export interface LinkAnswer {
  status: number;
  body: { link?: { linkId: string; state: string; customerId: string; createdBy: string; expiresAt: string | null }; url?: string; error?: string; links?: unknown[]; notice?: unknown };
}

export async function rest(t: PortalRelay, method: 'GET' | 'POST', path: string, body?: unknown, token = t.admin): Promise<LinkAnswer> {
  const answer = await fetch(`${t.relay.url}${path}`, {
    method,
    headers: { ...(token === '' ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, body: (await answer.json()) as LinkAnswer['body'] };
}

export async function makeLink(t: PortalRelay, customerId: string, expiresInDays: number | null = null, requestId = `req-${randomUUID()}`): Promise<{ linkId: string; url: string; path: string }> {
  const made = await rest(t, 'POST', '/v1/portal/links', { requestId, customerId, expiresInDays });
  if (made.status !== 201) throw new Error(`POST /v1/portal/links answered ${made.status}: ${JSON.stringify(made.body)}`);
  const url = made.body.url!;
  return { linkId: made.body.link!.linkId, url, path: url.slice(PUBLIC_URL.length) };
}

/** GET a portal path as a browser would, from `address` (the relay believes X-Forwarded-For from loopback, its trusted proxy). */
export async function openPortal(t: PortalRelay, path: string, address = '203.0.113.10', init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const answer = await fetch(`${t.relay.url}${path}`, { ...init, redirect: 'manual', headers: { 'x-forwarded-for': address, ...(init.headers as Record<string, string> | undefined) } });
  return { status: answer.status, text: await answer.text(), headers: answer.headers };
}
