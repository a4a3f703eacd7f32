import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { Clock } from '../../shared/clock';
import {
  addDeviceAnswerSchema,
  deviceAnswerSchema,
  deviceInfoSchema,
  deviceListAnswerSchema,
  linesAnswerSchema,
  presenceAnswerSchema,
} from '../../shared/relay-rest/devices';
import type { z } from 'zod';
import { jsonOf } from '../http/outbound-client';
import { callRelay, postConsoleEvent, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';
import { capabilitiesOf } from './console-capabilities';
import type { TeamPresenceBoard } from './team-presence';

type TeamMethod = 'team.me' | 'team.devices' | 'team.lines' | 'team.addDevice' | 'team.changeDevice' | 'team.revokeDevice' | 'team.nameLine' | 'team.presence' | 'team.setOnCall';

export interface TeamHandlersDeps {
  /** The relay and this console's token, or a plain error saying what to set. */
  relay: () => RelayAccess;
  presence: TeamPresenceBoard;
  clock: Clock;
  newId?: () => string;
}

/**
 * The Team page and presence: every call goes to the relay (which checks the role and
 * keeps the devices); nothing of the team is kept on this console but the presence the
 * stream last sent.
 */
export function createTeamHandlers(deps: TeamHandlersDeps): Pick<ApiHandlers, TeamMethod> {
  const newId = deps.newId ?? randomUUID;
  /** One relay call; a refusal throws the relay's own plain words (the page shows them as they are). */
  const relayJson = async <S extends z.ZodType>(relay: RelayAccess, method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.output<S>> => {
    const answer = await callRelay(relay, method, path, body);
    if (answer.status === 404 && path !== '/v1/devices/change' && path !== '/v1/devices/revoke') throw new RelayRequestError('This relay does not manage the team yet: update the relay.', 404);
    if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(refusalOf(answer), answer.status);
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success) throw new RelayRequestError('The relay answered something this console does not read: update Ringside.', answer.status);
    return parsed.data;
  };
  return {
    'team.me': async () => {
      const me = await relayJson(deps.relay(), 'GET', '/v1/devices/me', deviceInfoSchema);
      return { ...me, may: capabilitiesOf(me.role) };
    },
    'team.devices': async () => (await relayJson(deps.relay(), 'GET', '/v1/devices', deviceListAnswerSchema)).devices,
    'team.lines': async () => (await relayJson(deps.relay(), 'GET', '/v1/lines', linesAnswerSchema)).lines,
    'team.addDevice': async (input) => relayJson(deps.relay(), 'POST', '/v1/devices', addDeviceAnswerSchema, input),
    'team.changeDevice': async (input) => (await relayJson(deps.relay(), 'POST', '/v1/devices/change', deviceAnswerSchema, input)).device,
    'team.revokeDevice': async (input) => (await relayJson(deps.relay(), 'POST', '/v1/devices/revoke', deviceAnswerSchema, input)).device,
    'team.nameLine': async ({ number, name }) => {
      const relay = deps.relay();
      const me = await relayJson(relay, 'GET', '/v1/devices/me', deviceInfoSchema);
      await postConsoleEvent(relay.url, relay.token, { id: newId(), type: 'line.defined', occurredAt: new Date(deps.clock()).toISOString(), data: { number, name, by: me.name } });
      return null;
    },
    'team.presence': async () => deps.presence.current(),
    'team.setOnCall': async ({ callId }) => {
      await relayJson(deps.relay(), 'POST', '/v1/presence', presenceAnswerSchema, { onCall: callId });
      return null;
    },
  };
}
