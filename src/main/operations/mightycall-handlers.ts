import type { ApiHandlers } from '../../shared/api/contract';
import { mightyCallStatusSchema } from '../../shared/relay-rest/mightycall';
import { jsonOf } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

/**
 * The MightyCall card: the relay polls MightyCall and answers only admin consoles
 * (src/shared/relay-rest/mightycall.ts); its refusals are shown in its own words.
 */
export function createMightyCallHandlers(deps: { relay: () => RelayAccess }): Pick<ApiHandlers, 'operations.mightyCallStatus'> {
  return {
    'operations.mightyCallStatus': async () => {
      const answer = await callRelay(deps.relay(), 'GET', '/v1/mightycall/status');
      if (answer.status === 404) throw new RelayRequestError('This relay does not read MightyCall yet: update the relay.', 404);
      if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(refusalOf(answer), answer.status);
      const parsed = mightyCallStatusSchema.safeParse(jsonOf(answer));
      if (!parsed.success) throw new RelayRequestError('The relay answered something this console does not read: update Ringside.', answer.status);
      return parsed.data;
    },
  };
}
