import { backoffDelay, type BackoffPolicy } from '../../../../src/shared/backoff/backoff';
import type { ExtractionInput, ExtractionOutput } from '../../../../src/shared/jobs/extraction/extractor';
import { modelAnswerJsonSchema, readModelAnswer } from '../../../../src/shared/jobs/extraction/model-output';
import { z } from 'zod';
import { EXTRACTION_INSTRUCTIONS, extractionPrompt } from './model-prompt';
import type { ModelExtractionSettings } from './model-settings';

/**
 * The language-model extractor (issue 15 §2): one OpenAI-compatible `POST
 * /v1/chat/completions` per subject, with `response_format` a strict JSON schema named
 * `appointments` built from the zod schema of the answer. Server errors, rate limits (their
 * retry-after waited at least), timeouts and no connection are tried again with the one
 * backoff, three tries in all; a refusal (a wrong key, a model that does not exist) is not.
 * The answer is checked (readModelAnswer) before anyone trusts it: an answer that is not the
 * contract gives null, and the offline extraction stands alone.
 */

export class ModelExtractionError extends Error {
  constructor(
    message: string,
    /** True when trying again cannot help until a setting is changed (401, 404, another 4xx). */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ModelExtractionError';
  }
}

export interface ModelExtractionDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Stops waiting and trying when the relay stops. */
  signal?: AbortSignal;
}

export interface ModelExtractor {
  /** The checked extraction; null when the model answered something that is not one. Rejects (ModelExtractionError) when it could not be asked. */
  extractWithModel(input: ExtractionInput): Promise<ExtractionOutput | null>;
}

export const MODEL_ATTEMPTS = 3;
const MODEL_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 10_000 };

const chatCompletion = z
  .object({
    choices: z
      .array(z.object({ message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }).loose(), finish_reason: z.string().nullable().optional() }).loose())
      .min(1),
  })
  .loose();

export function chatCompletionRequest(model: string, input: ExtractionInput): Record<string, unknown> {
  return {
    model,
    temperature: 0,
    messages: [
      { role: 'system', content: EXTRACTION_INSTRUCTIONS },
      { role: 'user', content: extractionPrompt(input) },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'appointments', strict: true, schema: modelAnswerJsonSchema() } },
  };
}

type Attempt = { kind: 'answer'; output: ExtractionOutput | null } | { kind: 'retry'; message: string; retryAfterMs: number } | { kind: 'refused'; message: string };

function retryAfterMs(header: string | null): number {
  if (header === null) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}

function errorMessage(text: string): string | null {
  try {
    const parsed = z.object({ error: z.object({ message: z.string() }).loose() }).loose().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.message.slice(0, 300) : null;
  } catch {
    return null;
  }
}

/** The model extractor for these settings; null while EXTRACTION_MODEL_API_URL is unset. */
export function modelExtractor(settings: ModelExtractionSettings, deps: ModelExtractionDeps): ModelExtractor | null {
  const apiUrl = settings.apiUrl;
  if (apiUrl === null) return null;
  const host = new URL(apiUrl).host;

  async function attempt(body: string): Promise<Attempt> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (settings.apiKey !== null) headers.authorization = `Bearer ${settings.apiKey}`;
    let response: Response;
    let text: string;
    try {
      const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
      response = await fetch(`${apiUrl}/v1/chat/completions`, { method: 'POST', headers, body, redirect: 'error', signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { kind: 'retry', message: timedOut ? `no answer from ${host} within ${settings.requestTimeoutMs} ms` : `cannot reach ${host}`, retryAfterMs: 0 };
    }
    if (response.ok) {
      try {
        const completion = chatCompletion.safeParse(JSON.parse(text));
        const message = completion.success ? completion.data.choices[0]!.message : null;
        // A refusal, a cut-off answer or no content: nothing to merge.
        if (!message || typeof message.content !== 'string' || (message.refusal ?? null) !== null) return { kind: 'answer', output: null };
        return { kind: 'answer', output: readModelAnswer(message.content) };
      } catch {
        return { kind: 'answer', output: null };
      }
    }
    const message = `${host} answered ${response.status}${errorMessage(text) === null ? '' : `: ${errorMessage(text)}`}`;
    if (response.status === 429 || response.status >= 500 || response.status === 408) return { kind: 'retry', message, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    return { kind: 'refused', message };
  }

  return {
    async extractWithModel(input) {
      const body = JSON.stringify(chatCompletionRequest(settings.model, input));
      let last = `cannot reach ${host}`;
      for (let tried = 0; tried < MODEL_ATTEMPTS; tried++) {
        if (deps.signal?.aborted) throw new ModelExtractionError('the relay is stopping', false);
        const result = await attempt(body);
        if (result.kind === 'answer') return result.output;
        if (result.kind === 'refused') throw new ModelExtractionError(`the extraction model refused the request: ${result.message}`, true);
        last = result.message;
        if (tried + 1 < MODEL_ATTEMPTS) await deps.sleep(Math.max(backoffDelay(tried, deps.random, MODEL_BACKOFF), result.retryAfterMs));
      }
      throw new ModelExtractionError(`the extraction model could not be asked after ${MODEL_ATTEMPTS} tries: ${last}`, false);
    },
  };
}
