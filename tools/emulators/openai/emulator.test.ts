import { afterEach, describe, expect, it } from 'vitest';
import { rateLimited, serverError, sha256Hex, startOpenAiEmulator, type OpenAiEmulator } from './emulator';

let emulator: OpenAiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const KEY = 'sk-emulator';
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64, 7)]);

async function start(): Promise<OpenAiEmulator> {
  emulator = await startOpenAiEmulator({ apiKey: KEY });
  return emulator;
}

function transcribe(target: OpenAiEmulator, bytes: Uint8Array, options: { name?: string; format?: string; key?: string } = {}): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type: 'audio/mpeg' }), options.name ?? 'call.mp3');
  form.set('model', 'whisper-1');
  form.set('response_format', options.format ?? 'verbose_json');
  return fetch(`${target.url}/v1/audio/transcriptions`, { method: 'POST', headers: { authorization: `Bearer ${options.key ?? KEY}` }, body: form });
}

function chat(target: OpenAiEmulator, userText: string, key = KEY): Promise<Response> {
  return fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Extract.' }, { role: 'user', content: userText }],
      response_format: { type: 'json_schema', json_schema: { name: 'appointments', strict: true, schema: { type: 'object' } } },
    }),
  });
}

describe('the OpenAI-compatible emulator', () => {
  it('answers a chat with the reply scripted for a phrase of the user message, the default otherwise, with usage', async () => {
    const target = await start();
    target.scriptChatReply('next Tuesday', '{"appointments":[{"date":"2026-12-08"}]}');
    const scripted = (await (await chat(target, 'Can you come next Tuesday morning?')).json()) as { choices: { message: { content: string } }[]; usage: { total_tokens: number } };
    expect(scripted.choices[0]!.message.content).toBe('{"appointments":[{"date":"2026-12-08"}]}');
    expect(scripted.usage.total_tokens).toBeGreaterThan(0);
    const unscripted = (await (await chat(target, 'Just checking my bill')).json()) as { choices: { message: { content: string } }[] };
    expect(unscripted.choices[0]!.message.content).toBe('{"appointments":[]}');
    expect(target.chats).toHaveLength(2);
  });

  it('refuses a wrong key with 401 in the OpenAI error shape', async () => {
    const target = await start();
    const refused = await chat(target, 'hello', 'sk-wrong');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string; type: string; message: string } }).error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
  });

  it('transcribes audio with the segments scripted for its SHA-256, with log-probabilities and no-speech probabilities', async () => {
    const target = await start();
    target.scriptTranscript(sha256Hex(MP3), { language: 'english', segments: [{ start: 0, end: 2, text: ' Hi there.', avg_logprob: -0.2, no_speech_prob: 0.02 }] });
    const answer = await transcribe(target, MP3);
    const body = (await answer.json()) as { text: string; language: string; duration: number; segments: { avg_logprob: number; no_speech_prob: number }[] };
    expect(answer.status).toBe(200);
    expect(body).toMatchObject({ text: 'Hi there.', language: 'english', duration: 2 });
    expect(body.segments[0]).toMatchObject({ avg_logprob: -0.2, no_speech_prob: 0.02 });
    const plain = (await (await transcribe(target, MP3, { format: 'json' })).json()) as Record<string, unknown>;
    expect(plain).toEqual({ text: 'Hi there.' });
    expect(target.transcriptions[0]).toMatchObject({ model: 'whisper-1', fileName: 'call.mp3', sha256: sha256Hex(MP3) });
  });

  it('refuses a file that is not audio with 400, and one over the size limit with 413', async () => {
    emulator = await startOpenAiEmulator({ apiKey: KEY, maxFileBytes: 1000 });
    expect((await transcribe(emulator, Buffer.from('hello, not audio at all'), { name: 'note.txt' })).status).toBe(400);
    expect((await transcribe(emulator, Buffer.from('definitely not an mp3 file'))).status).toBe(400);
    expect((await transcribe(emulator, Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000)]))).status).toBe(413);
    expect((await transcribe(emulator, MP3, { format: 'srt' })).status).toBe(400);
  });

  it('answers scripted failures next: a 500, then a 429 with retry-after, then the real answer', async () => {
    const target = await start();
    target.answerNext('/v1/audio/transcriptions', serverError(), rateLimited(7));
    expect((await transcribe(target, MP3)).status).toBe(500);
    const limited = await transcribe(target, MP3);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await transcribe(target, MP3)).status).toBe(200);
  });
});
