import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { BusinessLine, TeamDevice, TeamPresence } from '../../../shared/api/team';

/**
 * The team and the lines, read from the relay (nothing of them is in the console's own
 * database); read again after a change here, and when presence says a console came or
 * went (online dots and last seen follow it without a reload).
 */
export function useTeamData(client: RingsideClient, presence: TeamPresence): { devices: TeamDevice[]; lines: BusinessLine[]; error: string | null; reload(): void } {
  const [devices, setDevices] = useState<TeamDevice[]>([]);
  const [lines, setLines] = useState<BusinessLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  const presenceKey = presence.devices.map((device) => `${device.name}:${device.online}`).join('|');

  useEffect(() => {
    let current = true;
    Promise.all([client.invoke('team.devices', {}), client.invoke('team.lines', {})]).then(
      ([nextDevices, nextLines]) => {
        if (!current) return;
        setDevices(nextDevices);
        setLines(nextLines);
        setError(null);
      },
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [client, round, presenceKey]);

  return { devices, lines, error, reload };
}
