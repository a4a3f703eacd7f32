import type { PresenceFrame } from '../../shared/relay-protocol';
import type { TeamPresence } from '../../shared/api/team';
import type { Clock } from '../../shared/clock';

/**
 * The latest presence the relay sent on the stream (of the moment, never stored). While
 * the link is down nobody is known to be online: the last frame would show consoles as
 * online that may have gone, so it is kept only with everyone marked offline.
 */
export interface TeamPresenceBoard {
  current(): TeamPresence;
  received(frame: PresenceFrame): void;
  linkLost(): void;
}

export function createTeamPresence(deps: { clock: Clock; changed: (presence: TeamPresence) => void }): TeamPresenceBoard {
  let presence: TeamPresence = { devices: [], receivedAt: null };
  const set = (next: TeamPresence): void => {
    presence = next;
    deps.changed(next);
  };
  return {
    current: () => presence,
    received: (frame) => set({ devices: frame.devices, receivedAt: new Date(deps.clock()).toISOString() }),
    linkLost: () => {
      if (!presence.devices.some((device) => device.online)) return;
      set({ ...presence, devices: presence.devices.map((device) => ({ ...device, online: false, onCall: null })) });
    },
  };
}
