import type { RingsideEvent } from '../../shared/events/model';
import type { Logger } from '../core/logger';
import { fetchRelayHealth } from '../http/relay-rest-client';
import type { LogEntry } from '../projection/apply-event';
import { RelayLink } from '../relay-link/relay-link';

/**
 * QuickBooks webhooks carry ids only (spec §10): a quickbooks.entities_changed about what
 * the sync handles brings a CDC pass forward. The console core feeds the sync the events it
 * applies; a sync running on its own (the sync CLI) watches the log with a stream of its own,
 * from the relay's head on.
 */

const SYNCED_ENTITIES = ['Customer', 'Invoice', 'Payment'];

/**
 * Pure: whether any of `events` is a QuickBooks change the sync should fetch. A webhook the
 * relay could not read (stored raw, provider.unnormalized) may be any change: CDC finds it.
 */
export function isQuickBooksChange(events: readonly (RingsideEvent | null)[]): boolean {
  return events.some(
    (e) => (e?.type === 'quickbooks.entities_changed' && e.data.entities.some((x) => SYNCED_ENTITIES.includes(x.name))) || (e?.type === 'provider.unnormalized' && e.source === 'quickbooks'),
  );
}

export interface LogWatch {
  stop(): Promise<void>;
}

export async function watchLogForChanges(options: { relayUrl: string; deviceToken: string; logger: Logger; onEvents: (events: (RingsideEvent | null)[]) => void }): Promise<LogWatch> {
  const { headSeq } = await fetchRelayHealth({ url: options.relayUrl, token: options.deviceToken });
  // Without the head the watch would start from seq 0 and read the whole log again: no watch, the schedule still runs.
  if (headSeq === undefined) throw new Error(`the relay at ${options.relayUrl} did not say its head seq to this device token, so the log is not watched`);
  let seq = headSeq;
  const link = new RelayLink({
    relayUrl: options.relayUrl,
    deviceToken: options.deviceToken,
    appliedSeq: () => seq,
    apply: (entries: LogEntry[]) => {
      seq = entries.at(-1)?.seq ?? seq;
      options.onEvents(entries.map((e) => e.event));
    },
    onStatus: () => {},
    logger: options.logger,
  });
  link.start();
  return { stop: () => link.stop() };
}
