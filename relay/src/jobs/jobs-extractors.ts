import type { Extractor, ExtractionInput, ExtractionOutput } from '../../../src/shared/jobs/extraction/extractor';
import { mergeExtractions } from '../../../src/shared/jobs/extraction/merge-extractions';
import { offlineExtractor } from '../../../src/shared/jobs/extraction/offline-extractor';

/**
 * The extractors the worker runs: the offline one always (src/shared/jobs/extraction), the
 * language model's (relay/src/jobs/model) when it is configured, and how their answers merge.
 */
export interface JobsExtractors {
  offline: Extractor;
  /** The model's raw answer; null while no model is configured. Rejects when the model could not be asked (retried with backoff). */
  model: ((input: ExtractionInput) => Promise<unknown>) | null;
  merge(offline: ExtractionOutput, modelAnswer: unknown): ExtractionOutput;
}

// SEAM: the model client (relay/src/jobs/model, extractWithModel) is passed in here once it lands.
export function jobsExtractors(): JobsExtractors {
  return { offline: offlineExtractor, model: null, merge: mergeExtractions };
}
