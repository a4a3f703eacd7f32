import type { ApiHandlers } from '../../shared/api/contract';
import { openPhoneImportAnswerSchema, type OpenPhoneImportAnswer } from '../../shared/relay-rest/openphone-import';
import { jsonOf } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

type HistoryImportMethod = 'operations.historyImport' | 'operations.historyImportCommand';

/**
 * The history import panel: the relay runs the import and answers only admin consoles
 * (src/shared/relay-rest/openphone-import.ts); its refusals are shown in its own words.
 */
export function createHistoryImportHandlers(deps: { relay: () => RelayAccess }): Pick<ApiHandlers, HistoryImportMethod> {
  const relayJson = async (method: 'GET' | 'POST', body?: unknown): Promise<OpenPhoneImportAnswer> => {
    const answer = await callRelay(deps.relay(), method, '/v1/openphone/import', body);
    if (answer.status === 404) throw new RelayRequestError('This relay cannot import OpenPhone history yet: update the relay.', 404);
    if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(refusalOf(answer), answer.status);
    const parsed = openPhoneImportAnswerSchema.safeParse(jsonOf(answer));
    if (!parsed.success) throw new RelayRequestError('The relay answered something this console does not read: update Ringside.', answer.status);
    return parsed.data;
  };
  return {
    'operations.historyImport': async () => relayJson('GET'),
    'operations.historyImportCommand': async (command) => relayJson('POST', command),
  };
}
