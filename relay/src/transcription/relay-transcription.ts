import type { RelayPart, RelayPartDeps } from '../relay-part';
import { Transcriber } from './transcriber';

/**
 * Issue 15 §1: transcripts for recordings and voicemail without a provider transcript, by the
 * OpenAI-compatible backend TRANSCRIPTION_API_URL names (transcriber.ts). Off while it is unset:
 * nothing is read or queued, so turning it on later starts from then.
 */
export function relayTranscription(deps: RelayPartDeps): RelayPart {
  const { apiUrl } = deps.settings.transcription;
  if (apiUrl === null) return { routes: {}, start() {}, async close() {} };
  const transcriber = new Transcriber({
    db: deps.db,
    log: deps.log,
    settings: { ...deps.settings.transcription, apiUrl },
    store: deps.media.store,
    alerts: deps.alerts,
    logger: deps.logger,
    clock: deps.clock,
  });
  return {
    routes: {},
    start: () => transcriber.start(),
    close: () => transcriber.close(),
  };
}
