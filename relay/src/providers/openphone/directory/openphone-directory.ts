import { createHash } from 'node:crypto';
import { z } from 'zod';
import { directorySyncedData } from '../../../../../src/shared/events/model';
import { toE164 } from '../../../../../src/shared/phone';

/**
 * OpenPhone's workspace as GET /v1/phone-numbers lists it (spec telephony-providers §1.9:
 * each line with its users), turned into the event model's directory: the lines with
 * their names and user ids, and each user once with a name a receptionist can read. In
 * a canonical order, so the same workspace always gives the same content and hash. Pure.
 */

export type DirectoryContent = z.infer<typeof directorySyncedData>;

// Read defensively: every field but the ids may be missing or null in a real answer.
const listedUser = z.object({ id: z.string().min(1).max(200), firstName: z.string().nullish(), lastName: z.string().nullish(), email: z.string().nullish() }).loose();
const listedLine = z
  .object({ id: z.string().min(1).max(200), number: z.string(), name: z.string().nullish(), users: z.array(z.unknown()).nullish() })
  .loose();

export function directoryFromPhoneNumbers(listed: readonly unknown[]): DirectoryContent {
  const lines = new Map<string, DirectoryContent['lines'][number]>();
  const users = new Map<string, DirectoryContent['users'][number]>();
  for (const entry of listed) {
    const line = listedLine.safeParse(entry);
    if (!line.success) continue;
    const number = toE164(line.data.number);
    if (number === null) continue;
    const userIds = new Set<string>();
    for (const candidate of line.data.users ?? []) {
      const user = listedUser.safeParse(candidate);
      if (!user.success) continue;
      userIds.add(user.data.id);
      const name = personName(user.data.firstName, user.data.lastName, user.data.email);
      // A user nobody named (no name, no email) stays unknown: the console never shows an id instead.
      if (name !== null && !users.has(user.data.id)) users.set(user.data.id, { providerUserId: user.data.id, name, email: clip(user.data.email) });
    }
    lines.set(number, { number, name: clip(line.data.name), providerLineId: line.data.id, userIds: [...userIds].sort() });
  }
  return directorySyncedData.parse({
    provider: 'openphone',
    lines: [...lines.values()].sort((a, b) => a.number.localeCompare(b.number)),
    users: [...users.values()].sort((a, b) => a.providerUserId.localeCompare(b.providerUserId)),
  });
}

/** The SHA-256 of a directory's content: equal exactly when nothing a console shows changed. */
export function directoryHash(content: DirectoryContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function personName(firstName: string | null | undefined, lastName: string | null | undefined, email: string | null | undefined): string | null {
  const full = [firstName, lastName].map((part) => part?.trim() ?? '').filter((part) => part !== '').join(' ');
  return clip(full !== '' ? full : email);
}

function clip(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, 300);
}
