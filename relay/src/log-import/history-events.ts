import type { RingsideEvent } from '../../../src/shared/events/model';
import type { AccountsReader } from '../accounts/account-standing';
import { CallLines } from '../calls/call-lines';
import type { RelaySettings } from '../config';
import { consoleEvent, futureOccurredAt } from '../console-events/console-event';
import { consoleEventLines } from '../console-events/event-lines';
import type { RelayDatabase } from '../database';
import { WEBHOOK_PROVIDERS } from '../providers/registry';
import { isPlanned, type WebhookProvider } from '../providers/webhook-provider';
import type { HistoryLine } from './history-line';

/**
 * Turns history lines into the events the relay would have stored for them: a webhook
 * body through its provider's normalizer (relay/src/providers/registry.ts), as the
 * webhook pipeline does but without a signature (the operator holds the database); a
 * console fact stamped as POST /v1/events stamps it (console-event.ts, event-lines.ts),
 * its `by` kept as written; an event a console kept, as it was (the relay's own facts left
 * out). The line's receivedAt is the relay time of each.
 */
export class HistoryEvents {
  private readonly providers = new Map<string, WebhookProvider>();
  private readonly callLines: CallLines;

  constructor(
    db: RelayDatabase,
    settings: RelaySettings,
    accounts: AccountsReader,
  ) {
    const context = { publicUrl: settings.publicUrl, signatureToleranceMs: settings.signatureToleranceMs, db, accounts };
    for (const definition of WEBHOOK_PROVIDERS) {
      if (!isPlanned(definition)) this.providers.set(definition.name, definition.create(settings.providers[definition.name], context));
    }
    this.callLines = new CallLines(db);
    this.futureToleranceMs = settings.consoleEventFutureToleranceMs;
  }

  private readonly futureToleranceMs: number;

  eventsOf(line: HistoryLine): { ok: true; events: RingsideEvent[] } | { ok: false; error: string } {
    if (line.kind === 'console') {
      const future = futureOccurredAt(line.event.occurredAt, Date.parse(line.receivedAt), this.futureToleranceMs);
      if (future !== null) return { ok: false, error: future.replace("the relay's clock", 'its receivedAt') };
      const lines = consoleEventLines(line.event, (callId) => this.callLines.linesOf(callId));
      if (!lines.ok) return lines;
      return { ok: true, events: [consoleEvent(line.event, lines.lines, line.receivedAt)] };
    }
    if (line.kind === 'kept') {
      // The relay's own facts (alerts, redactions, syncs) name its old seqs or its moment: it makes them again.
      if (line.event.source === 'relay') return { ok: true, events: [] };
      const callId = (line.event.data as { callId?: unknown }).callId;
      if (typeof callId === 'string') this.callLines.saw(callId, line.event.lines);
      return { ok: true, events: [{ ...line.event, receivedAt: line.receivedAt }] };
    }
    const provider = this.providers.get(line.provider);
    if (provider === undefined) return { ok: false, error: `no provider named '${line.provider}' (known: ${[...this.providers.keys()].join(', ')})` };
    const normalized = provider.normalize(line.payload, { receivedAt: line.receivedAt, deliveryId: line.headers['webhook-id']?.trim() || null });
    if (!normalized.ok) return { ok: false, error: `the ${line.provider} payload cannot be normalized: ${normalized.error}` };
    // A later note or callback about a call of this file takes the call's lines, stored or not yet.
    for (const event of normalized.events) {
      const callId = (event.data as { callId?: unknown }).callId;
      if (typeof callId === 'string') this.callLines.saw(callId, event.lines);
    }
    return normalized;
  }
}
