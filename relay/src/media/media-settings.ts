import { integerSettings } from '../integer-setting';
import { parseAllowedHosts, type AllowedHost } from './allowed-hosts';

/**
 * Settings of media capture (recordings, voicemail, MMS attachments downloaded when their
 * webhook arrives). Parsing is pure; a bad value is reported naming its setting, which
 * stops start-up.
 */

export interface MediaRetryPolicy {
  /** Ceiling of the first retry's wait; it doubles with each failure (full jitter). */
  baseMs: number;
  /** Longest wait between tries while retrying fast. */
  capMs: number;
  /** A download still failing after this many tries, or this long after the first, raises an alert. */
  alertAfterAttempts: number;
  alertAfterMs: number;
  /** Once the alert is raised, tries come between half of this and this apart. */
  slowMs: number;
}

export interface MediaSettings {
  maxBytes: number;
  allowedHosts: readonly AllowedHost[];
  /** One try (redirects included) taking longer than this is abandoned and retried. */
  downloadTimeoutMs: number;
  retry: MediaRetryPolicy;
}

/**
 * spec §1.8 (observed, not confirmed by OpenPhone): media URLs point to Google Cloud
 * Storage or S3 style hosts. Only the storage endpoints: `*.amazonaws.com` would also
 * let in every EC2 server (`ec2-….compute-1.amazonaws.com`), anyone's machine. S3's
 * global endpoint and the US regions', path style (`s3.<region>…/bucket/key`) and
 * virtual-hosted (`bucket.s3.<region>…`); a wildcard matches any subdomain (never a
 * label in the middle), so another region is added as its two forms. The
 * private-address refusal applies to these entries too.
 */
export const DEFAULT_MEDIA_HOSTS = 'storage.googleapis.com,*.storage.googleapis.com,s3.amazonaws.com,*.s3.amazonaws.com,s3.us-east-1.amazonaws.com,*.s3.us-east-1.amazonaws.com,s3.us-east-2.amazonaws.com,*.s3.us-east-2.amazonaws.com,s3.us-west-1.amazonaws.com,*.s3.us-west-1.amazonaws.com,s3.us-west-2.amazonaws.com,*.s3.us-west-2.amazonaws.com,storage.vapi.ai';
export const DEFAULT_MEDIA_MAX_BYTES = 25 * 1_048_576;

export const MEDIA_SETTING_DESCRIPTIONS = [
  {
    name: 'RELAY_MEDIA_ALLOWED_HOSTS',
    default: DEFAULT_MEDIA_HOSTS,
    description:
      "Hosts the relay downloads recordings, voicemail and MMS media from, comma-separated host[:port] (no port: the scheme's default port; *.example.com: any subdomain). The default is where OpenPhone's media URLs are seen to point: Google Cloud Storage and S3 (its global endpoint and the four US regions, each as s3.<region>.amazonaws.com and *.s3.<region>.amazonaws.com; add another region the same way), not the rest of amazonaws.com, which includes anyone's EC2 server; and storage.vapi.ai, where Vapi's recording URLs are seen to point (observed, not in Vapi's docs). Setting it replaces this list (list the defaults you keep); with Twilio configured the host of TWILIO_MEDIA_ORIGIN (api.twilio.com) is allowed on top of it. A host resolving to a private, loopback, link-local, multicast or unspecified address is refused unless listed exactly as host:port.",
  },
  { name: 'RELAY_MEDIA_MAX_BYTES', default: String(DEFAULT_MEDIA_MAX_BYTES), description: 'Largest piece of media the relay keeps (25 MiB); a larger download is stopped and an alert raised, the provider URL kept as the fallback.' },
  { name: 'RELAY_MEDIA_DOWNLOAD_TIMEOUT_SECONDS', default: '300', description: 'One download try (redirects included) taking longer is abandoned and retried; one receiving nothing for 30 s too.' },
  { name: 'RELAY_MEDIA_RETRY_BASE_MS', default: '2000', description: "Wait before a failed download's first retry, at most (full jitter); it doubles with each failure up to RELAY_MEDIA_RETRY_CAP_MS." },
  { name: 'RELAY_MEDIA_RETRY_CAP_MS', default: '300000', description: 'Longest wait between download tries while retrying fast (5 minutes).' },
  { name: 'RELAY_MEDIA_ALERT_AFTER_ATTEMPTS', default: '5', description: "A download still failing after this many tries raises an alert in every console's banner (or after RELAY_MEDIA_ALERT_AFTER_SECONDS, whichever comes first); it is cleared once the media is saved." },
  { name: 'RELAY_MEDIA_ALERT_AFTER_SECONDS', default: '600', description: 'A download still failing this long after its first try raises the alert.' },
  { name: 'RELAY_MEDIA_SLOW_RETRY_MS', default: '1800000', description: 'Once the alert is raised, the download is retried every half to whole of this (30 minutes), for as long as the relay runs.' },
] as const;

type Value = (name: string) => string | undefined;

/**
 * With Twilio configured (TWILIO_AUTH_TOKEN), the host of TWILIO_MEDIA_ORIGIN (default
 * api.twilio.com), where its recordings are, is allowed on top of RELAY_MEDIA_ALLOWED_HOSTS:
 * recordings are not refused with default settings, and a list set for other providers
 * does not lose it. Exactly as host:port when the origin names a port (an emulator on
 * loopback). A malformed origin adds nothing (the Twilio settings refuse it, naming it).
 */
function twilioMediaHost(value: Value): AllowedHost[] {
  if (value('TWILIO_AUTH_TOKEN') === undefined) return [];
  try {
    const url = new URL(value('TWILIO_MEDIA_ORIGIN') ?? 'https://api.twilio.com');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return [];
    return [{ host: url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1'), wildcard: false, port: url.port === '' ? null : Number(url.port) }];
  } catch {
    return [];
  }
}

export function parseMediaSettings(value: Value, errors: string[]): MediaSettings {
  const integer = integerSettings(value, errors);
  const hosts = parseAllowedHosts(value('RELAY_MEDIA_ALLOWED_HOSTS') ?? DEFAULT_MEDIA_HOSTS);
  if (!hosts.ok) errors.push(`RELAY_MEDIA_ALLOWED_HOSTS ${hosts.error}`);
  else hosts.hosts.push(...twilioMediaHost(value));
  const maxBytes = integer('RELAY_MEDIA_MAX_BYTES', DEFAULT_MEDIA_MAX_BYTES, 1024, 1024 * 1_048_576, 'a number of bytes from 1024 to 1073741824');
  const timeoutSeconds = integer('RELAY_MEDIA_DOWNLOAD_TIMEOUT_SECONDS', 300, 1, 86_400, 'a number of seconds from 1 to 86400');
  const baseMs = integer('RELAY_MEDIA_RETRY_BASE_MS', 2000, 1, 3_600_000, 'a number of milliseconds from 1 to 3600000');
  const capMs = integer('RELAY_MEDIA_RETRY_CAP_MS', 300_000, 1, 86_400_000, 'a number of milliseconds from 1 to 86400000');
  if (capMs < baseMs) errors.push(`RELAY_MEDIA_RETRY_CAP_MS (${capMs}) must be at least RELAY_MEDIA_RETRY_BASE_MS (${baseMs})`);
  const alertAfterAttempts = integer('RELAY_MEDIA_ALERT_AFTER_ATTEMPTS', 5, 1, 1000, 'a number of tries from 1 to 1000');
  const alertAfterSeconds = integer('RELAY_MEDIA_ALERT_AFTER_SECONDS', 600, 1, 604_800, 'a number of seconds from 1 to 604800');
  const slowMs = integer('RELAY_MEDIA_SLOW_RETRY_MS', 1_800_000, 2, 604_800_000, 'a number of milliseconds from 2 to 604800000');
  return {
    maxBytes,
    allowedHosts: hosts.ok ? hosts.hosts : [],
    downloadTimeoutMs: timeoutSeconds * 1000,
    retry: { baseMs, capMs, alertAfterAttempts, alertAfterMs: alertAfterSeconds * 1000, slowMs },
  };
}
