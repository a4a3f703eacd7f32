import type { LinkStatus } from '../../shared/api/contract';
import type { Clock } from '../../shared/clock';
import type { RelayLinkStatus } from '../relay-link/relay-link';
import type { PushChannel } from './push-channel';

/** Progress status pushes (applied seq, last event) at most this often; state changes go at once. */
export const STATUS_PUSH_INTERVAL_MS = 1_000;

export interface LinkStatusBoard {
  /** The status the renderer sees: the link's state, the applied seq, the last event's time. */
  status(): LinkStatus;
  /** A state change of the link: pushed at once. */
  linkChanged(next: RelayLinkStatus): void;
  /** Events were applied: pushed at most once a second, the latest always. */
  applied(progress: { appliedSeq: number; lastEventAtMs: number | null }): void;
  appliedSeq(): number;
  /** Cancels a pending progress push (the core is stopping). */
  stop(): void;
}

/** What the status bar shows of the relay link, and when it is pushed. */
export function createLinkStatusBoard(options: {
  relayUrl: () => string;
  clock: Clock;
  pushes: PushChannel;
  /** The history's part of the status (re-projection progress, newer events seen): src/main/projection. */
  history?: () => Pick<LinkStatus, 'reprojection' | 'newerEventsSeen' | 'setAside'>;
}): LinkStatusBoard {
  const { clock, pushes } = options;
  let link: RelayLinkStatus = { state: 'offline', reason: 'not started', headSeq: null };
  let appliedSeq = 0;
  let lastEventAtMs: number | null = null;
  let lastPushMs = 0;
  let timer: NodeJS.Timeout | null = null;

  const status = (): LinkStatus => ({
    ...link,
    appliedSeq,
    lastEventAt: lastEventAtMs === null ? null : new Date(lastEventAtMs).toISOString(),
    relayUrl: options.relayUrl(),
    ...(options.history?.() ?? { reprojection: null, newerEventsSeen: false }),
  });

  const push = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastPushMs = clock();
    pushes.emit('link.statusChanged', status());
  };

  return {
    status,
    linkChanged(next) {
      link = next;
      push();
    },
    applied(progress) {
      ({ appliedSeq, lastEventAtMs } = progress);
      const wait = STATUS_PUSH_INTERVAL_MS - (clock() - lastPushMs);
      if (wait <= 0) push();
      else timer ??= setTimeout(push, wait);
    },
    appliedSeq: () => appliedSeq,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
