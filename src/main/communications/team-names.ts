import type { Assignees } from '../../shared/api/communications';
import { deviceListAnswerSchema } from '../../shared/relay-rest/devices';
import type { ConsoleDatabase } from '../db/open-console-database';
import { jsonOf } from '../http/outbound-client';
import { callRelay, type RelayAccess } from '../http/relay-rest-client';

/**
 * Who a conversation can be assigned to. The team's consoles come from the relay
 * (GET /v1/devices), which lists them to admin consoles only; every console adds the
 * names its log already holds (the provider's users, names assigned before, note
 * authors), so an agent console still picks from the team rather than typing.
 */
export async function assignees(db: ConsoleDatabase, relay: () => RelayAccess, me: string | null): Promise<Assignees> {
  const names = new Set<string>([...(await teamConsoles(relay)), ...namesInLog(db)]);
  if (me !== null) names.delete(me);
  return { me, others: [...names].sort((a, b) => a.localeCompare(b)) };
}

async function teamConsoles(relay: () => RelayAccess): Promise<string[]> {
  try {
    const answer = await callRelay(relay(), 'GET', '/v1/devices');
    if (answer.status !== 200) return [];
    const parsed = deviceListAnswerSchema.safeParse(jsonOf(answer));
    return parsed.success ? parsed.data.devices.filter((d) => d.revokedAt === null).map((d) => d.name) : [];
  } catch {
    // No token or the relay is out of reach: the names in the log still serve.
    return [];
  }
}

export function namesInLog(db: ConsoleDatabase): string[] {
  const rows = db.sqlite
    .prepare(
      `SELECT name FROM provider_users
       UNION SELECT assignee FROM conversation_inbox WHERE assignee IS NOT NULL
       UNION SELECT by_whom FROM conversation_notes`,
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => name.trim() !== '');
}
