import type { ApiHandlers } from '../../shared/api/contract';
import type { noticesApiInputSchemas } from '../../shared/api/notices';
import type { RelayAccess } from '../http/relay-rest-client';

export type NoticesHandlers = Pick<ApiHandlers, keyof typeof noticesApiInputSchemas>;

export interface NoticesHandlerDeps {
  /** Where to ask; throws when the console has no device token. */
  relay: () => RelayAccess;
}

// CONTRACT PLACEHOLDER (issue 14): replaced by the notices console work in this session.
export function createNoticesHandlers(_deps: NoticesHandlerDeps): NoticesHandlers {
  const notYet = (): never => {
    throw new Error('notices are not built yet');
  };
  return {
    'notices.setup': notYet,
    'notices.saveSettings': notYet,
    'notices.saveTemplate': notYet,
    'notices.preview': notYet,
    'notices.ofCustomer': notYet,
    'notices.failed': notYet,
    'notices.retry': notYet,
  };
}
