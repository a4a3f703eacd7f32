import type { LinkStatus } from '../../../shared/api/contract';

/**
 * What the status bar says about the history: a rebuild after an upgrade with its
 * progress, and events kept from a newer Ringside that this one cannot show yet.
 */
export function historyNotices(status: Pick<LinkStatus, 'reprojection' | 'newerEventsSeen' | 'unreadableEvents'> | null): string[] {
  if (!status) return [];
  const notices: string[] = [];
  if (status.reprojection) {
    const { done, total } = status.reprojection;
    // Rounded down: 100 % only once it is finished (and then the notice is gone).
    const percent = total > 0 ? Math.min(99, Math.floor((done * 100) / total)) : 0;
    notices.push(`Updating history… ${percent} %`);
  }
  if (status.newerEventsSeen) notices.push('Update Ringside to see everything');
  return notices;
}

/**
 * The status tooltip's quiet note on events that arrived malformed: kept as they came,
 * shown nowhere, and not something an update fixes (so never "Update Ringside").
 */
export function historyTooltip(status: Pick<LinkStatus, 'unreadableEvents'> | null): string | undefined {
  const count = status?.unreadableEvents ?? 0;
  if (count === 0) return undefined;
  return `${count === 1 ? '1 event' : `${count} events`} from the relay could not be read and ${count === 1 ? 'is' : 'are'} not shown. ${count === 1 ? 'It is' : 'They are'} kept as received.`;
}
