import type { LogEntry } from '../projection/apply-event';
import type { ConsoleQuickBooks } from '../quickbooks/console-quickbooks';
import { RelayLink } from '../relay-link/relay-link';
import type { BackoffPolicy } from '../backoff/backoff';
import type { ConsoleSettings } from '../settings';
import type { LinkStatusBoard } from './link-status';
import type { Logger } from './logger';

export interface RelayConnection {
  /** Opens the relay link named in these settings (or says why not) and starts QuickBooks sync. */
  connect(settings: ConsoleSettings): void;
  disconnect(): Promise<void>;
}

export interface RelayConnectionOptions {
  board: LinkStatusBoard;
  apply: (entries: LogEntry[]) => void;
  quickBooks: Pick<ConsoleQuickBooks, 'start' | 'stop' | 'relayReachable'>;
  clock: () => Date;
  logger: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
}

/** The console's one link to its relay, replaced whenever the settings change. */
export function createRelayConnection(options: RelayConnectionOptions): RelayConnection {
  const { board, quickBooks } = options;
  let link: RelayLink | null = null;
  return {
    connect(settings) {
      if (!settings.deviceToken) {
        board.linkChanged({ state: 'offline', reason: 'no device token: paste one in settings', headSeq: null });
        return;
      }
      link = new RelayLink({
        relayUrl: settings.relayUrl,
        deviceToken: settings.deviceToken,
        appliedSeq: board.appliedSeq,
        apply: options.apply,
        onStatus: (next) => {
          board.linkChanged(next);
          if (next.state === 'live') quickBooks.relayReachable();
        },
        clock: options.clock,
        logger: options.logger,
        ...(options.random ? { random: options.random } : {}),
        ...(options.backoff ? { backoff: options.backoff } : {}),
      });
      link.start();
      quickBooks.start();
    },
    async disconnect() {
      const current = link;
      link = null;
      await Promise.all([current?.stop(), quickBooks.stop()]);
    },
  };
}
