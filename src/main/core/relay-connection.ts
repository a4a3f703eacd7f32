import { checkpointInBackground } from '../db/background-checkpoint';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { LogEntry } from '../projection/apply-event';
import type { ConsoleQuickBooks } from '../quickbooks/console-quickbooks';
import { RelayLink } from '../relay-link/relay-link';
import { relayLogEpoch, rememberRelayLogEpoch } from '../projection/local-log';
import type { BackoffPolicy } from '../../shared/backoff/backoff';
import type { ConsoleSettings } from '../settings';
import type { Clock } from '../../shared/clock';
import type { PresenceFrame } from '../../shared/relay-protocol';
import type { LinkStatusBoard } from './link-status';
import type { Logger } from './logger';
import { createPacedApply, type PacedApply } from './paced-apply';

export interface RelayConnection {
  /** Opens the relay link named in these settings (or says why not) and starts QuickBooks sync. */
  connect(settings: ConsoleSettings): void;
  disconnect(): Promise<void>;
}

export interface RelayConnectionOptions {
  board: LinkStatusBoard;
  database: () => ConsoleDatabase;
  apply: (entries: LogEntry[]) => void;
  quickBooks: Pick<ConsoleQuickBooks, 'start' | 'stop' | 'relayReachable'>;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Presence frames from the stream (null: the stream is gone). */
  onPresence?: (presence: PresenceFrame | null) => void;
  /** The relay's log no longer agrees with the local copy past `validThrough` (relay-link.ts). */
  onDiverged?: (validThrough: number) => void;
}

/**
 * The console's one link to its relay, replaced whenever the settings change. What it
 * receives is applied in paced slices (paced-apply.ts), so the core stays responsive.
 */
export function createRelayConnection(options: RelayConnectionOptions): RelayConnection {
  const { board, quickBooks } = options;
  let link: RelayLink | null = null;
  let paced: PacedApply | null = null;
  return {
    connect(settings) {
      // One link at a time: a connect that overlaps another (new settings while the log is
      // downloaded again) replaces it rather than leaving it streaming beside the new one.
      if (link !== null) {
        const replaced = link;
        link = null;
        paced?.stop();
        paced = null;
        void replaced.stop();
      }
      if (!settings.deviceToken) {
        board.linkChanged({ state: 'offline', reason: 'no device token: paste one in settings', headSeq: null });
        return;
      }
      const current: { link: RelayLink | null } = { link: null };
      paced = createPacedApply({
        apply: options.apply,
        // One transaction per slice, opened and committed in the same turn.
        transaction: {
          begin: () => {
            const { sqlite } = options.database();
            if (!sqlite.inTransaction) sqlite.exec('BEGIN');
          },
          commit: () => {
            const { sqlite } = options.database();
            if (sqlite.inTransaction) sqlite.exec('COMMIT');
          },
          checkpoint: () => checkpointInBackground(options.database().sqlite),
        },
        pause: () => current.link?.pause(),
        resume: () => current.link?.resume(),
        onError: (error) => {
          // As the link does with a batch it cannot apply: start over after the applied seq.
          options.logger.error(`relay link: could not apply events after ${board.appliedSeq()}: ${error instanceof Error ? error.message : String(error)}`);
          const failed = current.link;
          void failed?.stop().then(() => {
            if (link !== failed) return;
            paced?.reset();
            failed.start();
          });
        },
      });
      link = new RelayLink({
        relayUrl: settings.relayUrl,
        deviceToken: settings.deviceToken,
        appliedSeq: board.appliedSeq,
        apply: paced.accept,
        onStatus: (next) => {
          board.linkChanged(next);
          if (next.state === 'live') quickBooks.relayReachable();
        },
        clock: options.clock,
        logger: options.logger,
        ...(options.random ? { random: options.random } : {}),
        ...(options.backoff ? { backoff: options.backoff } : {}),
        ...(options.onPresence ? { onPresence: options.onPresence } : {}),
        logEpoch: () => relayLogEpoch(options.database()),
        onLogEpoch: (epoch) => {
          try {
            rememberRelayLogEpoch(options.database(), epoch);
          } catch (error) {
            // The database is closing (the console stopping): the next start is told the epoch again.
            options.logger.warn(`relay link: the log's epoch could not be kept: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
        ...(options.onDiverged ? { onDiverged: options.onDiverged } : {}),
      });
      current.link = link;
      link.start();
      quickBooks.start();
    },
    async disconnect() {
      const current = link;
      link = null;
      // What is held but not applied comes again with the next stream (it resumes after the applied seq).
      paced?.stop();
      paced = null;
      await Promise.all([current?.stop(), quickBooks.stop()]);
    },
  };
}
