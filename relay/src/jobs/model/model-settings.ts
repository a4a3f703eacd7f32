import type { SettingDescription, SettingReader } from '../../config';
import { integerSettings } from '../../integer-setting';
import { readOutboundApiUrl } from '../../outbound-api-url-setting';

/**
 * Settings of the language-model extractor (issue 15 §2): an OpenAI-compatible
 * `POST /v1/chat/completions` answering with a JSON schema, asked after the offline
 * extractor and merged with it by confidence. Off while EXTRACTION_MODEL_API_URL is unset.
 * Parsing is pure; a bad value is reported naming its setting, never echoing the key.
 */

export interface ModelExtractionSettings {
  /** The API base without a trailing slash or /v1 (the path /v1/chat/completions is added), or null: no model is asked. */
  apiUrl: string | null;
  apiKey: string | null;
  model: string;
  /** One request taking longer is abandoned and counted as a failed try. */
  requestTimeoutMs: number;
}

export const DEFAULT_EXTRACTION_MODEL = 'gpt-4o-mini';

export const MODEL_EXTRACTION_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'EXTRACTION_MODEL_API_URL',
    default: 'unset',
    description:
      'Base URL of an OpenAI-compatible chat completions API (https://api.openai.com, or a self-hosted server) asked to read appointments from each transcript, voicemail and text thread as well as the offline extractor; its answer, checked, is merged with the offline one by confidence. Unset: only the offline extractor runs. https, or http only to this machine.',
  },
  { name: 'EXTRACTION_MODEL_API_KEY', default: 'unset', description: 'Bearer key sent to the extraction model API (none is sent while unset). Never shown to consoles or logged.' },
  { name: 'EXTRACTION_MODEL', default: DEFAULT_EXTRACTION_MODEL, description: 'Model asked for; it must support structured outputs (response_format json_schema).' },
  {
    name: 'EXTRACTION_MODEL_TIMEOUT_SECONDS',
    default: '20',
    description: 'One request to the extraction model taking longer is abandoned; after three tries (server errors, rate limits, no answer) the offline extraction stands alone.',
  },
];

export function readModelExtractionSettings(value: SettingReader, errors: string[]): ModelExtractionSettings {
  const integer = integerSettings(value, errors);
  // The customer's words and the key travel in every request.
  const apiUrl = readOutboundApiUrl(value, errors, { name: 'EXTRACTION_MODEL_API_URL', example: 'https://api.openai.com', withoutV1: true }) ?? null;
  const apiKey = value('EXTRACTION_MODEL_API_KEY') ?? null;
  if (apiKey !== null && /\s/.test(apiKey)) errors.push('EXTRACTION_MODEL_API_KEY must be one word (it has spaces in it)');
  const model = value('EXTRACTION_MODEL') ?? DEFAULT_EXTRACTION_MODEL;
  if (!/^[\w.:/-]{1,100}$/.test(model)) errors.push(`EXTRACTION_MODEL must be a model name (letters, digits, . _ - : /, at most 100), got '${model}'`);
  const timeoutSeconds = integer('EXTRACTION_MODEL_TIMEOUT_SECONDS', 20, 1, 600, 'a number of seconds from 1 to 600');
  return { apiUrl, apiKey, model, requestTimeoutMs: timeoutSeconds * 1000 };
}
