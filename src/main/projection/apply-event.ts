import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { finishBillingBatch, forgetBillingBook, projectBilling } from '../billing/store/billing-projection';
import { projectTeamWork } from '../callbacks/project-team-work';
import { projectQuickbooksTax } from '../quickbooks/tax-mapping';
import { decodeStoredEvent } from './decode-stored-event';
import { KEPT, keptHead, localLogStatements, type LocalLogStatements } from './local-log';
import { noteKeptWhileHolding, projectionMode } from './projection-mode';
import { projectAlerts } from '../communications/alert-projection';
import { projectAssistantDecision } from '../communications/assistant-decisions';
import { projectPayments } from '../payments/payment-projection';
import { projectJobs } from '../jobs/job-projection';
import { projectPrivacy } from '../privacy/privacy-projection';
import { finishCommunicationsBatch, forgetCommunicationsBatch, projectCommunications, type ArrivedMessage } from './project-communications';
import { projectionStatements, type ProjectionStatements } from './projection-statements';

/**
 * An event as the projection receives it. `event` is null when this console could
 * not read it (a newer Ringside's event type or version, or a malformed event): its
 * seq is still consumed, so the log never stalls on it, and it is kept in the local
 * copy, flagged newer or unreadable (local-log.ts KEPT).
 */
export interface LogEntry {
  seq: number;
  event: RingsideEvent | null;
  /** The event exactly as received, for the local copy; the event itself when absent. */
  stored?: unknown;
  /** `stored` as the JSON text it arrived in, when the frame's text gave it: kept as it is, not written out again. */
  storedJson?: string;
}

/** A call an applied event created or changed; the core pushes its card. */
export interface ChangedCall {
  callId: string;
  startedAtMs: number;
  completedAtMs: number | null;
}

export interface ApplyResult {
  appliedSeq: number;
  /** How many entries were new (not already applied). */
  appliedCount: number;
  lastEventAtMs: number | null;
  changedCalls: ChangedCall[];
  /** New incoming messages the batch applied (the core notifies about them). */
  arrivedMessages: ArrivedMessage[];
}

export interface ProjectionState {
  appliedSeq: number;
  lastEventAtMs: number | null;
}

/**
 * How far this console has the log: the stream resumes after `appliedSeq`. That is
 * what the projection applied, or what the local copy holds when a re-projection is
 * still catching up with it.
 */
export function readProjectionState(db: ConsoleDatabase): ProjectionState {
  const projected = readProjectedState(projectionStatements(db));
  return { ...projected, appliedSeq: Math.max(projected.appliedSeq, keptHead(db)) };
}

function readProjectedState(statements: ProjectionStatements): ProjectionState {
  const row = statements.readState.get();
  return { appliedSeq: row?.applied_seq ?? 0, lastEventAtMs: row?.last_event_at_ms ?? null };
}

/** Applies one sequenced event; the applied seq is stored in the same transaction; an old seq is skipped. */
export function applyEvent(db: ConsoleDatabase, seq: number, event: RingsideEvent | null): ApplyResult {
  return applyBatch(db, [{ seq, event }]);
}

/**
 * Applies a run of sequenced events in one transaction (catch-up speed). Entries at
 * or below the applied seq are skipped (a replay overlap, a retried batch). Seqs may
 * skip: an agent device's stream leaves out events of lines not assigned to it, so
 * only the relay (which streams in seq order, without gaps in what a device may
 * see) can vouch for completeness.
 */
export function applyBatch(db: ConsoleDatabase, entries: readonly LogEntry[]): ApplyResult {
  const statements = projectionStatements(db);
  if (projectionMode(db) === 'holding') return db.sqlite.transaction(() => keepOnly(db, localLogStatements(db), entries))();
  try {
    return applyInTransaction(db, statements, entries);
  } catch (error) {
    forgetBillingBook(db);
    forgetCommunicationsBatch(db);
    throw error;
  }
}

/** Billing runs on every event, in the same transaction (docs/billing.md: billing is a fold over the log). */
function applyInTransaction(db: ConsoleDatabase, statements: ProjectionStatements, entries: readonly LogEntry[]): ApplyResult {
  // Entries a re-projection reads from the local copy are already in it.
  const keep = projectionMode(db) === 'live' ? localLogStatements(db).keep : null;
  return db.sqlite.transaction((): ApplyResult => {
    const state = readProjectedState(statements);
    const result: ApplyResult = { appliedSeq: state.appliedSeq, appliedCount: 0, lastEventAtMs: state.lastEventAtMs, changedCalls: [], arrivedMessages: [] };
    for (const entry of entries) {
      if (entry.seq <= result.appliedSeq) continue;
      keep?.run(keptRow(entry));
      if (entry.event) {
        const changed = project(statements, entry.seq, entry.event);
        if (changed) result.changedCalls.push(changed);
        const ended = projectCommunications(db, entry.seq, entry.event);
        if (ended) result.changedCalls.push(ended);
        projectTeamWork(db, entry.seq, entry.event, projectBilling(db, entry.seq, entry.event));
        projectQuickbooksTax(db, entry.seq, entry.event);
        projectAlerts(db, entry.seq, entry.event);
        projectAssistantDecision(db, entry.seq, entry.event);
        projectPayments(db, entry.seq, entry.event);
        projectJobs(db, entry.seq, entry.event);
        projectPrivacy(db, entry.seq, entry.event);
        // The relay's time: an event's own occurredAt may be days old (a back-dated fact, a provider's late delivery).
        result.lastEventAtMs = Date.parse(entry.event.receivedAt);
      }
      result.appliedSeq = entry.seq;
      result.appliedCount += 1;
    }
    if (result.appliedCount > 0) {
      statements.writeState.run({ applied_seq: result.appliedSeq, last_event_at_ms: result.lastEventAtMs });
      finishBillingBatch(db);
      result.arrivedMessages = finishCommunicationsBatch(db);
    }
    return result;
  })();
}

/**
 * While a re-projection catches up, live entries are only kept; it projects them in
 * their turn. A call ringing or answered now is written to the calls at once, so its
 * card still pops: those writes accept any order (providers deliver out of order too),
 * and the re-projection's own pass over the event changes nothing of them.
 */
function keepOnly(db: ConsoleDatabase, statements: LocalLogStatements, entries: readonly LogEntry[]): ApplyResult {
  const projection = projectionStatements(db);
  const projected = readProjectedState(projection);
  const result: ApplyResult = { appliedSeq: Math.max(projected.appliedSeq, keptHead(db)), appliedCount: 0, lastEventAtMs: projected.lastEventAtMs, changedCalls: [], arrivedMessages: [] };
  for (const entry of entries) {
    if (entry.seq <= result.appliedSeq) continue;
    statements.keep.run(keptRow(entry));
    if (entry.event?.type === 'call.ringing' || entry.event?.type === 'call.answered') {
      const changed = project(projection, entry.seq, entry.event);
      if (changed) result.changedCalls.push(changed);
      projectCommunications(db, entry.seq, entry.event);
    }
    result.appliedSeq = entry.seq;
    result.appliedCount += 1;
  }
  noteKeptWhileHolding(db, result.appliedCount);
  return result;
}

function keptRow(entry: LogEntry): { seq: number; json: string; newer: number } {
  return { seq: entry.seq, json: entry.storedJson ?? JSON.stringify(entry.stored ?? entry.event), newer: entry.event === null ? unreadKind(entry.stored) : KEPT.read };
}

/** Why an event was not read: newer (an update will read it) or malformed (none will). Rare, so reading it again is cheap. */
function unreadKind(stored: unknown): number {
  return decodeStoredEvent(stored).kind === 'unreadable' ? KEPT.unreadable : KEPT.newer;
}

/** Enough recently rung calls to cover those in progress; forgotten wholesale when full. */
const RUNG_CALLS_HELD = 20_000;

function rememberRung(s: ProjectionStatements, callId: string): void {
  if (s.recentlyRung.size >= RUNG_CALLS_HELD) s.recentlyRung.clear();
  s.recentlyRung.add(callId);
}

function project(s: ProjectionStatements, seq: number, event: RingsideEvent): ChangedCall | null {
  switch (event.type) {
    case 'call.ringing': {
      const d = event.data;
      const startedAtMs = Date.parse(d.startedAt);
      const { changes } = s.insertRingingCall.run({
        call_id: d.callId,
        direction: d.direction,
        external_e164: d.externalNumber,
        business_e164: d.businessNumber,
        started_at_ms: startedAtMs,
        updated_seq: seq,
      });
      if (changes === 0) return null;
      rememberRung(s, d.callId);
      return { callId: d.callId, startedAtMs, completedAtMs: null };
    }
    case 'call.answered': {
      const d = event.data;
      const startedAtMs = Date.parse(d.startedAt);
      const { changes } = s.upsertAnsweredCall.run({
        call_id: d.callId,
        direction: d.direction,
        external_e164: d.externalNumber,
        business_e164: d.businessNumber,
        started_at_ms: startedAtMs,
        answered_at_ms: Date.parse(d.answeredAt),
        updated_seq: seq,
      });
      return changes > 0 ? { callId: d.callId, startedAtMs, completedAtMs: null } : null;
    }
    case 'call.completed': {
      const d = event.data;
      const startedAtMs = Date.parse(d.startedAt);
      const completedAtMs = Date.parse(d.completedAt);
      const row = {
        call_id: d.callId,
        direction: d.direction,
        external_e164: d.externalNumber,
        business_e164: d.businessNumber,
        started_at_ms: startedAtMs,
        answered_at_ms: d.answeredAt === null ? null : Date.parse(d.answeredAt),
        completed_at_ms: completedAtMs,
        duration_seconds: d.durationSeconds,
        updated_seq: seq,
      };
      // Which statement finds the row first only changes the cost, never the result.
      if (s.recentlyRung.delete(d.callId)) {
        if (s.completeKnownCall.run(row).changes === 0) s.upsertCompletedCall.run(row);
      } else if (s.insertCompletedCall.run(row).changes === 0 && s.completeKnownCall.run(row).changes === 0) s.upsertCompletedCall.run(row);
      return { callId: d.callId, startedAtMs, completedAtMs };
    }
    case 'customer.upserted': {
      const d = event.data;
      s.upsertCustomer.run({ customer_id: d.customerId, name: d.name, company: d.company, email: d.email, updated_seq: seq });
      // The event carries the whole phone set: replace it.
      s.deleteCustomerPhones.run({ customer_id: d.customerId });
      for (const phone of d.phones) s.insertCustomerPhone.run({ customer_id: d.customerId, phone_e164: phone });
      return null;
    }
    case 'customer.removed':
      s.deleteCustomer.run({ customer_id: event.data.customerId });
      s.deleteCustomerPhones.run({ customer_id: event.data.customerId });
      return null;
    case 'plan.defined': {
      const d = event.data;
      s.upsertPlan.run({
        plan_id: d.planId,
        name: d.name,
        period: d.period,
        included_seconds: d.includedSeconds,
        price_minor: d.priceMinor,
        currency: d.currency,
        updated_seq: seq,
      });
      return null;
    }
    case 'subscription.started': {
      const d = event.data;
      s.upsertSubscription.run({
        subscription_id: d.subscriptionId,
        customer_id: d.customerId,
        plan_id: d.planId,
        start_date: d.startDate,
        started_seq: seq,
      });
      return null;
    }
    case 'provider.unnormalized':
      // Kept in the local copy, shown nowhere, until a later normalizer reads it (decode-stored-event.ts).
      return null;
    default:
      // Billing, QuickBooks and communications facts are projected by their own capabilities.
      return null;
  }
}
