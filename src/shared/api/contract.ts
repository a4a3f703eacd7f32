import { z } from 'zod';
import { apiMethods, apiPushes } from './api-names';
import type { CallerCard } from '../card';
import { billingApiInputSchemas, type BillingApiOutputs } from './billing';
import { dashboardApiInputSchemas, type DashboardApiOutputs } from './dashboard';
import { communicationsApiInputSchemas, type CallActivityStatus, type CommunicationsApiOutputs, type CommunicationsApiPushes } from './communications';
import type { DataChanged } from './data-changes';
import type { Page } from './page';
import { quickBooksApiInputSchemas, type QuickBooksApiOutputs, type QuickBooksApiPushes } from './quickbooks';
import { historyImportApiInputSchemas, type HistoryImportApiOutputs } from './history-import';
import { mightyCallApiInputSchemas, type MightyCallApiOutputs } from './mightycall';
import { paymentsApiInputSchemas, type PaymentsApiOutputs } from './payments';
import { portalApiInputSchemas, type PortalApiOutputs } from './portal';
import { noticesApiInputSchemas, type NoticesApiOutputs } from './notices';
import { jobsApiInputSchemas, type JobsApiOutputs } from './jobs';
import { privacyApiInputSchemas, type PrivacyApiOutputs, type PrivacyApiPushes } from './privacy';
import { reconciliationApiInputSchemas, type ReconciliationApiOutputs } from './reconciliation';
import type { SettingsView } from './settings';
import { teamApiInputSchemas, type TeamApiOutputs, type TeamApiPushes } from './team';
import { teamWorkApiInputSchemas, type TeamWorkApiOutputs } from './team-work';

/**
 * The renderer API: the only thing renderer code can reach. One list drives the
 * preload (`window.ringside`), the Electron IPC handlers and the browser harness's
 * WebSocket transport. Inputs are validated with these schemas on the main side;
 * outputs are trusted types.
 */

export type LinkState = 'connecting' | 'catching_up' | 'live' | 'offline';

export interface LinkStatus {
  state: LinkState;
  /** Why the link is offline (e.g. "device token revoked", "relay unreachable"). */
  reason: string | null;
  appliedSeq: number;
  /** The relay's head seq when known (from caught_up). */
  headSeq: number | null;
  /** The relay's receivedAt of the newest applied event, for "last event 3 min ago". */
  lastEventAt: string | null;
  relayUrl: string | null;
  /** History being rebuilt from the console's copy of the log after an upgrade (events done of total); null when not. */
  reprojection: { done: number; total: number } | null;
  /** The console received events newer than it understands (kept for later): "Update Ringside to see everything". */
  newerEventsSeen: boolean;
  /** Events received malformed (a known type and version failing validation): kept, not shown, and no update fixes them. */
  unreadableEvents?: number;
  /** The relay was restored from an older backup: the events this console had past it, saved to a file, and the log downloaded again. */
  setAside?: { events: number; file: string | null } | null;
}

export interface CustomerSummary {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  phones: string[];
  planName: string | null;
  remainingSeconds: number | null;
}

export interface ImportRowError {
  line: number;
  message: string;
}

export interface ImportReport {
  accepted: number;
  rejected: ImportRowError[];
}

export interface ImportProgress {
  done: number;
  total: number;
}

export type { DeviceTokenCleared, DeviceTokenProtection, DeviceTokenStatus, SettingsView } from './settings';

export interface CallHistoryRow {
  callId: string;
  direction: 'incoming' | 'outgoing';
  number: string;
  businessNumber: string;
  customerName: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  /** As the Communications page reads it: never missed while the call is ringing or in progress. */
  status: CallActivityStatus;
  /** Who picked up, by name (the provider's directory), else null. */
  answeredBy: string | null;
}

const empty = z.object({}).strict();

export const apiInputSchemas = {
  'link.status': empty,
  'calls.live': empty,
  // Paged on (startedAt, callId) of the previous page's last row: a start alone is not unique.
  'calls.history': z.object({ limit: z.number().int().min(1).max(500), before: z.object({ startedAt: z.string().max(40), callId: z.string().min(1).max(200) }).strict().optional() }).strict(),
  'card.pin': z.object({ callId: z.string().min(1).max(200), pinned: z.boolean() }).strict(),
  'card.dismiss': z.object({ callId: z.string().min(1).max(200) }).strict(),
  'customers.search': z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(500) }).strict(),
  // The same matches paged by (name, id) of the previous page's last row, with the count of them all.
  'customers.page': z
    .object({ query: z.string().max(200), limit: z.number().int().min(1).max(500), after: z.object({ name: z.string().max(1000), id: z.string().min(1).max(200) }).strict().optional() })
    .strict(),
  'customers.importCsv': z.object({ csv: z.string().max(20_000_000), fileName: z.string().max(300) }).strict(),
  'settings.get': empty,
  'settings.update': z
    .object({
      relayUrl: z.url({ protocol: /^(wss?|https?)$/ }).max(2000).optional(),
      deviceToken: z.string().min(16).max(200).optional(),
      phoneRegion: z.string().regex(/^[A-Z]{2}$/).optional(),
    })
    .strict(),
  ...billingApiInputSchemas,
  ...quickBooksApiInputSchemas,
  ...communicationsApiInputSchemas,
  ...teamApiInputSchemas,
  ...dashboardApiInputSchemas,
  ...teamWorkApiInputSchemas,
  ...reconciliationApiInputSchemas,
  ...historyImportApiInputSchemas,
  ...mightyCallApiInputSchemas,
  ...paymentsApiInputSchemas,
  ...portalApiInputSchemas,
  ...noticesApiInputSchemas,
  ...jobsApiInputSchemas,
  ...privacyApiInputSchemas,
} as const;

export interface ApiOutputs extends BillingApiOutputs, QuickBooksApiOutputs, CommunicationsApiOutputs, TeamApiOutputs, DashboardApiOutputs, TeamWorkApiOutputs, ReconciliationApiOutputs, HistoryImportApiOutputs, PaymentsApiOutputs, MightyCallApiOutputs, PortalApiOutputs, NoticesApiOutputs, JobsApiOutputs, PrivacyApiOutputs {
  'link.status': LinkStatus;
  'calls.live': CallerCard[];
  'calls.history': CallHistoryRow[];
  'card.pin': CallerCard | null;
  'card.dismiss': null;
  'customers.search': CustomerSummary[];
  'customers.page': Page<CustomerSummary>;
  'customers.importCsv': ImportReport;
  'settings.get': SettingsView;
  'settings.update': SettingsView;
}

export type ApiMethod = keyof typeof apiInputSchemas;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputSchemas)[M]>;

/** Pushes from main to the renderer. */
export interface ApiPushes extends QuickBooksApiPushes, CommunicationsApiPushes, TeamApiPushes, PrivacyApiPushes {
  'card.updated': CallerCard;
  /** The agent dismissed a card: every window drops it. */
  'card.dismissed': { callId: string };
  'link.statusChanged': LinkStatus;
  'import.progress': ImportProgress;
  /** After each applied batch: which kinds of data it changed (src/shared/api/data-changes.ts). */
  'data.changed': DataChanged;
}
export type ApiPush = keyof ApiPushes;
export { apiMethods, apiPushes };

type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// A method or push added to the contract is named in api-names.ts too (the preload reads that list).
const _everyMethodNamed: SameNames<(typeof apiMethods)[number], ApiMethod> = true;
const _everyPushNamed: SameNames<(typeof apiPushes)[number], ApiPush> = true;

/** The implementation side: what the main process (or the harness) serves. */
export type ApiHandlers = { [M in ApiMethod]: (input: z.output<(typeof apiInputSchemas)[M]>) => Promise<ApiOutputs[M]> };

/** What renderer code holds (`window.ringside` in Electron, a WebSocket client in the harness). */
export interface RingsideClient {
  invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]>;
  on<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void;
}

/** Result envelope on every transport, so errors cross as data. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiInputSchemas, name);
}

export function isApiPush(name: unknown): name is ApiPush {
  return typeof name === 'string' && (apiPushes as readonly string[]).includes(name);
}

/** Validates an input at the edge; the message names the method and the field. */
export function parseApiInput<M extends ApiMethod>(method: M, input: unknown): z.output<(typeof apiInputSchemas)[M]> {
  const result = apiInputSchemas[method].safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new Error(`invalid input to ${method}${where}: ${issue?.message ?? 'rejected'}`);
  }
  return result.data as z.output<(typeof apiInputSchemas)[M]>;
}
