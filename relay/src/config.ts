import { toE164 } from '../../src/shared/phone';
import { parseOpenPhoneSecrets, type OpenPhoneKey } from './providers/openphone/verify';
import { parseQuickBooksSettings, QUICKBOOKS_SETTING_DESCRIPTIONS, type QuickBooksSettings } from './quickbooks/quickbooks-settings';

/**
 * Relay settings: environment variables, optionally backed by a JSON file named by
 * RELAY_CONFIG_FILE whose keys are the same names (the environment wins). An empty
 * value means "unset", so the default applies. Parsing is pure; reading the file
 * and the environment happens in cli.ts.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RelaySettings {
  host: string;
  port: number;
  dataDir: string;
  maxBodyBytes: number;
  /** null while OPENPHONE_WEBHOOK_SECRET is unset: the OpenPhone route answers 503. */
  openPhoneKeys: OpenPhoneKey[] | null;
  /** OpenPhone phoneNumberId → workspace number (E.164), for payloads without from/to. */
  openPhoneNumberIds: Readonly<Record<string, string>>;
  signatureToleranceMs: number;
  heartbeatMs: number;
  logLevel: LogLevel;
  quickBooks: QuickBooksSettings;
}

export interface SettingDescription {
  name: string;
  /** The default as a person would write it; "unset" when there is none. */
  default: string;
  description: string;
}

/** Every setting the relay reads, with its default: the README's table is checked against this. */
export const RELAY_SETTINGS: readonly SettingDescription[] = [
  { name: 'RELAY_HOST', default: '127.0.0.1', description: 'Address to listen on. Keep loopback behind a TLS reverse proxy; 0.0.0.0 listens everywhere.' },
  { name: 'RELAY_PORT', default: '8787', description: 'TCP port to listen on (0 picks a free port).' },
  { name: 'RELAY_DATA_DIR', default: './relay-data', description: 'Directory of the SQLite event log and device table (relay.db).' },
  { name: 'RELAY_MAX_BODY_BYTES', default: '1048576', description: 'Largest request body accepted; larger ones get 413.' },
  { name: 'OPENPHONE_WEBHOOK_SECRET', default: 'unset', description: 'OpenPhone signing key(s): the base64 key of a legacy webhook and/or the whsec_ key of a new one, comma-separated. While unset, /webhooks/openphone answers 503.' },
  { name: 'OPENPHONE_PHONE_NUMBER_IDS', default: 'unset', description: 'Map of OpenPhone phone number ids to workspace numbers, "PNabc=+16175550100,PNdef=+16175550101", for payloads that carry only phoneNumberId.' },
  { name: 'RELAY_SIGNATURE_TOLERANCE_SECONDS', default: '300', description: 'How far a webhook signature timestamp may be from the relay clock, either way.' },
  { name: 'RELAY_HEARTBEAT_SECONDS', default: '30', description: 'WebSocket ping interval; a console that misses one pong is dropped.' },
  { name: 'RELAY_LOG_LEVEL', default: 'info', description: 'debug, info, warn or error. Logs are JSON lines.' },
  ...QUICKBOOKS_SETTING_DESCRIPTIONS,
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

export function parseRelaySettings(source: SettingsSource): SettingsResult {
  const errors: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = source[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number, max: number, what: string): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      errors.push(`${name} must be ${what}, got '${raw}'`);
      return fallback;
    }
    return Number(raw);
  };

  const host = value('RELAY_HOST') ?? '127.0.0.1';
  if (/\s/.test(host)) errors.push(`RELAY_HOST must be a host name or IP address, got '${host}'`);
  const port = integer('RELAY_PORT', 8787, 0, 65535, 'an integer 0-65535');
  const dataDir = value('RELAY_DATA_DIR') ?? './relay-data';
  const maxBodyBytes = integer('RELAY_MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576, 'a number of bytes from 1024 to 104857600');
  const toleranceSeconds = integer('RELAY_SIGNATURE_TOLERANCE_SECONDS', 300, 1, 86_400, 'a number of seconds from 1 to 86400');
  const heartbeatSeconds = integer('RELAY_HEARTBEAT_SECONDS', 30, 1, 3600, 'a number of seconds from 1 to 3600');

  const logLevelRaw = value('RELAY_LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : null;
  if (logLevel === null) errors.push(`RELAY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevelRaw}'`);

  let openPhoneKeys: OpenPhoneKey[] | null = null;
  const secret = value('OPENPHONE_WEBHOOK_SECRET');
  if (secret !== undefined) {
    try {
      openPhoneKeys = parseOpenPhoneSecrets(secret);
    } catch (error) {
      // The parser's message names the setting and never echoes the key itself.
      errors.push(error instanceof Error ? error.message : 'OPENPHONE_WEBHOOK_SECRET is not a valid signing key');
    }
  }

  const numberIds = parsePhoneNumberIds(value('OPENPHONE_PHONE_NUMBER_IDS'));
  if (!numberIds.ok) errors.push(numberIds.error);

  const quickBooks = parseQuickBooksSettings(value, errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      host,
      port,
      dataDir,
      maxBodyBytes,
      openPhoneKeys,
      openPhoneNumberIds: numberIds.ok ? numberIds.map : {},
      signatureToleranceMs: toleranceSeconds * 1000,
      heartbeatMs: heartbeatSeconds * 1000,
      logLevel: logLevel ?? 'info',
      quickBooks,
    },
  };
}

function parsePhoneNumberIds(raw: string | undefined): { ok: true; map: Record<string, string> } | { ok: false; error: string } {
  const map: Record<string, string> = {};
  if (raw === undefined) return { ok: true, map };
  for (const pair of raw.split(',')) {
    const [id, number, extra] = pair.split('=').map((part) => part.trim());
    const e164 = toE164(number);
    if (!id || extra !== undefined || e164 === null) {
      return { ok: false, error: `OPENPHONE_PHONE_NUMBER_IDS must look like "PNabc=+16175550100,PNdef=+16175550101", got '${pair.trim()}'` };
    }
    map[id] = e164;
  }
  return { ok: true, map };
}
