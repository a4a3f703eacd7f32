import type { QuickBooksSyncState } from '../../shared/api/quickbooks';
import type { Logger } from '../core/logger';
import { QuickBooksFault } from './fault-classification';
import { TokenRefusedError } from './relay-token-source';

/**
 * What the sync is doing and why, as the Sync page shows it. Token refusals say what the
 * device is (not the bookkeeper, not connected); anything else is an error worth retrying.
 */

export interface SyncStateAndReason {
  state: QuickBooksSyncState;
  reason: string | null;
}

/** Pure: the state a failure puts the sync in; null when it changes nothing. */
export function stateAfterFailure(error: unknown, current: QuickBooksSyncState): SyncStateAndReason | null {
  if (error instanceof TokenRefusedError) {
    if (error.reason === 'not_allowed') return { state: 'not_bookkeeper', reason: error.message };
    if (error.reason === 'not_connected') return { state: 'not_connected', reason: error.message };
    if (error.reason === 'needs_reconnect') return { state: 'needs_reconnect', reason: error.message };
    return { state: 'error', reason: error.message };
  }
  // Once the relay said this is not the bookkeeper, later failures are only its echoes.
  if (current === 'not_bookkeeper') return null;
  if (error instanceof QuickBooksFault && error.info.kind === 'disconnected') return { state: 'needs_reconnect', reason: error.message };
  return { state: 'error', reason: error instanceof Error ? error.message : String(error) };
}

export interface SyncStateCell {
  readonly current: SyncStateAndReason;
  set(state: QuickBooksSyncState, reason: string | null): void;
  fail(error: unknown): void;
}

/** Holds the state; logs and tells `changed` when it changes. */
export function createSyncStateCell(logger: Logger, changed: () => void): SyncStateCell {
  let current: SyncStateAndReason = { state: 'stopped', reason: null };
  const set = (state: QuickBooksSyncState, reason: string | null): void => {
    if (current.state === state && current.reason === reason) return;
    logger.info(`quickbooks sync: ${state}${reason ? ` (${reason})` : ''}`);
    current = { state, reason };
    changed();
  };
  return {
    get current() {
      return current;
    },
    set,
    fail(error) {
      const next = stateAfterFailure(error, current.state);
      if (next !== null) set(next.state, next.reason);
    },
  };
}
