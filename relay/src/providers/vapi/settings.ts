import { toE164 } from '../../../../src/shared/phone';
import type { SettingDescription, SettingReader } from '../../config';

/**
 * Settings of /webhooks/vapi (spec telephony-providers §3): how Vapi's server messages are
 * authenticated, and how an assistant-request is answered. Parsing is pure; a bad value is
 * reported naming its setting, which stops start-up.
 */

export type VapiHmacAlgorithm = 'sha256' | 'sha512' | 'sha1';

export interface VapiHmacSettings {
  algorithm: VapiHmacAlgorithm;
  /** Lowercase, as node gives request header names. */
  signatureHeader: string;
  timestampHeader: string;
  /** e.g. `sha256=`; empty: none. */
  signaturePrefix: string;
  /** What is signed; placeholders {timestamp} {body} {method} {url}. */
  payloadFormat: string;
  encoding: 'hex' | 'base64';
  secretIsBase64: boolean;
}

/** What the AI agent does with a caller: take the call, speak the refusal and hang up, or pass it to a person. */
export type VapiOutcome = 'assistant' | 'refused' | 'forwarded';

export interface VapiAnswerSettings {
  /** The saved Vapi assistant that takes served callers; null: an assistant-request is answered 400 naming VAPI_ASSISTANT_ID. */
  assistantId: string | null;
  /** A caller with nothing left on a plan that is not exempt. */
  refusal: 'refused' | 'forwarded';
  refusalMessage: string;
  forwardNumber: string | null;
  forwardMessage: string;
  /** A number that belongs to no customer. */
  unknownCaller: VapiOutcome;
  /** What a refused caller whose number belongs to no customer hears (not the refusal meant for customers). */
  unknownCallerMessage: string;
}

export interface VapiSettings {
  /** VAPI_SECRET; null while unset: /webhooks/vapi answers 503. */
  secret: string | null;
  mode: 'secret' | 'hmac';
  hmac: VapiHmacSettings;
  answer: VapiAnswerSettings;
}

export const DEFAULT_REFUSAL_MESSAGE = 'Sorry, there is no time left on your account. Please top up, and call us again. Goodbye.';
export const DEFAULT_UNKNOWN_CALLER_MESSAGE = "Sorry, we can't take your call on this line. Please contact us to set up an account. Goodbye.";
export const DEFAULT_FORWARD_MESSAGE = 'Please hold while I put you through to a member of the team.';
const DEFAULT_PAYLOAD_FORMAT = '{timestamp}.{body}';
const MIN_SECRET_LENGTH = 16;

export const VAPI_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'VAPI_SECRET', default: 'unset', description: "The secret Vapi sends with every server message: the value of the X-Vapi-Secret header (the server URL's secret, or a Bearer-token credential with header X-Vapi-Secret and no prefix), or the HMAC credential's secret key when VAPI_AUTH_MODE is hmac. At least 16 characters. While unset, /webhooks/vapi answers 503." },
  { name: 'VAPI_AUTH_MODE', default: 'secret', description: "secret: X-Vapi-Secret must equal VAPI_SECRET (compared in constant time). hmac: Vapi's HMAC credential, the VAPI_HMAC_* settings below, the timestamp within RELAY_SIGNATURE_TOLERANCE_SECONDS (seconds or milliseconds)." },
  { name: 'VAPI_HMAC_ALGORITHM', default: 'sha256', description: 'hmac mode: sha256, sha512 or sha1, as set on the credential.' },
  { name: 'VAPI_HMAC_SIGNATURE_HEADER', default: 'x-signature', description: 'hmac mode: the header carrying the signature.' },
  { name: 'VAPI_HMAC_TIMESTAMP_HEADER', default: 'x-timestamp', description: 'hmac mode: the header carrying the timestamp.' },
  { name: 'VAPI_HMAC_SIGNATURE_PREFIX', default: 'unset', description: 'hmac mode: text before the signature in its header (e.g. sha256=), as set on the credential.' },
  { name: 'VAPI_HMAC_PAYLOAD_FORMAT', default: DEFAULT_PAYLOAD_FORMAT, description: 'hmac mode: what is signed, with the placeholders {timestamp}, {body}, {method} and {url} (RELAY_PUBLIC_URL + path; with {url}, RELAY_PUBLIC_URL is required). {body} alone is the credential\'s includeTimestamp: false, which gives no protection against a replayed message.' },
  { name: 'VAPI_HMAC_SIGNATURE_ENCODING', default: 'hex', description: 'hmac mode: hex or base64.' },
  { name: 'VAPI_HMAC_SECRET_IS_BASE64', default: 'false', description: 'hmac mode: true when the credential\'s secretIsBase64 is set (VAPI_SECRET is then base64-decoded before use).' },
  { name: 'VAPI_ASSISTANT_ID', default: 'unset', description: 'The saved Vapi assistant that takes a caller who has included time or wallet credit left (or whose plan is exempt), answered as assistantId with the caller\'s name and remaining time as variables (customerName, remainingTime, planName; never empty: "there", "no plan", "no time" or "unlimited time" when there is nothing to say). While unset, an assistant-request is answered 400 naming it (Vapi ends that call with assistant-request-failed); status updates and reports are still stored.' },
  { name: 'VAPI_REFUSAL', default: 'message', description: 'What happens to a customer with no time or credit left on a plan that is not exempt: message (the AI agent speaks VAPI_REFUSAL_MESSAGE and the call ends) or forward (the call goes to VAPI_FORWARD_NUMBER, a person).' },
  { name: 'VAPI_REFUSAL_MESSAGE', default: DEFAULT_REFUSAL_MESSAGE, description: 'The words spoken to a refused caller before the call ends.' },
  { name: 'VAPI_FORWARD_NUMBER', default: 'unset', description: 'E.164 number of the person a call is forwarded to (VAPI_REFUSAL or VAPI_UNKNOWN_CALLER forward); required by either.' },
  { name: 'VAPI_FORWARD_MESSAGE', default: DEFAULT_FORWARD_MESSAGE, description: 'The words spoken before a call is forwarded.' },
  { name: 'VAPI_UNKNOWN_CALLER', default: 'assistant', description: 'What happens to a caller whose number belongs to no customer: assistant (the AI agent takes the call, with no name), refuse (VAPI_UNKNOWN_CALLER_MESSAGE is spoken and the call ends) or forward (to VAPI_FORWARD_NUMBER).' },
  { name: 'VAPI_UNKNOWN_CALLER_MESSAGE', default: DEFAULT_UNKNOWN_CALLER_MESSAGE, description: 'The words spoken to a caller whose number belongs to no customer when VAPI_UNKNOWN_CALLER is refuse.' },
];

export function readVapiSettings(value: SettingReader, errors: string[]): VapiSettings {
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name) ?? fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    errors.push(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
    return fallback;
  };
  const secret = value('VAPI_SECRET') ?? null;
  if (secret !== null && secret.length < MIN_SECRET_LENGTH) errors.push(`VAPI_SECRET is too short: use at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 24)`);
  const mode = oneOf('VAPI_AUTH_MODE', ['secret', 'hmac'] as const, 'secret');
  const secretIsBase64 = oneOf('VAPI_HMAC_SECRET_IS_BASE64', ['true', 'false'] as const, 'false') === 'true';
  if (mode === 'hmac' && secretIsBase64 && secret !== null && !/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) errors.push('VAPI_SECRET is not base64, but VAPI_HMAC_SECRET_IS_BASE64 is true');
  const payloadFormat = value('VAPI_HMAC_PAYLOAD_FORMAT') ?? DEFAULT_PAYLOAD_FORMAT;
  if (!payloadFormat.includes('{body}')) errors.push(`VAPI_HMAC_PAYLOAD_FORMAT must contain {body}, got '${payloadFormat}'`);
  // Without the public URL the relay cannot rebuild what Vapi signed: every message would be refused 401.
  if (mode === 'hmac' && payloadFormat.includes('{url}') && value('RELAY_PUBLIC_URL') === undefined) {
    errors.push(`VAPI_HMAC_PAYLOAD_FORMAT signs {url}, which needs RELAY_PUBLIC_URL: set RELAY_PUBLIC_URL to the URL Vapi calls (e.g. https://relay.example.com), or take {url} out of VAPI_HMAC_PAYLOAD_FORMAT`);
  }
  const header = (name: string, fallback: string): string => {
    const raw = (value(name) ?? fallback).toLowerCase();
    if (/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(raw)) return raw;
    errors.push(`${name} must be a header name like ${fallback}, got '${raw}'`);
    return fallback;
  };
  const hmac: VapiHmacSettings = {
    algorithm: oneOf('VAPI_HMAC_ALGORITHM', ['sha256', 'sha512', 'sha1'] as const, 'sha256'),
    signatureHeader: header('VAPI_HMAC_SIGNATURE_HEADER', 'x-signature'),
    timestampHeader: header('VAPI_HMAC_TIMESTAMP_HEADER', 'x-timestamp'),
    signaturePrefix: value('VAPI_HMAC_SIGNATURE_PREFIX') ?? '',
    payloadFormat,
    encoding: oneOf('VAPI_HMAC_SIGNATURE_ENCODING', ['hex', 'base64'] as const, 'hex'),
    secretIsBase64,
  };

  const assistantId = value('VAPI_ASSISTANT_ID') ?? null;
  if (assistantId !== null && !/^[A-Za-z0-9_-]{1,100}$/.test(assistantId)) errors.push(`VAPI_ASSISTANT_ID must be a Vapi assistant id (letters, digits, - and _), got '${assistantId}'`);
  const refusal = oneOf('VAPI_REFUSAL', ['message', 'forward'] as const, 'message') === 'forward' ? 'forwarded' : 'refused';
  const unknown = oneOf('VAPI_UNKNOWN_CALLER', ['assistant', 'refuse', 'forward'] as const, 'assistant');
  const unknownCaller: VapiOutcome = unknown === 'refuse' ? 'refused' : unknown === 'forward' ? 'forwarded' : 'assistant';
  const forwardRaw = value('VAPI_FORWARD_NUMBER');
  const forwardNumber = forwardRaw === undefined ? null : toE164(forwardRaw);
  if (forwardRaw !== undefined && forwardNumber === null) errors.push(`VAPI_FORWARD_NUMBER must be a phone number like +16175550100, got '${forwardRaw}'`);
  if (forwardRaw === undefined && (refusal === 'forwarded' || unknownCaller === 'forwarded')) {
    errors.push(`VAPI_FORWARD_NUMBER is required: ${refusal === 'forwarded' ? 'VAPI_REFUSAL is forward' : 'VAPI_UNKNOWN_CALLER is forward'}`);
  }
  const words = (name: string, fallback: string): string => {
    const raw = value(name) ?? fallback;
    if (raw.length <= 1000) return raw;
    errors.push(`${name} is too long: at most 1000 characters`);
    return fallback;
  };
  return {
    secret,
    mode,
    hmac,
    answer: {
      assistantId,
      refusal,
      refusalMessage: words('VAPI_REFUSAL_MESSAGE', DEFAULT_REFUSAL_MESSAGE),
      forwardNumber,
      forwardMessage: words('VAPI_FORWARD_MESSAGE', DEFAULT_FORWARD_MESSAGE),
      unknownCaller,
      unknownCallerMessage: words('VAPI_UNKNOWN_CALLER_MESSAGE', DEFAULT_UNKNOWN_CALLER_MESSAGE),
    },
  };
}
