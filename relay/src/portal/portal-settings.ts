import { readFileSync } from 'node:fs';
import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/**
 * The client portal's settings (issue 14 §1). A bad value stops start-up naming the setting;
 * the logo is read here, once, so a missing or unreadable file does too (and the portal never
 * touches the disk for it afterwards).
 */

export interface PortalLogo {
  contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  bytes: Buffer;
}

export interface PortalSettings {
  /** The business's name as the portal (and notices) show it; null: unset. */
  businessName: string | null;
  /** How a customer reaches the business (a phone number, an address), as they read it; null: unset. */
  contact: string | null;
  logo: PortalLogo | null;
  showRecordings: boolean;
  showTranscripts: boolean;
  /** Portal requests per address: a token bucket (perSecond 0 turns it off). */
  rateLimit: { perSecond: number; burst: number };
  /** The top-up amounts offered, in major units of the wallet's currency. */
  topUpAmounts: readonly number[];
}

/** Small enough to inline in every page (data: URI) without weighing a phone down. */
export const MAX_LOGO_BYTES = 200 * 1024;

export const PORTAL_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_BUSINESS_NAME', default: 'unset', description: "The business's name as customers read it: the client portal's heading and its page titles (and the notices' {{business}}). Unset: the portal says \"Your account\"." },
  { name: 'RELAY_BUSINESS_CONTACT', default: 'unset', description: 'How a customer reaches the business, as they read it (e.g. "call (617) 555-0100 or write to help@harbor.example", at most 200 characters): shown at the foot of the client portal and on its turned-off and expired link pages. Unset: those pages only say to ask the business.' },
  { name: 'PORTAL_LOGO_FILE', default: 'unset', description: `A PNG, JPEG, GIF or WebP file (at most ${MAX_LOGO_BYTES / 1024} KB) shown beside the business name on the client portal, read once at start-up (a missing, too large or unknown file stops start-up). Unset: no logo.` },
  { name: 'PORTAL_SHOW_RECORDINGS', default: 'off', description: 'on or off. On: the client portal lets a customer play the recordings (and voicemails) the relay captured of their own calls.' },
  { name: 'PORTAL_SHOW_TRANSCRIPTS', default: 'off', description: "on or off. On: the client portal shows the transcript of a customer's own calls, where the phone provider sent one." },
  { name: 'PORTAL_REQUESTS_PER_MINUTE', default: '60', description: 'Client portal pages, PDFs and recordings per minute per client address, on average (0 turns the limit off); past it, a page saying to wait, with Retry-After. A token that matches no link also counts as a failed authentication (RELAY_AUTH_FAILURES_PER_MINUTE).' },
  { name: 'PORTAL_BURST', default: '30', description: 'Client portal requests a client address may make at once before PORTAL_REQUESTS_PER_MINUTE applies.' },
  { name: 'PORTAL_TOP_UP_AMOUNTS', default: '25,50,100', description: "The top-up amounts the client portal offers, in whole units of the customer's wallet currency, comma-separated (at most 6). Shown only where Flutterwave is set up (FLUTTERWAVE_SECRET_KEY); a customer without call credit yet tops up in their plan's currency." },
];

export function readPortalSettings(value: SettingReader, errors: string[]): PortalSettings {
  const integer = integerSettings(value, errors);
  const onOff = (name: string): boolean => {
    const raw = value(name) ?? 'off';
    if (raw !== 'on' && raw !== 'off') errors.push(`${name} must be on or off, got '${raw}'`);
    return raw === 'on';
  };
  const businessName = value('RELAY_BUSINESS_NAME') ?? null;
  if (businessName !== null && businessName.length > 120) errors.push(`RELAY_BUSINESS_NAME must be at most 120 characters, got ${businessName.length}`);
  const contact = value('RELAY_BUSINESS_CONTACT')?.trim() || null;
  if (contact !== null && contact.length > 200) errors.push(`RELAY_BUSINESS_CONTACT must be at most 200 characters, got ${contact.length}`);
  const perMinute = integer('PORTAL_REQUESTS_PER_MINUTE', 60, 0, 1_000_000, 'a number of requests per minute from 0 (off) to 1000000');
  const burst = integer('PORTAL_BURST', 30, 1, 1_000_000, 'a number of requests from 1 to 1000000');
  const amountsRaw = value('PORTAL_TOP_UP_AMOUNTS') ?? '25,50,100';
  const amounts = amountsRaw.split(',').map((part) => part.trim());
  const topUpAmounts = amounts.every((part) => /^[1-9]\d{0,5}$/.test(part)) && amounts.length <= 6 ? [...new Set(amounts.map(Number))].sort((a, b) => a - b) : null;
  if (topUpAmounts === null) errors.push(`PORTAL_TOP_UP_AMOUNTS must be up to 6 whole amounts from 1 to 999999, comma-separated (e.g. 25,50,100), got '${amountsRaw}'`);
  return {
    businessName,
    contact,
    logo: readLogo(value('PORTAL_LOGO_FILE'), errors),
    showRecordings: onOff('PORTAL_SHOW_RECORDINGS'),
    showTranscripts: onOff('PORTAL_SHOW_TRANSCRIPTS'),
    rateLimit: { perSecond: perMinute / 60, burst },
    topUpAmounts: topUpAmounts ?? [25, 50, 100],
  };
}

function readLogo(file: string | undefined, errors: string[]): PortalLogo | null {
  if (file === undefined) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    errors.push(`PORTAL_LOGO_FILE ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (bytes.length > MAX_LOGO_BYTES) {
    errors.push(`PORTAL_LOGO_FILE ${file} is ${Math.ceil(bytes.length / 1024)} KB; use an image of at most ${MAX_LOGO_BYTES / 1024} KB`);
    return null;
  }
  const contentType = imageTypeOf(bytes);
  if (contentType === null) {
    errors.push(`PORTAL_LOGO_FILE ${file} is not a PNG, JPEG, GIF or WebP image`);
    return null;
  }
  return { contentType, bytes };
}

/** By the file's first bytes, not its name: SVG (which can carry script) is not among them. */
export function imageTypeOf(bytes: Buffer): PortalLogo['contentType'] | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}
