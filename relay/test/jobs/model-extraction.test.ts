import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../../tools/emulators/openai/emulator';
import { callCompleted, eventually, newCallId, startJobsRelay, transcriptReady, type JobsRelay } from './jobs-relay';

const TURNS = [
  'Thanks for calling Harbor Foundation Repair, how can I help?',
  "Hi, this is Maria Gonzalez. There's a big crack in my basement wall and water is coming in.",
  'Sorry to hear that. What is the address?',
  'It is 42 Elm Street, Springfield.',
  'We can come next Tuesday at 10 am. The inspection is $150.',
  'Next Tuesday at 10 works. Please hurry, the basement is flooding.',
];
const none = { customerName: null, phone: null, address: null, preferredTime: null, description: null, price: null, urgency: null, notes: null };

let t: JobsRelay | null = null;
let model: OpenAiEmulator | null = null;
afterEach(async () => {
  await t?.stop();
  await model?.close();
  t = null;
  model = null;
});

describe('jobs read by a language model as well', () => {
  it("follows the offline extraction with the model's, merged, as the next revision of the same extraction", async () => {
    model = await startOpenAiEmulator({ apiKey: 'sk-test' });
    model.setDefaultChatReply(
      JSON.stringify({
        outcome: 'appointments',
        appointments: [
          {
            ...none,
            customerName: { value: 'Maria Gonzalez', confidence: 0.9, evidence: 'this is Maria Gonzalez' },
            urgency: { value: 'emergency', confidence: 0.85, evidence: 'the basement is flooding' },
            notes: { value: 'Water coming in through the crack', confidence: 0.7, evidence: 'water is coming in' },
          },
        ],
      }),
    );
    t = await startJobsRelay({ EXTRACTION_MODEL_API_URL: model.url, EXTRACTION_MODEL_API_KEY: 'sk-test' });
    const callId = newCallId();
    const at = new Date('2026-12-02T15:02:00Z');
    await t.deliver(callCompleted(callId, at), transcriptReady(callId, TURNS, at));

    const extractions = await eventually(() => {
      const found = t!.eventsOf('extraction.recorded');
      return found.length === 2 ? found : undefined;
    }, 'the offline and the model extraction');
    expect(extractions.map((event) => [event.id, event.data.extractor])).toEqual([
      [`extraction:call:${callId}:1`, 'offline'],
      [`extraction:call:${callId}:2`, 'offline+model'],
    ]);
    const merged = extractions[1]!.data.appointments[0]!;
    expect(merged.urgency?.value).toBe('emergency');
    expect(merged.address?.value).toBe('42 Elm Street, Springfield');
    // Both found the name: surer together.
    expect(merged.customerName!.confidence).toBeGreaterThan(extractions[0]!.data.appointments[0]!.customerName!.confidence);
    expect(model.chats).toHaveLength(1);
    expect(JSON.stringify(model.chats[0]!.messages)).toContain('42 Elm Street');
  });

  it('keeps the offline extraction alone when the model refuses the key (a setting to change, not tried again)', async () => {
    model = await startOpenAiEmulator({ apiKey: 'sk-right' });
    t = await startJobsRelay({ EXTRACTION_MODEL_API_URL: model.url, EXTRACTION_MODEL_API_KEY: 'sk-wrong' });
    const callId = newCallId();
    const at = new Date('2026-12-02T15:02:00Z');
    await t.deliver(callCompleted(callId, at), transcriptReady(callId, TURNS, at));
    await eventually(() => (t!.db.prepare('SELECT count(*) FROM jobs_extraction_pending').pluck().get() === 0 && t!.eventsOf('extraction.recorded').length === 1 ? true : undefined), 'the model given up on');
    expect(t.eventsOf('extraction.recorded').map((event) => event.data.extractor)).toEqual(['offline']);
  });
});
