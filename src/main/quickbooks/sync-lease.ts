import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import { quickBooksSyncLeaseBusySchema, quickBooksSyncLeaseGrantSchema, type QuickBooksSentRequest, type QuickBooksSyncLeaseRequest } from '../../shared/relay-rest/quickbooks';
import { jsonOf } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';
import { TokenRefusedError } from './relay-token-source';

/**
 * This console's turn to talk to QuickBooks (issue 11 §2). Intuit's limits are per company,
 * so the relay lets one bookkeeper console at a time sync: this one takes the lease before a
 * pass, renews it in the background while it runs, releases it on stop, and never sends a
 * request once its own clock says the lease may have lapsed (the relay counts the lease from
 * when it answered, so this console's view always ends first). While another console holds
 * it, the sync waits and says who is syncing.
 */

/** Stop sending this long before the lease's end as this console reckons it. */
const LEASE_MARGIN_MS = 500;

export type LeaseTurn = { held: true } | { held: false; reason: string };

export class SyncLeaseHeldElsewhere extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncLeaseHeldElsewhere';
  }
}

export interface SyncLeaseDeps {
  relay: RelayAccess;
  clock: Clock;
  /** The console's rate windows: reported with every renewal, seeded with what a predecessor spent. */
  limiter: { recent(): QuickBooksSentRequest[]; seed(requests: readonly QuickBooksSentRequest[]): void };
  /** The previous holder may have left creates only it knew the outcome of: called before this console's turn begins. */
  onSettleFirst?: () => void;
}

export function heldElsewhereReason(name: string): string {
  return `Another bookkeeper console (${name}) is syncing with QuickBooks. This console takes over if it stops.`;
}

export class SyncLease {
  private validUntilMs = 0;
  private renewEveryMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private asking: Promise<LeaseTurn> | null = null;
  /** After close() or release(), until open(): the console stopped syncing, takes no turn and sends nothing new. */
  private closed = false;
  private releasing = false;
  /** This process's own id: another process of the same device does not share its lease. */
  private readonly holderId = randomUUID();

  constructor(private readonly deps: SyncLeaseDeps) {}

  held(): boolean {
    return this.validUntilMs - LEASE_MARGIN_MS > this.deps.clock();
  }

  /** The sync starts (again): it may take turns. */
  open(): void {
    this.closed = false;
    this.releasing = false;
  }

  /** Takes the lease unless this console holds it; answers whose turn it is. */
  turn(): Promise<LeaseTurn> {
    if (this.closed) return Promise.resolve({ held: false, reason: 'This console stopped syncing with QuickBooks.' });
    if (this.held()) return Promise.resolve({ held: true });
    return this.ask(false);
  }

  /** The gate before every QuickBooks request. */
  async ensure(): Promise<void> {
    if (this.closed) throw new SyncLeaseHeldElsewhere('This console stopped syncing with QuickBooks.');
    if (this.held()) return;
    const turn = await this.turn();
    if (!turn.held) throw new SyncLeaseHeldElsewhere(turn.reason);
  }

  /**
   * Stops new requests but keeps the lease (renewing it) while what is in flight finishes, so
   * no other console takes over before this one knows, and has told the log, what it created.
   */
  close(): void {
    this.closed = true;
  }

  /** Hands the lease on with what this console sent, so the next holder starts at once; no request is sent after it. Never throws. */
  async release(): Promise<void> {
    this.closed = true;
    this.releasing = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.asking?.catch(() => undefined);
    if (this.validUntilMs === 0) return;
    this.validUntilMs = 0;
    await callRelay(this.deps.relay, 'POST', '/v1/quickbooks/sync-lease/release', { sent: this.deps.limiter.recent(), holderId: this.holderId } satisfies QuickBooksSyncLeaseRequest).catch(() => undefined);
  }

  private ask(renewal: boolean): Promise<LeaseTurn> {
    this.asking ??= this.send(renewal).finally(() => (this.asking = null));
    return this.asking;
  }

  private async send(renewal: boolean): Promise<LeaseTurn> {
    const askedAt = this.deps.clock();
    let answer;
    try {
      answer = await callRelay(this.deps.relay, 'POST', '/v1/quickbooks/sync-lease', { sent: this.deps.limiter.recent(), renewal, holderId: this.holderId } satisfies QuickBooksSyncLeaseRequest);
    } catch (error) {
      if (!(error instanceof RelayRequestError)) throw error;
      // Unreachable relay: the lease still held locally runs out on its own.
      if (this.held()) {
        this.scheduleRenewal();
        return { held: true };
      }
      throw error;
    }
    if (answer.status === 200) {
      const grant = quickBooksSyncLeaseGrantSchema.safeParse(jsonOf(answer));
      if (!grant.success) throw new Error('the relay answered a QuickBooks sync lease request with something this console does not read');
      if (this.closed && !renewal) return { held: false, reason: 'This console stopped syncing with QuickBooks.' };
      this.deps.limiter.seed(grant.data.inherited);
      if (grant.data.settleFirst) this.deps.onSettleFirst?.();
      this.validUntilMs = askedAt + grant.data.expiresInMs;
      this.renewEveryMs = grant.data.renewEveryMs;
      this.scheduleRenewal();
      return { held: true };
    }
    this.validUntilMs = 0;
    if (answer.status === 409) {
      const busy = quickBooksSyncLeaseBusySchema.safeParse(jsonOf(answer));
      if (busy.success) return { held: false, reason: heldElsewhereReason(busy.data.holder.name) };
    }
    if (answer.status === 403) throw new TokenRefusedError('not_allowed', `this device may not use QuickBooks: ${refusalOf(answer)}`);
    throw new Error(`the relay did not give this console its turn with QuickBooks (${answer.status}): ${refusalOf(answer)}`);
  }

  private scheduleRenewal(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.releasing || this.validUntilMs === 0) return;
      // A failed renewal keeps what is left of the lease; the next pass asks again.
      this.ask(true).catch(() => undefined);
    }, this.renewEveryMs);
    this.timer.unref();
  }
}
