import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callSummaryCompletedEvent, callTranscriptCompletedEvent, sampleDialogue } from '../../../tools/emulators/openphone/artifact-payloads';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { StreamClient } from '../support/stream-client';
import { postSigned } from '../support/webhooks';

const LINE = '+16175550100';
const OTHER_LINE = '+16175550199';
const CALLER = '+16175550111';
let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

async function eventsSeenBy(token: string): Promise<{ seq: number; type: string; lines: string[]; callId: unknown }[]> {
  const client = await StreamClient.open(relay.wsUrl, token, 0);
  try {
    await client.waitFor((c) => c.caughtUp(), 'caught_up');
    return client.events().map(({ seq, event }) => ({ seq, type: event.type, lines: event.lines, callId: (event.data as { callId?: unknown }).callId }));
  } finally {
    await client.close();
  }
}

describe('OpenPhone transcripts and summaries reach the agents of their call’s line', () => {
  it('an artifact after its call takes the call’s line, across a relay restart; one before any call event has none yet', async () => {
    const agent = await relay.addDevice('Front desk', 'agent', [LINE]);
    const otherAgent = await relay.addDevice('Annex', 'agent', [OTHER_LINE]);
    const callId = newCallId();
    const rang = new Date(Date.now() - 120_000);
    const call = { callId, from: CALLER, to: LINE };

    const early = await postSigned(relay, callSummaryCompletedEvent({ callId, at: new Date(rang.getTime() + 1000), summary: ['Too early'], nextSteps: [] }).body);
    const ringing = await postSigned(relay, callRingingEvent({ ...call, at: rang }).body);
    const completed = await postSigned(relay, callCompletedEvent({ ...call, createdAt: rang, answeredAt: new Date(rang.getTime() + 3000), completedAt: new Date(rang.getTime() + 63_000) }).body);
    // Hard on the heels of the completion: found even before the log has committed it.
    const transcript = await postSigned(relay, callTranscriptCompletedEvent({ callId, at: new Date(), dialogue: sampleDialogue(CALLER, LINE, 60), durationSeconds: 60 }).body);

    await relay.restart();
    const summary = await postSigned(relay, callSummaryCompletedEvent({ callId, at: new Date(), summary: ['Booked a visit'], nextSteps: ['Confirm by text'], spelling: 'object' }).body);

    const namespaced = `openphone:${callId}`;
    expect(await eventsSeenBy(agent)).toEqual(
      expect.arrayContaining([
        { seq: ringing.seq, type: 'call.ringing', lines: [LINE], callId: namespaced },
        { seq: completed.seq, type: 'call.completed', lines: [LINE], callId: namespaced },
        { seq: transcript.seq, type: 'call.transcript_ready', lines: [LINE], callId: namespaced },
        { seq: summary.seq, type: 'call.summary_ready', lines: [LINE], callId: namespaced },
      ]),
    );
    const seenByAgent = (await eventsSeenBy(agent)).map((e) => e.seq);
    expect(seenByAgent).not.toContain(early.seq);
    expect((await eventsSeenBy(otherAgent)).map((e) => e.seq)).not.toContain(summary.seq);
    const admin = await relay.addDevice('Back office', 'admin');
    expect(await eventsSeenBy(admin)).toContainEqual({ seq: early.seq, type: 'call.summary_ready', lines: [], callId: namespaced });
  });
});
