import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiError, rateLimited, serverError, startOpenAiEmulator, type OpenAiEmulator } from '../../../../tools/emulators/openai/emulator';
import type { ExtractionInput } from '../../../../src/shared/jobs/extraction/extractor';
import { extractOffline } from '../../../../src/shared/jobs/extraction/offline-extractor';
import { mergeExtractions } from '../../../../src/shared/jobs/extraction/merge-extractions';
import { ModelExtractionError, modelExtractor, type ModelExtractor } from '../../../src/jobs/model/model-extraction-client';
import { readModelExtractionSettings } from '../../../src/jobs/model/model-settings';

const KEY = 'sk-test-extraction';

const voicemail: ExtractionInput = {
  subject: { kind: 'voicemail', id: 'vm-1' },
  lines: [
    {
      speaker: 'unknown',
      text: "Hi, this is Karen Whitfield. Our furnace is blowing cold air. Anytime tomorrow works. We're at 9050 East Iliff Avenue, Denver 80231. Call me back at 720-555-0187.",
      at: '2026-11-20T02:45:00Z',
    },
  ],
  callerNumber: '+17205550187',
  businessTimeZone: 'America/Denver',
  referenceInstant: '2026-11-20T02:45:00Z',
  customer: null,
};

const field = (value: string, confidence: number, evidence: string) => ({ value, confidence, evidence });
const modelAnswer = {
  outcome: 'appointments',
  appointments: [
    {
      customerName: field('Karen Whitfield', 0.9, 'this is Karen Whitfield'),
      phone: field('+17205550187', 0.9, '720-555-0187'),
      address: field('9050 East Iliff Avenue, Denver, 80231', 0.9, '9050 East Iliff Avenue, Denver 80231'),
      preferredTime: field('2026-11-20T08:00:00-07:00/2026-11-20T17:00:00-07:00', 0.7, 'Anytime tomorrow works.'),
      description: field('Our furnace is blowing cold air.', 0.8, 'Our furnace is blowing cold air.'),
      price: null,
      urgency: field('soon', 0.6, 'blowing cold air'),
      notes: null,
    },
  ],
};

describe('the language-model extractor, against an OpenAI-compatible API', () => {
  let openai: OpenAiEmulator;
  let extractor: ModelExtractor;
  const waits: number[] = [];

  beforeAll(async () => {
    openai = await startOpenAiEmulator({ apiKey: KEY });
  });
  afterAll(async () => {
    await openai.close();
  });
  beforeEach(() => {
    waits.length = 0;
    openai.setDefaultChatReply(JSON.stringify(modelAnswer));
    const errors: string[] = [];
    const settings = readModelExtractionSettings((name) => ({ EXTRACTION_MODEL_API_URL: `${openai.url}/v1/`, EXTRACTION_MODEL_API_KEY: KEY })[name], errors);
    expect(errors).toEqual([]);
    extractor = modelExtractor(settings, { sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.5 })!;
  });

  it('asks for the appointments with a strict JSON schema and reads the checked answer', async () => {
    const output = await extractor.extractWithModel(voicemail);
    expect(output?.outcome).toBe('appointments');
    expect(output?.appointments[0]?.address?.value).toBe('9050 East Iliff Avenue, Denver, 80231');
    const request = openai.chats[openai.chats.length - 1]!;
    expect(request.model).toBe('gpt-4o-mini');
    expect(request.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { name: 'appointments', strict: true, schema: { type: 'object', required: ['outcome', 'appointments'] } } });
    const user = (request.messages as { role: string; content: string }[]).find((message) => message.role === 'user')!;
    // The words go with when they were said, in the business's time: "tomorrow" is read from there.
    expect(user.content).toContain('Words said at: 2026-11-19T19:45:00-07:00 (Thursday)');
    expect(user.content).toContain('Karen Whitfield');
  });

  it('merges with the offline extraction: the fields both found are surer', async () => {
    const offline = extractOffline(voicemail);
    const merged = mergeExtractions(offline, await extractor.extractWithModel(voicemail));
    const offlineName = offline.appointments[0]!.customerName!;
    expect(merged.appointments[0]?.customerName?.value).toBe('Karen Whitfield');
    expect(merged.appointments[0]?.customerName?.confidence).toBeGreaterThan(offlineName.confidence);
    expect(merged.appointments[0]?.address?.value).toBe(offline.appointments[0]?.address?.value);
  });

  it('gives nothing for an answer that is not the contract, and the offline extraction stands', async () => {
    openai.setDefaultChatReply('{"appointments":[{"when":"tomorrow"}]}');
    expect(await extractor.extractWithModel(voicemail)).toBeNull();
    const offline = extractOffline(voicemail);
    expect(mergeExtractions(offline, null)).toEqual(offline);
  });

  it('tries again after a server error and a rate limit, waiting at least the retry-after', async () => {
    openai.answerNext('/v1/chat/completions', serverError(), rateLimited(7));
    const output = await extractor.extractWithModel(voicemail);
    expect(output?.outcome).toBe('appointments');
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(7000);
  });

  it('gives up after three tries of server errors, saying why', async () => {
    openai.answerNext('/v1/chat/completions', serverError(), serverError(), serverError());
    await expect(extractor.extractWithModel(voicemail)).rejects.toMatchObject({ name: 'ModelExtractionError', permanent: false });
  });

  it('does not try again when the key is refused', async () => {
    const errors: string[] = [];
    let retries = 0;
    const wrongKey = modelExtractor(readModelExtractionSettings((name) => ({ EXTRACTION_MODEL_API_URL: openai.url, EXTRACTION_MODEL_API_KEY: 'sk-wrong' })[name], errors), { sleep: () => (retries++, Promise.resolve()), random: () => 0 })!;
    const failure = await wrongKey.extractWithModel(voicemail).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelExtractionError);
    expect(failure).toMatchObject({ permanent: true });
    expect((failure as Error).message).toContain('401');
    expect(retries).toBe(0);
  });

  it('passes a model error on as a refusal', async () => {
    openai.answerNext('/v1/chat/completions', openAiError(404, 'The model `gpt-5-nano` does not exist', 'invalid_request_error', 'model_not_found'));
    await expect(extractor.extractWithModel(voicemail)).rejects.toThrow(/does not exist/);
  });
});

describe('the extraction model settings', () => {
  const read = (settings: Record<string, string>) => {
    const errors: string[] = [];
    return { settings: readModelExtractionSettings((name) => settings[name], errors), errors };
  };

  it('are off while no URL is set, with the documented defaults', () => {
    expect(read({})).toEqual({ settings: { apiUrl: null, apiKey: null, model: 'gpt-4o-mini', requestTimeoutMs: 20_000 }, errors: [] });
    expect(modelExtractor(read({}).settings, { sleep: () => Promise.resolve(), random: Math.random })).toBeNull();
  });

  it('refuse plain http to another machine and a bad timeout, naming the setting but not the key', () => {
    const { errors } = read({ EXTRACTION_MODEL_API_URL: 'http://models.example.com', EXTRACTION_MODEL_API_KEY: 'sk secret', EXTRACTION_MODEL_TIMEOUT_SECONDS: 'soon' });
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toContain('EXTRACTION_MODEL_API_URL');
    expect(errors.join('\n')).toContain('EXTRACTION_MODEL_TIMEOUT_SECONDS');
    expect(errors.join('\n')).not.toContain('sk secret');
  });
});
