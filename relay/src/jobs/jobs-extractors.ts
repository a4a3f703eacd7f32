import type { Extractor, ExtractionInput, ExtractionOutput } from '../../../src/shared/jobs/extraction/extractor';
import { mergeExtractions } from '../../../src/shared/jobs/extraction/merge-extractions';
import { offlineExtractor } from '../../../src/shared/jobs/extraction/offline-extractor';
import { modelExtractor } from './model/model-extraction-client';
import type { ModelExtractionSettings } from './model/model-settings';

/**
 * The extractors the worker runs: the offline one always (src/shared/jobs/extraction), the
 * language model's (relay/src/jobs/model) when EXTRACTION_MODEL_API_URL is set, and how their
 * answers merge (by confidence, merge-extractions.ts).
 */
export interface JobsExtractors {
  offline: Extractor;
  /**
   * The model's checked answer, null when it answered something that is not one; null itself
   * while no model is configured. Rejects when the model could not be asked (a ModelExtractionError,
   * `permanent` when only a change of settings can help).
   */
  model: ((input: ExtractionInput) => Promise<ExtractionOutput | null>) | null;
  merge(offline: ExtractionOutput, model: ExtractionOutput): ExtractionOutput;
}

export function jobsExtractors(settings: ModelExtractionSettings, signal: AbortSignal): JobsExtractors {
  const model = modelExtractor(settings, { sleep: (ms) => sleepUnlessAborted(ms, signal), random: Math.random, signal });
  return { offline: offlineExtractor, model: model === null ? null : (input) => model.extractWithModel(input), merge: mergeExtractions };
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
