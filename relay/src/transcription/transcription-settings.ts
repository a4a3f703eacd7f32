import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';
import { readOutboundApiUrl } from '../outbound-api-url-setting';

/**
 * Settings of the relay's transcription backend (issue 15 §1): an OpenAI-compatible
 * `POST /v1/audio/transcriptions` (the hosted service or a self-hosted Whisper server) that
 * transcribes recordings and voicemail the provider gave no transcript for. Off while
 * TRANSCRIPTION_API_URL is unset. Parsing is pure; a bad value is reported naming its
 * setting (which stops start-up), never echoing the key.
 */

export interface TranscriptionSettings {
  /** The API base without a trailing slash (the path /v1/audio/transcriptions is added), or null: transcription off. */
  apiUrl: string | null;
  apiKey: string | null;
  model: string;
  /** Tries per recording before it is given up as failed. */
  maxAttempts: number;
  /** How long a captured recording waits for the provider's own transcript before the relay makes one. */
  providerWaitMs: number;
  /** Ceiling of the first retry's wait; doubling with each failure up to capMs (full jitter). */
  retryBaseMs: number;
  retryCapMs: number;
  /** One request taking longer is abandoned and counted as a failed try. */
  requestTimeoutMs: number;
}

export const DEFAULT_TRANSCRIPTION_MODEL = 'whisper-1';

export const TRANSCRIPTION_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'TRANSCRIPTION_API_URL',
    default: 'unset',
    description:
      "Base URL of an OpenAI-compatible transcription API (https://api.openai.com, or a self-hosted Whisper server); the relay posts recordings and voicemail without a provider transcript to <URL>/v1/audio/transcriptions. Unset: the relay transcribes nothing. https, or http only to this machine.",
  },
  { name: 'TRANSCRIPTION_API_KEY', default: 'unset', description: 'Bearer key sent to the transcription API (none is sent while unset, for a self-hosted server that needs none). Never shown to consoles or logged.' },
  { name: 'TRANSCRIPTION_MODEL', default: DEFAULT_TRANSCRIPTION_MODEL, description: 'Model asked for (whisper-1 on OpenAI; what a self-hosted server names its model).' },
  {
    name: 'TRANSCRIPTION_MAX_ATTEMPTS',
    default: '6',
    description: 'Tries per recording (server errors, rate limits, the API unreachable) before it is given up: the call then says its transcript could not be made, and an alert is raised. Audio the API refuses as unreadable or too large is given up at once.',
  },
  {
    name: 'TRANSCRIPTION_PROVIDER_WAIT_SECONDS',
    default: '90',
    description: "How long a captured recording waits for the provider's own transcript (OpenPhone, Vapi, Twilio, MightyCall voicemail) before the relay transcribes it; one arriving within the wait means no request is made.",
  },
  { name: 'TRANSCRIPTION_RETRY_BASE_MS', default: '5000', description: "Wait before a failed transcription's first retry, at most (full jitter); it doubles with each failure up to TRANSCRIPTION_RETRY_CAP_MS. A 429's retry-after is waited at least." },
  { name: 'TRANSCRIPTION_RETRY_CAP_MS', default: '600000', description: 'Longest wait between transcription tries (10 minutes).' },
  { name: 'TRANSCRIPTION_TIMEOUT_SECONDS', default: '300', description: 'One transcription request taking longer is abandoned and counted as a failed try.' },
];

export function readTranscriptionSettings(value: SettingReader, errors: string[]): TranscriptionSettings {
  const integer = integerSettings(value, errors);
  // Recordings and the key travel in every request (a local Whisper or the emulator may be plain http).
  const apiUrl = readOutboundApiUrl(value, errors, { name: 'TRANSCRIPTION_API_URL', example: 'https://api.openai.com', withoutV1: true }) ?? null;
  const apiKey = value('TRANSCRIPTION_API_KEY') ?? null;
  if (apiKey !== null && /\s/.test(apiKey)) errors.push('TRANSCRIPTION_API_KEY must be one word (it has spaces in it)');
  const model = value('TRANSCRIPTION_MODEL') ?? DEFAULT_TRANSCRIPTION_MODEL;
  if (!/^[\w.:/-]{1,100}$/.test(model)) errors.push(`TRANSCRIPTION_MODEL must be a model name (letters, digits, . _ - : /, at most 100), got '${model}'`);
  const maxAttempts = integer('TRANSCRIPTION_MAX_ATTEMPTS', 6, 1, 100, 'a number of tries from 1 to 100');
  const waitSeconds = integer('TRANSCRIPTION_PROVIDER_WAIT_SECONDS', 90, 0, 86_400, 'a number of seconds from 0 to 86400');
  const retryBaseMs = integer('TRANSCRIPTION_RETRY_BASE_MS', 5000, 1, 3_600_000, 'a number of milliseconds from 1 to 3600000');
  const retryCapMs = integer('TRANSCRIPTION_RETRY_CAP_MS', 600_000, 1, 86_400_000, 'a number of milliseconds from 1 to 86400000');
  if (retryCapMs < retryBaseMs) errors.push(`TRANSCRIPTION_RETRY_CAP_MS (${retryCapMs}) must be at least TRANSCRIPTION_RETRY_BASE_MS (${retryBaseMs})`);
  const timeoutSeconds = integer('TRANSCRIPTION_TIMEOUT_SECONDS', 300, 1, 3600, 'a number of seconds from 1 to 3600');
  return { apiUrl, apiKey, model, maxAttempts, providerWaitMs: waitSeconds * 1000, retryBaseMs, retryCapMs, requestTimeoutMs: timeoutSeconds * 1000 };
}
