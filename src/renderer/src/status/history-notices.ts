import type { LinkStatus } from '../../../shared/api/contract';

/**
 * What the status bar says about the history: a rebuild after an upgrade with its
 * progress, and events kept from a newer Ringside that this one cannot show yet.
 */
export function historyNotices(status: Pick<LinkStatus, 'reprojection' | 'newerEventsSeen'> | null): string[] {
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
