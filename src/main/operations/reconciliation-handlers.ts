import type { z } from 'zod';
import type { ApiHandlers } from '../../shared/api/contract';
import { reconcileRangeAnswerSchema, reconciliationOverviewSchema } from '../../shared/relay-rest/reconciliation';
import { jsonOf } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

type ReconciliationMethod = 'operations.reconciliation' | 'operations.reconcileRange';

/**
 * The reconciliation panel: the relay keeps the runs and the health checks and answers
 * only admin consoles (src/shared/relay-rest/reconciliation.ts); its refusals are shown
 * in its own plain words.
 */
export function createReconciliationHandlers(deps: { relay: () => RelayAccess }): Pick<ApiHandlers, ReconciliationMethod> {
  const relayJson = async <S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.output<S>> => {
    const answer = await callRelay(deps.relay(), method, path, body);
    if (answer.status === 404) throw new RelayRequestError('This relay does not check for missed calls and texts yet: update the relay.', 404);
    if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(refusalOf(answer), answer.status);
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success) throw new RelayRequestError('The relay answered something this console does not read: update Ringside.', answer.status);
    return parsed.data;
  };
  return {
    'operations.reconciliation': async () => relayJson('GET', '/v1/reconciliation', reconciliationOverviewSchema),
    'operations.reconcileRange': async (range) => relayJson('POST', '/v1/reconciliation/runs', reconcileRangeAnswerSchema, range),
  };
}
