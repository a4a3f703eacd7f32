import type { AlertRow } from './alert-store';
import type { AlertChannelName, AlertSeverity } from './relay-alert-event';

/**
 * Pure decisions of the alert service: what a raise or a clearing does to an alert and
 * where it is sent. Deduplication: an open alert raised again with the same words is only
 * counted. Per-alert rate limit: an alert raised anew within `repeatMs` of the last time
 * it was sent (it flaps: raised, cleared, raised) is shown in the banner but not mailed
 * or texted again. The overall limit is the deliveries' (alert-deliveries.ts).
 */

export type RaiseDecision =
  /** Open already with these words: counted, nothing appended. */
  | { kind: 'repeated' }
  /** Open already, new words or severity: appended for the banner; `channels` newly owed (an alert turned critical owes its SMS). */
  | { kind: 'reworded'; channels: AlertChannelName[] }
  /** Not open: raised anew as episode `episode`, sent to `channels`. */
  | { kind: 'raised'; episode: number; channels: AlertChannelName[] };

/** Which channels a severity goes to: email for every alert, SMS for critical ones; only those set up. */
export function channelsFor(severity: AlertSeverity, configured: ReadonlySet<AlertChannelName>): AlertChannelName[] {
  const wanted: AlertChannelName[] = severity === 'critical' ? ['email', 'sms'] : ['email'];
  return wanted.filter((channel) => configured.has(channel));
}

export function decideRaise(row: AlertRow | null, raise: { message: string; severity: AlertSeverity }, now: number, options: { repeatMs: number; configured: ReadonlySet<AlertChannelName> }): RaiseDecision {
  if (row !== null && row.state === 'open') {
    if (row.message === raise.message && row.severity === raise.severity) return { kind: 'repeated' };
    const escalated = row.severity === 'warning' && raise.severity === 'critical' && row.notifiedEpisode === row.episode;
    return { kind: 'reworded', channels: escalated ? channelsFor('critical', options.configured).filter((channel) => channel === 'sms') : [] };
  }
  const episode = (row?.episode ?? 0) + 1;
  const sentLately = row?.notifiedAtMs != null && now - row.notifiedAtMs < options.repeatMs;
  return { kind: 'raised', episode, channels: sentLately ? [] : channelsFor(raise.severity, options.configured) };
}

/** A clearing is mailed only when the raising it ends was (so the owner hears both halves or neither); never texted. */
export function clearingChannels(row: AlertRow, configured: ReadonlySet<AlertChannelName>): AlertChannelName[] {
  return row.notifiedEpisode === row.episode && configured.has('email') ? ['email'] : [];
}
