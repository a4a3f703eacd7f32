import type { IncomingHttpHeaders } from 'node:http';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { AccountsReader } from '../accounts/account-standing';
import type { AlertRaiser } from '../alerts/alert-service';
import type { SettingDescription, SettingReader } from '../config';
import type { RelayDatabase } from '../database';
import type { AppendResult } from '../log/event-log';
import type { MediaCredential } from '../media/media-credentials';

/**
 * The provider seam. A provider is one folder, relay/src/providers/<name>/, exporting a
 * WebhookProviderDefinition: the settings it reads, how its body is encoded, how its
 * signature is checked, which normalizer turns a delivery into events, and optionally
 * a synchronous answer (TwiML, a Vapi reply). The one webhook pipeline
 * (relay/src/webhooks/webhook-pipeline.ts) does everything else, the same way for all.
 */

export type WebhookBodyFormat = 'json' | 'form';

/** What a verifier sees: the exact bytes and headers received, and where they were sent. */
export interface SignedRequest {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The full public URL the provider called (RELAY_PUBLIC_URL + path and query), or null while RELAY_PUBLIC_URL is unset. */
  publicUrl: string | null;
  nowMs: number;
}

export type Verification = { ok: true; deliveryId: string | null } | { ok: false; reason: string };

export interface NormalizeContext {
  receivedAt: string;
  /** From the verifier: a delivery id that is stable across retries, when the provider sends one. */
  deliveryId: string | null;
  /** performance.now() when the request arrived, for a provider that records how fast it answered (Vapi); absent outside a request (a re-normalization). */
  arrivedAt?: number;
  /** The path and query the request was sent to (Twilio's `?kind=` says which of its requests it is); absent outside a request. */
  target?: string;
}

/** One delivery may carry several events (QuickBooks: one per company); all are appended together. */
export type Normalized = { ok: true; events: RingsideEvent[] } | { ok: false; error: string };

export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookProvider {
  /** The 503 message while a setting is missing (naming the setting), null when ready. */
  unconfigured: string | null;
  /** What the start-up log line says of it once configured (e.g. "2 key(s)"); default "configured". Never a secret. */
  summary?: string;
  bodyFormat: WebhookBodyFormat;
  verify(request: SignedRequest): Verification;
  /** Called with the parsed body: a JSON value, or for `form` a Record of the fields. */
  normalize(payload: unknown, context: NormalizeContext): Normalized;
  /** A signed body that does not parse (not JSON, nested too deep): without this it is answered 400; with it, its events are stored like any. */
  unparsable?(rawBody: Buffer, context: NormalizeContext): Normalized;
  /**
   * A signed body the relay refuses to keep (larger than RELAY_MAX_BODY_BYTES, or its events can
   * never be stored): without this it is answered 413 / 400; with it, this small marker event is
   * stored instead and the delivery answered like any. `readUpToBytes` is how much is read so the
   * signature of an oversized body can be checked (memory stays bounded; beyond it, still 413).
   */
  refused?: { readUpToBytes: number; event(rawBody: Buffer, reason: 'too_large' | 'unstorable', context: NormalizeContext): RingsideEvent };
  /**
   * The answer once every event is stored. Default: {seq, duplicate} for one event, {events:[…]} for several.
   * `events` are the delivery's events as the log holds them: for a duplicate, the one stored first, so a
   * retried request is answered as the first was (a Vapi assistant-request).
   */
  answer?(stored: readonly AppendResult[], events: readonly RingsideEvent[]): WebhookAnswer;
}

export interface ProviderContext {
  /** RELAY_PUBLIC_URL without a trailing slash, or null. */
  publicUrl: string | null;
  /** RELAY_SIGNATURE_TOLERANCE_SECONDS, in ms. */
  signatureToleranceMs: number;
  /** The relay's database, for a provider that reads what the log indexed (OpenPhone's call lines). */
  db: RelayDatabase;
  /** The relay's accounts (relay/src/accounts): who a caller is and what they have left, as of the last append. */
  accounts: AccountsReader;
  /** The relay's alerts, for a provider that tells the operators of a delivery it stored but could not believe (Vapi's impossible call lengths). */
  alerts?: AlertRaiser;
  /** RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS, in ms: how far a provider's own timestamp may run ahead of the relay's clock. */
  futureToleranceMs?: number;
}

export interface ReadyProviderDefinition<Config> {
  /** URL segment (/webhooks/<name>) and metrics label. */
  name: string;
  /** As a person writes it, for messages. */
  title: string;
  /** Rows of the README settings table this provider reads. */
  settings: readonly SettingDescription[];
  /** Pure: reads the provider's settings, pushing a message naming any bad one onto `errors`. */
  readSettings(value: SettingReader, errors: string[]): Config;
  create(config: Config, context: ProviderContext): WebhookProvider;
  /** Credentials its media downloads need, each bound to one origin (Twilio's recordings). */
  mediaCredentials?(config: Config): MediaCredential[];
}

/** A provider whose issue has not landed: its route exists and answers 501. */
export interface PlannedProviderDefinition {
  name: string;
  title: string;
  planned: true;
}

export type WebhookProviderDefinition = ReadyProviderDefinition<unknown> | PlannedProviderDefinition;

/** Keeps a provider's config type checked between its readSettings and create. */
export function defineWebhookProvider<Config>(definition: ReadyProviderDefinition<Config>): WebhookProviderDefinition {
  return definition as ReadyProviderDefinition<unknown>;
}

export function isPlanned(definition: WebhookProviderDefinition): definition is PlannedProviderDefinition {
  return 'planned' in definition;
}

/** Each provider's state for the start-up log line: planned, not configured, or its own summary. */
export function providerStatus(definition: WebhookProviderDefinition, provider: WebhookProvider | null): string {
  if (isPlanned(definition) || provider === null) return 'planned';
  if (provider.unconfigured !== null) return 'not configured';
  return provider.summary ?? 'configured';
}

/** The answer every provider gets unless it has its own. */
export function defaultWebhookAnswer(stored: readonly AppendResult[]): WebhookAnswer {
  const body = stored.length === 1 ? { seq: stored[0]!.seq, duplicate: stored[0]!.duplicate } : { events: stored.map(({ seq, duplicate }) => ({ seq, duplicate })) };
  return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}
