import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An emulator of the OpenAI-compatible API the relay and the console speak (the hosted service or a self-hosted
 * Whisper/LLM server): `POST /v1/audio/transcriptions` (multipart/form-data with `file`, `model`,
 * `response_format` json | verbose_json | text) and `POST /v1/chat/completions` (JSON, with an optional
 * `response_format: {type: 'json_schema', json_schema: {name, schema, strict}}`). Both need
 * `Authorization: Bearer <apiKey>`; errors are shaped as OpenAI shapes them: `{"error":{"message","type","param","code"}}`.
 * Transcripts are scripted per audio SHA-256, chat replies by a substring of the user's message; any path can be
 * made to answer something else next (a 500, a 429 with retry-after) so tests script failures.
 */

export interface ScriptedSegment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
  /** Mean log-probability of the segment's tokens (Whisper's; 0 is certain, −1 is about 37 %). */
  avg_logprob: number;
  /** Probability that the segment holds no speech at all. */
  no_speech_prob: number;
}

export interface ScriptedTranscript {
  segments: ScriptedSegment[];
  /** Whisper answers the language's English name, e.g. 'english'. */
  language?: string;
  /** Seconds; default the last segment's end. */
  duration?: number;
}

export interface CannedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface TranscriptionRequestRecord {
  model: string | null;
  responseFormat: string;
  fileName: string | null;
  contentType: string | null;
  bytes: number;
  sha256: string | null;
  status: number;
}

export interface ChatRequestRecord {
  model: string | null;
  /** The request's messages as sent. */
  messages: unknown[];
  responseFormat: unknown;
  status: number;
}

export interface OpenAiEmulatorOptions {
  apiKey: string;
  /** Largest audio file accepted; larger → 413 (OpenAI's limit is 25 MB). */
  maxFileBytes?: number;
  /** Transcript for audio nobody scripted. */
  defaultTranscript?: ScriptedTranscript;
  /** Assistant message content for a chat nobody scripted. */
  defaultChatReply?: string;
  /** Transcription models served; another → 400 model_not_found. Default: any. */
  transcriptionModels?: readonly string[];
}

export interface OpenAiEmulator {
  /** http://127.0.0.1:PORT (TRANSCRIPTION_API_URL; the base without /v1). */
  url: string;
  apiKey: string;
  transcriptions: TranscriptionRequestRecord[];
  chats: ChatRequestRecord[];
  /** Audio whose SHA-256 (hex) is this is transcribed so. */
  scriptTranscript(audioSha256: string, transcript: ScriptedTranscript): void;
  /** A chat whose user message contains this gets this assistant content (first match in registration order). */
  scriptChatReply(userMessageContains: string, content: string): void;
  setDefaultChatReply(content: string): void;
  /** The next requests to a path (e.g. '/v1/audio/transcriptions') get these answers, in order. */
  answerNext(path: string, ...answers: CannedAnswer[]): void;
  close(): Promise<void>;
}

export const DEFAULT_TRANSCRIPT: ScriptedTranscript = {
  language: 'english',
  segments: [{ start: 0, end: 3.2, text: ' Hello, this is the emulator transcript.', avg_logprob: -0.12, no_speech_prob: 0.01 }],
};

const TRANSCRIPTION_PATH = '/v1/audio/transcriptions';
const CHAT_PATH = '/v1/chat/completions';
/** The extensions OpenAI's transcription endpoint names in its 400. */
const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];
const RESPONSE_FORMATS = ['json', 'verbose_json', 'text'];

/** An OpenAI error body. */
export function openAiError(status: number, message: string, type = 'invalid_request_error', code: string | null = null, headers?: Record<string, string>): CannedAnswer {
  return { status, body: JSON.stringify({ error: { message, type, param: null, code } }), headers };
}

/** OpenAI's 429 with a retry-after in seconds. */
export function rateLimited(retryAfterSeconds: number): CannedAnswer {
  return openAiError(429, 'Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded', { 'retry-after': String(retryAfterSeconds) });
}

/** A 500 as OpenAI answers one. */
export function serverError(): CannedAnswer {
  return openAiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function startOpenAiEmulator(options: OpenAiEmulatorOptions, port = 0): Promise<OpenAiEmulator> {
  const maxFileBytes = options.maxFileBytes ?? 25 * 1024 * 1024;
  const transcripts = new Map<string, ScriptedTranscript>();
  const chatReplies: { contains: string; content: string }[] = [];
  let defaultChatReply = options.defaultChatReply ?? '{"appointments":[]}';
  const canned = new Map<string, CannedAnswer[]>();
  const transcriptions: TranscriptionRequestRecord[] = [];
  const chats: ChatRequestRecord[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) answer(res, openAiError(500, error instanceof Error ? error.message : String(error), 'server_error'));
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const queued = canned.get(path);
    if (queued !== undefined && queued.length > 0) {
      const next = queued.shift()!;
      if (path === TRANSCRIPTION_PATH) transcriptions.push({ model: null, responseFormat: 'json', fileName: null, contentType: null, bytes: body.length, sha256: null, status: next.status });
      if (path === CHAT_PATH) chats.push({ model: null, messages: [], responseFormat: null, status: next.status });
      return answer(res, next);
    }
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const presented = /^Bearer (.*)$/i.exec(req.headers.authorization ?? '')?.[1];
      const message =
        presented === undefined
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : `Incorrect API key provided: ${presented.slice(0, 3)}***. You can find your API key at https://platform.openai.com/account/api-keys.`;
      return answer(res, openAiError(401, message, 'invalid_request_error', 'invalid_api_key'));
    }
    if (req.method !== 'POST') return answer(res, openAiError(405, `Invalid method for URL (${req.method ?? ''} ${path})`));
    if (path === TRANSCRIPTION_PATH) return transcribe(req, res, body);
    if (path === CHAT_PATH) return chat(res, body);
    return answer(res, openAiError(404, `Invalid URL (POST ${path})`));
  }

  async function transcribe(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const record: TranscriptionRequestRecord = { model: null, responseFormat: 'json', fileName: null, contentType: null, bytes: body.length, sha256: null, status: 200 };
    transcriptions.push(record);
    const refuse = (canned: CannedAnswer): void => {
      record.status = canned.status;
      answer(res, canned);
    };
    if (body.length > maxFileBytes) return refuse(openAiError(413, `Maximum content size limit (${maxFileBytes}) exceeded (${body.length} bytes read)`, 'server_error'));
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) return refuse(openAiError(400, "Invalid Content-Type header (expected multipart/form-data)."));
    let form: FormData;
    try {
      form = await new Request('http://emulator/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
    } catch {
      return refuse(openAiError(400, 'Could not parse multipart form'));
    }
    const file = form.get('file');
    const model = form.get('model');
    const responseFormat = String(form.get('response_format') ?? 'json');
    record.model = typeof model === 'string' ? model : null;
    record.responseFormat = responseFormat;
    if (file === null || typeof file === 'string') return refuse(openAiError(400, "Missing required parameter: 'file'."));
    if (typeof model !== 'string' || model === '') return refuse(openAiError(400, "Missing required parameter: 'model'."));
    if (options.transcriptionModels !== undefined && !options.transcriptionModels.includes(model)) {
      return refuse(openAiError(400, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    record.fileName = file.name;
    record.contentType = file.type || null;
    record.bytes = bytes.length;
    record.sha256 = sha256Hex(bytes);
    if (bytes.length > maxFileBytes) return refuse(openAiError(413, `Maximum content size limit (${maxFileBytes}) exceeded (${bytes.length} bytes read)`, 'server_error'));
    if (!RESPONSE_FORMATS.includes(responseFormat)) return refuse(openAiError(400, `Unsupported response_format '${responseFormat}' in this emulator; use one of ${RESPONSE_FORMATS.join(', ')}.`));
    const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
    if (extension === undefined || !AUDIO_EXTENSIONS.includes(extension)) {
      return refuse(openAiError(400, `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS)}`));
    }
    if (!looksLikeAudio(bytes)) return refuse(openAiError(400, 'Audio file might be corrupted or unsupported', 'invalid_request_error', 'invalid_value'));
    const transcript = transcripts.get(record.sha256) ?? options.defaultTranscript ?? DEFAULT_TRANSCRIPT;
    const text = transcript.segments.map((segment) => segment.text).join('').trim();
    if (responseFormat === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`${text}\n`);
    }
    if (responseFormat === 'json') return json(res, 200, { text });
    const duration = transcript.duration ?? transcript.segments.at(-1)?.end ?? 0;
    json(res, 200, {
      task: 'transcribe',
      language: transcript.language ?? 'english',
      duration,
      text,
      segments: transcript.segments.map((segment, id) => ({
        id,
        seek: 0,
        start: segment.start,
        end: segment.end,
        text: segment.text,
        tokens: [],
        temperature: 0,
        avg_logprob: segment.avg_logprob,
        compression_ratio: 1.2,
        no_speech_prob: segment.no_speech_prob,
      })),
    });
  }

  function chat(res: ServerResponse, body: Buffer): void {
    const record: ChatRequestRecord = { model: null, messages: [], responseFormat: null, status: 200 };
    chats.push(record);
    const refuse = (canned: CannedAnswer): void => {
      record.status = canned.status;
      answer(res, canned);
    };
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(openAiError(400, 'We could not parse the JSON body of your request.'));
    }
    if (typeof request !== 'object' || request === null) return refuse(openAiError(400, 'We could not parse the JSON body of your request.'));
    const { model, messages, response_format: responseFormat } = request as { model?: unknown; messages?: unknown; response_format?: unknown };
    record.model = typeof model === 'string' ? model : null;
    record.messages = Array.isArray(messages) ? messages : [];
    record.responseFormat = responseFormat ?? null;
    if (typeof model !== 'string' || model === '') return refuse(openAiError(400, "you must provide a model parameter"));
    if (!Array.isArray(messages) || messages.length === 0) return refuse(openAiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1."));
    if (responseFormat !== undefined && responseFormat !== null) {
      const format = responseFormat as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
      if (!['text', 'json_object', 'json_schema'].includes(String(format.type))) return refuse(openAiError(400, `Invalid value: '${String(format.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`));
      if (format.type === 'json_schema' && (typeof format.json_schema?.name !== 'string' || typeof format.json_schema.schema !== 'object' || format.json_schema.schema === null)) {
        return refuse(openAiError(400, "Missing required parameter: 'response_format.json_schema' (with a name and a schema)."));
      }
    }
    const userText = messages
      .filter((message): message is { role: string; content: unknown } => typeof message === 'object' && message !== null && (message as { role?: unknown }).role === 'user')
      .map((message) => contentText(message.content))
      .join('\n');
    const content = chatReplies.find((reply) => userText.includes(reply.contains))?.content ?? defaultChatReply;
    const promptTokens = Math.ceil(JSON.stringify(messages).length / 4);
    const completionTokens = Math.ceil(content.length / 4);
    json(res, 200, {
      id: `chatcmpl-${randomBytes(12).toString('hex')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      system_fingerprint: 'fp_emulator',
    });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiKey: options.apiKey,
    transcriptions,
    chats,
    scriptTranscript: (audioSha256, transcript) => void transcripts.set(audioSha256.toLowerCase(), transcript),
    scriptChatReply: (contains, content) => void chatReplies.push({ contains, content }),
    setDefaultChatReply: (content) => {
      defaultChatReply = content;
    },
    answerNext: (path, ...answers) => void canned.set(path, [...(canned.get(path) ?? []), ...answers]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A message's content as text: a string, or the text parts of a content array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('\n');
}

/** mp3 (ID3 or a frame sync), wav (RIFF…WAVE), m4a/mp4 (ftyp), ogg, flac, webm: what Whisper's decoder would open. */
function looksLikeAudio(bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length < 12) return false;
  if (ascii(0, 3) === 'ID3') return true;
  if (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0) return true;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return true;
  if (ascii(4, 8) === 'ftyp') return true;
  if (ascii(0, 4) === 'OggS' || ascii(0, 4) === 'fLaC') return true;
  return bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3;
}

function answer(res: ServerResponse, canned: CannedAnswer): void {
  res.writeHead(canned.status, { 'content-type': 'application/json', ...canned.headers });
  res.end(canned.body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
