import { isIP } from 'node:net';
import { ALERT_SETTING_DESCRIPTIONS, parseAlertSettings, type AlertSettings } from './alerts/alert-settings';
import { isLoopbackHost } from '../../src/shared/relay-address';
import { parseAddressRanges, type AddressRange } from './http/address-ranges';
import { integerSettings } from './integer-setting';
import { MEDIA_SETTING_DESCRIPTIONS, parseMediaSettings, type MediaSettings } from './media/media-settings';
import { MIGHTYCALL_SETTING_DESCRIPTIONS, readMightyCallSettings, type MightyCallSettings } from './providers/mightycall/mightycall-settings';
import { CONTACT_PUSH_SETTING_DESCRIPTIONS, readContactPushSettings, type ContactPushSettings } from './providers/openphone/contact-push/contact-push-settings';
import { OPENPHONE_DIRECTORY_SETTING_DESCRIPTIONS, readOpenPhoneDirectorySettings, type OpenPhoneDirectorySettings } from './providers/openphone/directory/directory-settings';
import { OPENPHONE_REST_SETTING_DESCRIPTIONS, readOpenPhoneRestSettings, type OpenPhoneRestSettings } from './providers/openphone/rest/rest-settings';
import { HEALTH_CHECK_SETTING_DESCRIPTIONS, readHealthCheckSettings, type HealthCheckSettings } from './providers/openphone/health-check/health-check-settings';
import { readReconciliationSettings, RECONCILIATION_SETTING_DESCRIPTIONS, type ReconciliationSettings } from './providers/openphone/reconciliation/reconciliation-settings';
import { WEBHOOK_PROVIDERS } from './providers/registry';
import { isPlanned, type WebhookProviderDefinition } from './providers/webhook-provider';
import { parseQuickBooksSettings, QUICKBOOKS_SETTING_DESCRIPTIONS, type QuickBooksSettings } from './quickbooks/quickbooks-settings';
import { parseSmtpSettings } from './mail/smtp-settings';
import { NOTICE_RUN_SETTING_DESCRIPTIONS, readNoticeRunSettings, type NoticeRunSettings } from './notices/notice-relay-settings';
import { NOTICE_CHANNEL_SETTING_DESCRIPTIONS, parseNoticeChannelSettings, type NoticeChannelSettings } from './notices/channels/notice-channel-settings';
import { PORTAL_SETTING_DESCRIPTIONS, readPortalSettings, type PortalSettings } from './portal/portal-settings';
import { TRANSCRIPTION_SETTING_DESCRIPTIONS, readTranscriptionSettings, type TranscriptionSettings } from './transcription/transcription-settings';
import { JOBS_SETTING_DESCRIPTIONS, readJobsSettings, type JobsSettings } from './jobs/jobs-settings';
import { PRIVACY_SETTING_DESCRIPTIONS, readPrivacySettings, type PrivacySettings } from './privacy/privacy-settings';
import { BACKUP_SETTING_DESCRIPTIONS, readBackupSettings, type BackupSettings } from './backup/backup-settings';

/**
 * Relay settings: environment variables, optionally backed by a JSON file named by
 * RELAY_CONFIG_FILE whose keys are the same names (the environment wins). An empty
 * value means "unset", so the default applies. Parsing is pure; reading the file
 * and the environment happens in cli.ts. Each webhook provider reads its own settings
 * (relay/src/providers/<name>/); they are listed here through the registry.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RateLimit {
  /** Tokens added per second; 0 turns the limit off. */
  perSecond: number;
  burst: number;
}

export interface RelaySettings {
  host: string;
  port: number;
  dataDir: string;
  maxBodyBytes: number;
  /** Deepest nesting of arrays/objects a JSON body may have; deeper ones get 400 before parsing. */
  maxJsonDepth: number;
  /** The URL providers call (RELAY_PUBLIC_URL) without a trailing slash, or null. */
  publicUrl: string | null;
  /** Socket peers whose X-Forwarded-For is believed. */
  trustedProxies: readonly AddressRange[];
  /** Client addresses never rate-limited. */
  rateLimitExempt: readonly AddressRange[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** Open connections one socket peer address (IPv6: its /64) may hold; the trusted proxy and exempt addresses are not counted. */
  maxConnectionsPerAddress: number;
  /** A connection that sends no byte at all is cut after this. */
  firstByteTimeoutMs: number;
  maxHeaderBytes: number;
  /** Webhook requests per client address. */
  webhookRateLimit: RateLimit;
  /** Failed authentications (bad signature, bad device token) per client address. */
  authFailureRateLimit: RateLimit;
  maxStreamsPerDevice: number;
  /** Bearer token for /metrics (and /healthz details) from off the machine; null: loopback only. */
  metricsToken: string | null;
  /** How far in the future a console event's occurredAt may be. */
  consoleEventFutureToleranceMs: number;
  /** Each webhook provider's own settings, by provider name (read by its readSettings). */
  providers: Readonly<Record<string, unknown>>;
  signatureToleranceMs: number;
  heartbeatMs: number;
  logLevel: LogLevel;
  quickBooks: QuickBooksSettings;
  /** Capture of recordings, voicemail and MMS media (relay/src/media). */
  media: MediaSettings;
  /** OpenPhone's REST API, for the texts consoles send (POST /v1/messages). */
  openPhoneRest: OpenPhoneRestSettings;
  /** The sync of OpenPhone's lines and users (relay/src/providers/openphone/directory). */
  openPhoneDirectory: OpenPhoneDirectorySettings;
  /** Customers pushed to OpenPhone as contacts (relay/src/providers/openphone/contact-push). */
  contactPush: ContactPushSettings;
  /** The daily reconciliation with OpenPhone's API (relay/src/providers/openphone/reconciliation). */
  reconciliation: ReconciliationSettings;
  /** The webhook health check (relay/src/providers/openphone/health-check). */
  healthCheck: HealthCheckSettings;
  /** Alerts by email and SMS to the owner (relay/src/alerts). */
  alerts: AlertSettings;
  /** The MightyCall API v4 poller (relay/src/providers/mightycall). */
  mightyCall: MightyCallSettings;
  /** How notices reach customers: the email sender (relay/src/notices/channels). */
  noticeChannels: NoticeChannelSettings;
  /** How the relay runs its notices (relay/src/notices): how often, how many tries, the portal address they name. */
  notices: NoticeRunSettings;
  /** The client portal (relay/src/portal): the business's name and logo, what customers see. */
  portal: PortalSettings;
  /** Issue 15: transcription of recordings without a provider transcript (relay/src/transcription). */
  transcription: TranscriptionSettings;
  /** Issue 15: extraction of jobs from calls and texts, the calendar feed (relay/src/jobs). */
  jobs: JobsSettings;
  /** Issue 15: retention, erasure, media at rest (relay/src/privacy). */
  privacy: PrivacySettings;
  /** Issue 16 §4: scheduled backups of relay.db and the media folder (relay/src/backup). */
  backup: BackupSettings;
}

export interface SettingDescription {
  name: string;
  /** The default as a person would write it; "unset" when there is none. */
  default: string;
  description: string;
}

/** Reads one setting: trimmed, undefined when unset or empty. */
export type SettingReader = (name: string) => string | undefined;

const CORE_SETTINGS: readonly SettingDescription[] = [
  { name: 'RELAY_HOST', default: '127.0.0.1', description: 'Address to listen on: an IP address or a host name. Keep loopback behind a TLS reverse proxy; 0.0.0.0 listens everywhere.' },
  { name: 'RELAY_PORT', default: '8787', description: 'TCP port to listen on (0 picks a free port).' },
  { name: 'RELAY_DATA_DIR', default: './relay-data', description: 'Directory of the SQLite event log and device table (relay.db), and of captured media (media/, see Media).' },
  { name: 'RELAY_PUBLIC_URL', default: 'unset', description: 'The https URL providers call, e.g. https://relay.example.com (no query). Twilio signs the full URL it called, so its webhooks need it.' },
  { name: 'RELAY_TRUSTED_PROXIES', default: 'loopback', description: "Socket peers whose X-Forwarded-For is believed (the TLS proxy): IPs or CIDR ranges, comma-separated, 'loopback' (127.0.0.0/8, ::1) or 'none'. The client address is the rightmost hop not added by a trusted proxy. 0.0.0.0/0 and ::/0 are refused: trusting every address would let anyone write their own." },
  { name: 'RELAY_MAX_BODY_BYTES', default: '1048576', description: 'Largest request body accepted; larger ones get 413.' },
  { name: 'RELAY_MAX_JSON_DEPTH', default: '64', description: 'Deepest nesting of arrays and objects a JSON body may have; deeper ones get 400 before they are parsed.' },
  { name: 'RELAY_HEADERS_TIMEOUT_SECONDS', default: '10', description: 'Time a client has to send its request headers; slower ones are cut off (408).' },
  { name: 'RELAY_REQUEST_TIMEOUT_SECONDS', default: '30', description: 'Time a client has to send its whole request, body included; slower ones are cut off (408).' },
  { name: 'RELAY_KEEP_ALIVE_TIMEOUT_SECONDS', default: '5', description: 'How long an idle keep-alive connection stays open between requests.' },
  { name: 'RELAY_MAX_CONNECTIONS', default: '1024', description: 'Most open connections (streams included); further ones are closed at once.' },
  { name: 'RELAY_MAX_CONNECTIONS_PER_ADDRESS', default: '64', description: "Most open connections from one socket peer address (an IPv6 /64); further ones are closed at once. The trusted proxy (RELAY_TRUSTED_PROXIES) and RELAY_RATE_LIMIT_EXEMPT addresses are not counted: behind the proxy, the proxy's own per-client limit (nginx limit_conn) applies." },
  { name: 'RELAY_FIRST_BYTE_TIMEOUT_SECONDS', default: '5', description: 'A connection that has sent nothing at all by then is closed (an idle connection holding a slot); one sending its headers has RELAY_HEADERS_TIMEOUT_SECONDS.' },
  { name: 'RELAY_MAX_HEADER_BYTES', default: '16384', description: 'Largest request header block; larger ones get 431.' },
  { name: 'RELAY_WEBHOOK_RATE_PER_SECOND', default: '50', description: 'Webhook requests per second per client address, on average (0 turns the limit off); past it, 429 with Retry-After.' },
  { name: 'RELAY_WEBHOOK_BURST', default: '500', description: 'Webhook requests a client address may send at once before RELAY_WEBHOOK_RATE_PER_SECOND applies.' },
  { name: 'RELAY_AUTH_FAILURES_PER_MINUTE', default: '10', description: 'Failed authentications (bad signatures, bad device tokens) per minute per client address, on average (0 turns the limit off); past it, every request needing authentication from that address gets 429.' },
  { name: 'RELAY_AUTH_FAILURE_BURST', default: '20', description: 'Failed authentications a client address may make at once before RELAY_AUTH_FAILURES_PER_MINUTE applies.' },
  { name: 'RELAY_RATE_LIMIT_EXEMPT', default: 'loopback', description: "Client addresses never rate-limited (same form as RELAY_TRUSTED_PROXIES): by default tools on the relay's own machine; requests through the proxy carry the real client's address." },
  { name: 'RELAY_MAX_STREAMS_PER_DEVICE', default: '8', description: 'Open streams one device token may hold; one more is refused with 429.' },
  { name: 'RELAY_METRICS_TOKEN', default: 'unset', description: 'Bearer token for GET /metrics (and the figures in /healthz) from off the machine; while unset, only a local request (loopback, not through the proxy) is answered.' },
  { name: 'RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS', default: '300', description: 'How far in the future a console event\'s occurredAt may be (console clocks drift); further ones get 422. Back-dated events are accepted. A Vapi message\'s timestamp further ahead than this gives way to when the relay received it.' },
  { name: 'RELAY_SIGNATURE_TOLERANCE_SECONDS', default: '300', description: 'How far a webhook signature timestamp may be from the relay clock, either way.' },
  { name: 'RELAY_HEARTBEAT_SECONDS', default: '30', description: 'WebSocket ping interval; a console that misses one pong is dropped.' },
  { name: 'RELAY_LOG_LEVEL', default: 'info', description: 'debug, info, warn or error. Logs are JSON lines; phone numbers are shown only at debug.' },
];

/** Every setting the relay reads, with its default: the README's table is checked against this. */
export const RELAY_SETTINGS: readonly SettingDescription[] = [
  ...CORE_SETTINGS,
  ...WEBHOOK_PROVIDERS.flatMap((provider) => (isPlanned(provider) ? [] : provider.settings)),
  ...OPENPHONE_REST_SETTING_DESCRIPTIONS,
  ...OPENPHONE_DIRECTORY_SETTING_DESCRIPTIONS,
  ...CONTACT_PUSH_SETTING_DESCRIPTIONS,
  ...RECONCILIATION_SETTING_DESCRIPTIONS,
  ...HEALTH_CHECK_SETTING_DESCRIPTIONS,
  ...QUICKBOOKS_SETTING_DESCRIPTIONS,
  ...MEDIA_SETTING_DESCRIPTIONS,
  ...ALERT_SETTING_DESCRIPTIONS,
  ...MIGHTYCALL_SETTING_DESCRIPTIONS,
  ...NOTICE_CHANNEL_SETTING_DESCRIPTIONS,
  ...NOTICE_RUN_SETTING_DESCRIPTIONS,
  ...PORTAL_SETTING_DESCRIPTIONS,
  ...TRANSCRIPTION_SETTING_DESCRIPTIONS,
  ...JOBS_SETTING_DESCRIPTIONS,
  ...PRIVACY_SETTING_DESCRIPTIONS,
  ...BACKUP_SETTING_DESCRIPTIONS,
  { name: 'RELAY_CONFIG_FILE', default: 'unset', description: 'Optional JSON file with any of these settings as keys; environment variables win over it.' },
];

export type SettingsSource = Readonly<Record<string, string | undefined>>;

export type SettingsResult = { ok: true; settings: RelaySettings } | { ok: false; errors: string[] };

/**
 * Merges a config file's values under the environment's. File values may be JSON
 * numbers; anything else (objects, arrays) is reported as an error naming the key.
 */
export function mergeConfigFile(env: SettingsSource, file: unknown, fileName: string): { ok: true; source: SettingsSource } | { ok: false; errors: string[] } {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    return { ok: false, errors: [`RELAY_CONFIG_FILE ${fileName} must hold a JSON object of settings`] };
  }
  const known = new Set(RELAY_SETTINGS.map((s) => s.name));
  const merged: Record<string, string | undefined> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(file)) {
    if (!known.has(key)) errors.push(`RELAY_CONFIG_FILE ${fileName} has an unknown setting ${key}`);
    else if (typeof value === 'string' || typeof value === 'number') merged[key] = String(value);
    else errors.push(`${key} in ${fileName} must be a string or a number`);
  }
  if (errors.length > 0) return { ok: false, errors };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') merged[key] = value;
  }
  return { ok: true, source: merged };
}

export function parseRelaySettings(source: SettingsSource, providers: readonly WebhookProviderDefinition[] = WEBHOOK_PROVIDERS): SettingsResult {
  const errors: string[] = [];
  const value: SettingReader = (name) => {
    const raw = source[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const integer = integerSettings(value, errors);
  const seconds = (name: string, fallback: number, min: number, max: number): number => integer(name, fallback, min, max, `a number of seconds from ${min} to ${max}`);
  const addresses = (name: string, fallback: string): AddressRange[] => {
    const parsed = parseAddressRanges(value(name) ?? fallback, name);
    if (parsed.ok) return parsed.ranges;
    errors.push(parsed.error);
    return [];
  };

  const host = value('RELAY_HOST') ?? '127.0.0.1';
  if (!isListenHost(host)) errors.push(`RELAY_HOST must be an IP address or a host name such as localhost, got '${host}'`);
  const port = integer('RELAY_PORT', 8787, 0, 65535, 'an integer 0-65535');
  const dataDir = value('RELAY_DATA_DIR') ?? './relay-data';
  const publicUrl = parsePublicUrl(value('RELAY_PUBLIC_URL'), errors);
  const trustedProxies = addresses('RELAY_TRUSTED_PROXIES', 'loopback');
  if (trustedProxies.some((range) => range.prefix === 0)) {
    errors.push("RELAY_TRUSTED_PROXIES must not trust every address (0.0.0.0/0 or ::/0): anyone could then write their own X-Forwarded-For; list the proxy's address, or 'loopback'");
  }
  const maxBodyBytes = integer('RELAY_MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576, 'a number of bytes from 1024 to 104857600');
  const maxJsonDepth = integer('RELAY_MAX_JSON_DEPTH', 64, 8, 1000, 'a nesting depth from 8 to 1000');
  const headersTimeoutSeconds = seconds('RELAY_HEADERS_TIMEOUT_SECONDS', 10, 1, 600);
  const requestTimeoutSeconds = seconds('RELAY_REQUEST_TIMEOUT_SECONDS', 30, 1, 3600);
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    errors.push(`RELAY_REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds}) must be at least RELAY_HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds})`);
  }
  const keepAliveSeconds = seconds('RELAY_KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 600);
  const maxConnections = integer('RELAY_MAX_CONNECTIONS', 1024, 1, 1_000_000, 'a number of connections from 1 to 1000000');
  const maxConnectionsPerAddress = integer('RELAY_MAX_CONNECTIONS_PER_ADDRESS', 64, 1, 1_000_000, 'a number of connections from 1 to 1000000');
  const firstByteTimeoutSeconds = seconds('RELAY_FIRST_BYTE_TIMEOUT_SECONDS', 5, 1, 600);
  const maxHeaderBytes = integer('RELAY_MAX_HEADER_BYTES', 16_384, 1024, 1_048_576, 'a number of bytes from 1024 to 1048576');
  const webhookPerSecond = integer('RELAY_WEBHOOK_RATE_PER_SECOND', 50, 0, 1_000_000, 'a number of requests per second from 0 (off) to 1000000');
  const webhookBurst = integer('RELAY_WEBHOOK_BURST', 500, 1, 1_000_000, 'a number of requests from 1 to 1000000');
  const authPerMinute = integer('RELAY_AUTH_FAILURES_PER_MINUTE', 10, 0, 1_000_000, 'a number of failures per minute from 0 (off) to 1000000');
  const authBurst = integer('RELAY_AUTH_FAILURE_BURST', 20, 1, 1_000_000, 'a number of failures from 1 to 1000000');
  const rateLimitExempt = addresses('RELAY_RATE_LIMIT_EXEMPT', 'loopback');
  const maxStreamsPerDevice = integer('RELAY_MAX_STREAMS_PER_DEVICE', 8, 1, 10_000, 'a number of streams from 1 to 10000');
  const metricsToken = value('RELAY_METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < 16) errors.push('RELAY_METRICS_TOKEN is too short: use at least 16 characters (e.g. openssl rand -hex 16)');
  const futureToleranceSeconds = seconds('RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS', 300, 0, 86_400);
  const toleranceSeconds = seconds('RELAY_SIGNATURE_TOLERANCE_SECONDS', 300, 1, 86_400);
  const heartbeatSeconds = seconds('RELAY_HEARTBEAT_SECONDS', 30, 1, 3600);

  const logLevelRaw = value('RELAY_LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : null;
  if (logLevel === null) errors.push(`RELAY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevelRaw}'`);

  const providerSettings: Record<string, unknown> = {};
  for (const provider of providers) {
    if (!isPlanned(provider)) providerSettings[provider.name] = provider.readSettings(value, errors);
  }

  const quickBooks = parseQuickBooksSettings(value, errors);
  const media = parseMediaSettings(value, errors);
  const openPhoneRest = readOpenPhoneRestSettings(value, errors);
  const openPhoneDirectory = readOpenPhoneDirectorySettings(value, errors);
  const contactPush = readContactPushSettings(value, errors);
  const reconciliation = readReconciliationSettings(value, errors);
  const healthCheck = readHealthCheckSettings(value, errors);
  // One mail server for alert mail and notice mail: parsed once, so a bad value is named once.
  const smtp = parseSmtpSettings(value, errors);
  const alerts = parseAlertSettings(value, errors, openPhoneRest.apiKey !== null, smtp);
  const noticeChannels = parseNoticeChannelSettings(value, errors, smtp);
  const notices = readNoticeRunSettings(value, errors);
  const mightyCall = readMightyCallSettings(value, errors);
  const portal = readPortalSettings(value, errors);
  const transcription = readTranscriptionSettings(value, errors);
  const jobs = readJobsSettings(value, errors);
  const privacy = readPrivacySettings(value, errors);
  const backup = readBackupSettings(value, errors, dataDir);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      host,
      port,
      dataDir,
      maxBodyBytes,
      maxJsonDepth,
      publicUrl,
      trustedProxies,
      rateLimitExempt,
      headersTimeoutMs: headersTimeoutSeconds * 1000,
      requestTimeoutMs: requestTimeoutSeconds * 1000,
      keepAliveTimeoutMs: keepAliveSeconds * 1000,
      maxConnections,
      maxConnectionsPerAddress,
      firstByteTimeoutMs: firstByteTimeoutSeconds * 1000,
      maxHeaderBytes,
      webhookRateLimit: { perSecond: webhookPerSecond, burst: webhookBurst },
      authFailureRateLimit: { perSecond: authPerMinute / 60, burst: authBurst },
      maxStreamsPerDevice,
      metricsToken,
      consoleEventFutureToleranceMs: futureToleranceSeconds * 1000,
      providers: providerSettings,
      signatureToleranceMs: toleranceSeconds * 1000,
      heartbeatMs: heartbeatSeconds * 1000,
      logLevel: logLevel ?? 'info',
      quickBooks,
      media,
      openPhoneRest,
      openPhoneDirectory,
      contactPush,
      reconciliation,
      healthCheck,
      alerts,
      mightyCall,
      noticeChannels,
      notices,
      portal,
      transcription,
      jobs,
      privacy,
      backup,
    },
  };
}

/**
 * RELAY_HOST: an IP address, or a host name (letters, digits and hyphens in dot-separated
 * labels). All-digit labels like 999.1.1.1 are a mistyped IP, not a name.
 */
export function isListenHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  if (host.length > 253 || /^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/**
 * RELAY_PUBLIC_URL: an absolute http(s) URL with no credentials, query or fragment.
 * https unless the host is loopback (a local test); kept without a trailing slash so
 * a provider's full URL is publicUrl + request path.
 */
function parsePublicUrl(raw: string | undefined, errors: string[]): string | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`RELAY_PUBLIC_URL must be an absolute URL such as https://relay.example.com, got '${raw}'`);
    return null;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    errors.push(`RELAY_PUBLIC_URL must be https (http only for localhost), got '${raw}'`);
  } else if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    errors.push(`RELAY_PUBLIC_URL must be the plain URL providers call, without credentials, query or fragment, got '${raw}'`);
  } else {
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }
  return null;
}
