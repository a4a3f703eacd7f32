import type { ApiHandlers } from '../../shared/api/contract';
import type { PrivacyApiOutputs, ExportProgress } from '../../shared/api/privacy';
import type { Clock } from '../../shared/clock';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MediaCache } from '../media/media-cache';

export interface PrivacyHandlersDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  relay: () => { url: string; token: string };
  whoAmI: () => Promise<string>;
  mediaCache: MediaCache;
  /** Where exports are written (the console's data folder + /exports). */
  exportDirectory: () => string;
  progress: (progress: ExportProgress) => void;
}

type PrivacyHandlers = Pick<ApiHandlers, keyof PrivacyApiOutputs>;

// Issue 15 contract: filled in by the privacy capability.
export function createPrivacyHandlers(deps: PrivacyHandlersDeps): PrivacyHandlers {
  void deps;
  const notYet = async (): Promise<never> => {
    throw new Error('privacy tools are not available in this version yet');
  };
  return {
    'privacy.retention': notYet,
    'privacy.setRetention': notYet,
    'privacy.exportCustomer': notYet,
    'privacy.eraseCustomer': notYet,
    'privacy.erasures': notYet,
  };
}
