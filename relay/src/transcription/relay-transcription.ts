import type { RelayPart, RelayPartDeps } from '../issue15-deps';

// Issue 15 contract: filled in by the transcription capability.
export function relayTranscription(deps: RelayPartDeps): RelayPart {
  void deps;
  return { routes: {}, start() {}, async close() {} };
}
