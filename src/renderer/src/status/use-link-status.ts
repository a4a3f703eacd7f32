import { useEffect, useState } from 'react';
import type { LinkStatus, RingsideClient } from '../../../shared/api/contract';

/** The relay link's state: `link.status` once, then every `link.statusChanged`. */
export function useLinkStatus(client: RingsideClient): LinkStatus | null {
  const [status, setStatus] = useState<LinkStatus | null>(null);
  useEffect(() => {
    let pushed = false;
    const unsubscribe = client.on('link.statusChanged', (next) => {
      pushed = true;
      setStatus(next);
    });
    client.invoke('link.status', {}).then(
      (initial) => {
        if (!pushed) setStatus(initial);
      },
      () => undefined,
    );
    return unsubscribe;
  }, [client]);
  return status;
}
