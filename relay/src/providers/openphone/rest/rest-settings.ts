import type { SettingDescription, SettingReader } from '../../../config';
import { readOutboundApiUrl } from '../../../outbound-api-url-setting';

/**
 * The relay's OpenPhone REST settings (spec telephony-providers §1.9): the API key that
 * sends texts for every console. Parsing is pure; messages name the setting and never
 * echo the key.
 */

export const OPENPHONE_API_BASE_URL = 'https://api.openphone.com';

export interface OpenPhoneRestSettings {
  /** null while OPENPHONE_API_KEY is unset: POST /v1/messages answers 503 naming it. */
  apiKey: string | null;
  /** Without a trailing slash. */
  apiBaseUrl: string;
  /** OpenPhone's requests per second per key; the relay paces at 97 % of it. */
  rateLimitPerSecond: number;
}

export const OPENPHONE_RATE_LIMIT_PER_SECOND = 10;

export const OPENPHONE_REST_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'OPENPHONE_API_KEY',
    default: 'unset',
    description:
      'OpenPhone API key (Settings → API, made by a workspace owner or admin) the relay sends texts with for every console (POST /v1/messages); consoles never see it. While unset, POST /v1/messages answers 503 naming it.',
  },
  { name: 'OPENPHONE_API_BASE_URL', default: OPENPHONE_API_BASE_URL, description: 'OpenPhone REST API base (https://api.quo.com works too). Override only to point at the OpenPhone emulator.' },
  {
    name: 'OPENPHONE_RATE_LIMIT_PER_SECOND',
    default: String(OPENPHONE_RATE_LIMIT_PER_SECOND),
    description:
      "OpenPhone's request limit per API key (10 per second, spec §1.9). Every OpenPhone call the relay makes (texts, directory sync, history import, reconciliation, contacts) shares one pacer at 97 % of it. Change only for an emulator configured otherwise (the bench) or if OpenPhone grants a different limit.",
  },
];

export function readOpenPhoneRestSettings(value: SettingReader, errors: string[]): OpenPhoneRestSettings {
  const apiKey = value('OPENPHONE_API_KEY') ?? null;
  // A key is one token; whitespace inside means two values pasted together.
  if (apiKey !== null && (apiKey.length < 8 || /\s/.test(apiKey))) errors.push('OPENPHONE_API_KEY does not look like an OpenPhone API key (one word of at least 8 characters)');
  // The API key travels in every request; plain http only to the emulator on this machine.
  const apiBaseUrl = readOutboundApiUrl(value, errors, { name: 'OPENPHONE_API_BASE_URL', example: OPENPHONE_API_BASE_URL }) ?? OPENPHONE_API_BASE_URL;
  const rawRate = value('OPENPHONE_RATE_LIMIT_PER_SECOND');
  let rateLimitPerSecond = OPENPHONE_RATE_LIMIT_PER_SECOND;
  if (rawRate !== undefined) {
    const parsed = Number(rawRate);
    if (/^\d+(\.\d+)?$/.test(rawRate.trim()) && parsed >= 1 && parsed <= 1000) rateLimitPerSecond = parsed;
    else errors.push(`OPENPHONE_RATE_LIMIT_PER_SECOND must be a number of requests per second from 1 to 1000, got '${rawRate}'`);
  }
  return { apiKey, apiBaseUrl, rateLimitPerSecond };
}
