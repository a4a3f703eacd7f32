import { mightyCallEditions, mightyCallResources, type MightyCallEdition, type MightyCallResource } from '../../../../src/shared/relay-rest/mightycall';
import type { SettingDescription, SettingReader } from '../../config';
import { integerSettings } from '../../integer-setting';
import { readOutboundApiUrl } from '../../outbound-api-url-setting';

/**
 * The relay's MightyCall settings (spec telephony-providers §4, much of it unconfirmed:
 * docs/providers/mightycall.md). Parsing is pure; messages name the setting and never echo
 * a key.
 */

export const MIGHTYCALL_BASE_URLS: Readonly<Record<MightyCallEdition, string>> = {
  classic: 'https://api.mightycall.com/v4',
  callcenter: 'https://ccapi.mightycall.com/v4',
};
export const MIGHTYCALL_DAILY_BUDGET = 2500;
export const MIGHTYCALL_OVERLAP_MINUTES = 120;
export const MIGHTYCALL_PAGE_SIZE = 100;
export const MIGHTYCALL_DIRECTORY_MINUTES = 60;

export interface MightyCallSettings {
  /** null while MIGHTYCALL_API_KEY is unset: no polling at all. */
  apiKey: string | null;
  /** The User key (Classic may take the user's extension number instead). */
  userKey: string | null;
  edition: MightyCallEdition;
  /** Without a trailing slash, `/v4` included. */
  apiBaseUrl: string;
  dailyBudget: number;
  overlapMs: number;
  pageSize: number;
  /** How often the lines and the contacts are read (they change rarely). */
  directoryMs: number;
  resources: readonly MightyCallResource[];
}

export const MIGHTYCALL_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'MIGHTYCALL_API_KEY',
    default: 'unset',
    description: 'MightyCall API key (web app → Integrations → API, a manager or admin). Set with MIGHTYCALL_USER_KEY, it turns on the poller of MightyCall API v4; while unset the relay never calls MightyCall.',
  },
  { name: 'MIGHTYCALL_USER_KEY', default: 'unset', description: "The User key beside the API key (Classic accounts may use the user's extension number); required with MIGHTYCALL_API_KEY. Never logged." },
  { name: 'MIGHTYCALL_EDITION', default: 'classic', description: 'classic (business phone, https://api.mightycall.com/v4) or callcenter (https://ccapi.mightycall.com/v4): which API host the keys belong to.' },
  { name: 'MIGHTYCALL_API_BASE_URL', default: 'unset', description: "Overrides the edition's API base (…/v4). Only for the MightyCall emulator (https, or http to localhost)." },
  {
    name: 'MIGHTYCALL_DAILY_REQUEST_BUDGET',
    default: String(MIGHTYCALL_DAILY_BUDGET),
    description: 'Most requests the relay sends MightyCall in any 24 hours (token requests included; 2,500 is the limit reported for an account). The polling interval is derived from it; the relay never sends more.',
  },
  { name: 'MIGHTYCALL_POLL_OVERLAP_MINUTES', default: String(MIGHTYCALL_OVERLAP_MINUTES), description: 'Each round reads again this far before where the last one ended, so records MightyCall lists late are not missed (nothing is stored twice); 1 to 10080. A call under way holds the next round\'s start at that call until it ends (up to a day).' },
  { name: 'MIGHTYCALL_PAGE_SIZE', default: String(MIGHTYCALL_PAGE_SIZE), description: 'Records asked for per page (pageSize): larger pages spend fewer requests. MightyCall\'s maximum is unconfirmed.' },
  { name: 'MIGHTYCALL_DIRECTORY_MINUTES', default: String(MIGHTYCALL_DIRECTORY_MINUTES), description: "How often the account's phone numbers and contacts are read again (they change rarely); calls, voicemails and texts every round." },
  {
    name: 'MIGHTYCALL_POLL',
    default: mightyCallResources.join(','),
    description: "What the poller reads, comma-separated from phonenumbers, calls, voicemails, messages (the journal's texts), contacts; leave out one an account refuses. Recordings come with the calls.",
  },
];

export function readMightyCallSettings(value: SettingReader, errors: string[]): MightyCallSettings {
  const integer = integerSettings(value, errors);
  const apiKey = value('MIGHTYCALL_API_KEY') ?? null;
  const userKey = value('MIGHTYCALL_USER_KEY') ?? null;
  if (apiKey !== null && /\s/.test(apiKey)) errors.push('MIGHTYCALL_API_KEY does not look like a MightyCall API key (one word)');
  if (apiKey !== null && userKey === null) errors.push('MIGHTYCALL_USER_KEY must be set with MIGHTYCALL_API_KEY (the User key, or for Classic the extension number)');
  if (userKey !== null && apiKey === null) errors.push('MIGHTYCALL_API_KEY must be set with MIGHTYCALL_USER_KEY');
  const editionRaw = value('MIGHTYCALL_EDITION') ?? 'classic';
  const edition = (mightyCallEditions as readonly string[]).includes(editionRaw) ? (editionRaw as MightyCallEdition) : null;
  if (edition === null) errors.push(`MIGHTYCALL_EDITION must be classic or callcenter, got '${editionRaw}'`);
  // The token travels in every request; plain http only to the emulator on this machine.
  const apiBaseUrl = readOutboundApiUrl(value, errors, { name: 'MIGHTYCALL_API_BASE_URL', example: MIGHTYCALL_BASE_URLS.classic }) ?? MIGHTYCALL_BASE_URLS[edition ?? 'classic'];
  const dailyBudget = integer('MIGHTYCALL_DAILY_REQUEST_BUDGET', MIGHTYCALL_DAILY_BUDGET, 50, 1_000_000, 'a number of requests per day from 50 to 1000000');
  // 0 would let a window start after a call MightyCall lists late, or one under way when it was read.
  const overlapMinutes = integer('MIGHTYCALL_POLL_OVERLAP_MINUTES', MIGHTYCALL_OVERLAP_MINUTES, 1, 7 * 24 * 60, 'a number of minutes from 1 to 10080');
  const pageSize = integer('MIGHTYCALL_PAGE_SIZE', MIGHTYCALL_PAGE_SIZE, 1, 1000, 'a number of records from 1 to 1000');
  const directoryMinutes = integer('MIGHTYCALL_DIRECTORY_MINUTES', MIGHTYCALL_DIRECTORY_MINUTES, 5, 7 * 24 * 60, 'a number of minutes from 5 to 10080');
  const resources = readResources(value('MIGHTYCALL_POLL'), errors);
  return { apiKey, userKey, edition: edition ?? 'classic', apiBaseUrl, dailyBudget, overlapMs: overlapMinutes * 60_000, pageSize, directoryMs: directoryMinutes * 60_000, resources };
}

function readResources(raw: string | undefined, errors: string[]): MightyCallResource[] {
  if (raw === undefined) return [...mightyCallResources];
  const names = raw.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(mightyCallResources as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    errors.push(`MIGHTYCALL_POLL must list some of ${mightyCallResources.join(', ')}, got '${raw}'`);
    return [...mightyCallResources];
  }
  return mightyCallResources.filter((name) => names.includes(name));
}
