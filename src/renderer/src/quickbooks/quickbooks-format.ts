import type { QuickBooksConnection, QuickBooksSyncState } from '../../../shared/api/quickbooks';

export const connectionLabels: Record<QuickBooksConnection['state'], string> = {
  connected: 'Connected',
  disconnected: 'Not connected',
  needs_reconnect: 'Needs reconnecting',
};

export const syncStateLabels: Record<QuickBooksSyncState, string> = {
  stopped: 'Stopped',
  running: 'Running',
  not_bookkeeper: 'QuickBooks syncs on the bookkeeper console, not on this one',
  not_connected: 'Waiting for a connection',
  needs_reconnect: 'Needs reconnecting',
  error: 'Retrying after an error',
};

/** The core's reason beside the state, unless the state already says it all (a non-bookkeeper console's reason only repeats it). */
export function syncStateReason(state: QuickBooksSyncState, reason: string | null): string | null {
  return state === 'not_bookkeeper' ? null : reason;
}

export function formatInstant(iso: string | null): string {
  return iso === null ? 'Never' : new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
}

/** Only web pages: a consent URL the console answered is opened, nothing else. */
export function isWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
