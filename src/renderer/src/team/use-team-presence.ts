import { useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { TeamPresence } from '../../../shared/api/team';

/** Who is online and on which call, as the relay last said; follows its pushes. */
export function useTeamPresence(client: RingsideClient): TeamPresence {
  const [presence, setPresence] = useState<TeamPresence>({ devices: [], receivedAt: null });
  useEffect(() => {
    let current = true;
    const off = client.on('team.presenceChanged', (next) => current && setPresence(next));
    client.invoke('team.presence', {}).then(
      (first) => current && setPresence((seen) => seen.receivedAt === null ? first : seen),
      () => undefined,
    );
    return () => {
      current = false;
      off();
    };
  }, [client]);
  return presence;
}

/** The names of the consoles on this call. */
export function onThisCall(presence: TeamPresence, callId: string): string[] {
  return presence.devices.filter((device) => device.online && device.onCall === callId).map((device) => device.name);
}
