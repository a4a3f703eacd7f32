import WebSocket from 'ws';
import { postConsoleEvent } from '../src/main/relay-link/post-console-event';
import type { JobStage } from '../src/shared/events/model';

/**
 * The demo's first jobs: after its first recorded calls that book visits, wait on the relay's
 * stream for the extraction of each (the relay reads every transcript for appointments), then
 * move some along the board as someone at the desk would (one Confirmed, so the Calendar shows
 * it), by the admin console's events. The job of a call's first appointment is
 * `call:<callId>:0` (src/shared/events/model.ts, extractionRecordedData).
 */

export interface SeededMove {
  /** The provider call id (`AC…`) whose first proposed job is moved. */
  providerCallId: string;
  stage: JobStage;
}

/** Waits until the relay has recorded an extraction of each call (or `timeoutMs` passed); returns the calls whose extraction was seen. */
export function waitForExtractions(relayUrl: string, token: string, callIds: readonly string[], timeoutMs: number): Promise<Set<string>> {
  const wanted = new Set(callIds);
  const seen = new Set<string>();
  const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/v1/stream?after=0`, { headers: { authorization: `Bearer ${token}` } });
  return new Promise((done) => {
    const finish = (): void => {
      clearTimeout(timer);
      ws.removeAllListeners('message');
      ws.close();
      done(seen);
    };
    const timer = setTimeout(finish, timeoutMs);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; seq?: number; event?: { type?: string; data?: { callId?: string | null } } };
      if (frame.type !== 'event' || frame.seq === undefined) return;
      ws.send(JSON.stringify({ type: 'ack', seq: frame.seq }));
      const callId = frame.event?.data?.callId;
      if (frame.event?.type === 'extraction.recorded' && typeof callId === 'string' && wanted.has(callId)) {
        seen.add(callId);
        if (seen.size === wanted.size) finish();
      }
    });
    ws.once('error', finish);
    ws.once('close', finish);
  });
}

/**
 * Moves each call's first job to its stage, as the demo's admin console would (`token`).
 * The relay is watched with another device's token (`watchToken`), so the console's own
 * stream is never disturbed.
 */
export async function moveSeededJobs(relayUrl: string, tokens: { token: string; watchToken: string }, moves: readonly SeededMove[]): Promise<number> {
  const { token, watchToken } = tokens;
  const extracted = await waitForExtractions(
    relayUrl,
    watchToken,
    moves.map((move) => `openphone:${move.providerCallId}`),
    30_000,
  );
  let moved = 0;
  for (const move of moves) {
    const callId = `openphone:${move.providerCallId}`;
    if (!extracted.has(callId)) continue;
    await postConsoleEvent(relayUrl, token, { type: 'job.moved', id: `demo-seed-move-${move.providerCallId}`, occurredAt: new Date().toISOString(), data: { jobId: `call:${callId}:0`, stage: move.stage, beforeJobId: null, by: 'Demo console' } });
    moved += 1;
  }
  return moved;
}
