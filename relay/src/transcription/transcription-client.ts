import { transcriptionAnswer, type TranscriptionAnswer } from './transcript-reading';

/**
 * One request to an OpenAI-compatible `POST /v1/audio/transcriptions`: the audio as
 * multipart/form-data (`file`, `model`, `response_format=verbose_json`, for the segments
 * and their log-probabilities), and what the answer means for the queue: a transcript, a
 * refusal no retry can change (the audio unreadable: 400/415; too large: 413), or a failure
 * worth trying again (429 with its retry-after, 5xx, other refusals, the service unreachable). A 400
 * naming the model is refused for good too (the relay's settings, not the audio).
 */

export type TranscriptionOutcome =
  | { ok: true; answer: TranscriptionAnswer }
  | { ok: false; permanent: 'unsupported_audio' | 'too_large' | 'backend_refused'; detail: string }
  | { ok: false; permanent: null; status: number | null; retryAfterMs: number | null; detail: string; aborted?: boolean };

/** The formats the providers deliver (issue 15 §1), with the file name extension the API decides by. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/m4a': 'm4a',
};

/** The file extension to send audio of this type as, or null when it is not a format the relay transcribes. */
export function audioExtension(contentType: string): string | null {
  return EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? null;
}

export interface TranscriptionRequest {
  apiUrl: string;
  apiKey: string | null;
  model: string;
  audio: Uint8Array;
  contentType: string;
  /** The file name's stem (the extension follows the content type). */
  name: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function requestTranscription(request: TranscriptionRequest): Promise<TranscriptionOutcome> {
  const extension = audioExtension(request.contentType);
  if (extension === null) return { ok: false, permanent: 'unsupported_audio', detail: `audio of type ${request.contentType} is not transcribed` };
  const form = new FormData();
  form.set('file', new Blob([request.audio], { type: request.contentType.split(';')[0]!.trim() }), `${request.name}.${extension}`);
  form.set('model', request.model);
  form.set('response_format', 'verbose_json');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.apiKey !== null) headers.authorization = `Bearer ${request.apiKey}`;
  let response: Response;
  let body: string;
  try {
    response = await fetch(`${request.apiUrl}/v1/audio/transcriptions`, {
      method: 'POST',
      headers,
      body: form,
      redirect: 'error',
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
    body = await response.text();
  } catch (error) {
    if (request.signal.aborted) return { ok: false, permanent: null, status: null, retryAfterMs: null, detail: 'the relay is stopping', aborted: true };
    return { ok: false, permanent: null, status: null, retryAfterMs: null, detail: `the transcription service could not be reached: ${describe(error)}` };
  }
  if (response.ok) {
    try {
      const parsed = transcriptionAnswer.safeParse(JSON.parse(body));
      if (parsed.success) return { ok: true, answer: parsed.data };
    } catch {
      // fall through: an answer that is not JSON
    }
    return { ok: false, permanent: null, status: response.status, retryAfterMs: null, detail: 'the transcription service answered something that is not a transcript' };
  }
  const message = errorMessage(body);
  const detail = `the transcription service answered ${response.status}${message === null ? '' : `: ${message}`}`;
  if (response.status === 413) return { ok: false, permanent: 'too_large', detail };
  // A 400 about the model (a name the server does not know) is the settings' doing, not the audio's; no retry helps either.
  if (response.status === 400 && message !== null && /\bmodel\b/i.test(message)) return { ok: false, permanent: 'backend_refused', detail };
  if (response.status === 400 || response.status === 415) return { ok: false, permanent: 'unsupported_audio', detail };
  return { ok: false, permanent: null, status: response.status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')), detail };
}

/** OpenAI's `{"error":{"message"}}`, cut short; never the key (OpenAI echoes only its first characters). */
function errorMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === 'string' ? parsed.error.message.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date; capped at an hour. */
function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 3_600_000) : null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return String(error);
}
