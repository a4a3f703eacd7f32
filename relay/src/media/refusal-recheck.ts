import type { PermanentRefusal } from './alert-wording';
import { matchAllowedHost } from './allowed-hosts';
import type { MediaSettings } from './media-settings';

/**
 * Whether the settings a relay runs with now let through media an earlier run refused:
 * its host (or the redirect's) is now listed, listed exactly for a private address, or
 * the size cap is now above the one it was refused under (and above its declared size).
 * Refusals settings cannot change (not media, a bad link) never are. Pure.
 */
export function refusalLifted(refusal: PermanentRefusal, settings: Pick<MediaSettings, 'allowedHosts' | 'maxBytes'>): boolean {
  switch (refusal.reason) {
    case 'host_not_allowed':
    case 'private_address': {
      const origin = refusal.origin === undefined ? null : parseOrigin(refusal.origin);
      if (origin === null) return false;
      const match = matchAllowedHost(settings.allowedHosts, origin);
      return refusal.reason === 'host_not_allowed' ? match !== null : match === 'exact';
    }
    case 'too_large':
      return settings.maxBytes > refusal.maxBytes && (refusal.bytes == null || refusal.bytes <= settings.maxBytes);
    default:
      return false;
  }
}

function parseOrigin(origin: string): URL | null {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}
