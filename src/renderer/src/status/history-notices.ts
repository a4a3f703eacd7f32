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
 * The status tooltip's quiet notes: on events that arrived malformed (kept as they came, shown
 * nowhere, and not something an update fixes, so never "Update Ringside"), and on history set
 * aside after a relay was restored from an older backup.
 */
export function historyTooltip(status: Pick<LinkStatus, 'unreadableEvents' | 'setAside'> | null): string | undefined {
  const notes: string[] = [];
  const count = status?.unreadableEvents ?? 0;
  if (count > 0) notes.push(`${count === 1 ? '1 event' : `${count} events`} from the relay could not be read and ${count === 1 ? 'is' : 'are'} not shown. ${count === 1 ? 'It is' : 'They are'} kept as received.`);
  const aside = status?.setAside;
  if (aside) {
    const what = aside.events === 1 ? '1 recent event' : `${aside.events} recent events`;
    notes.push(
      aside.file === null
        ? 'The relay was restored from a backup, so this console rebuilt its history to match it.'
        : `The relay was restored from a backup that did not have ${what} this console had. They were saved to ${aside.file}: give that file to whoever runs the relay so they can be put back.`,
    );
  }
  return notes.length === 0 ? undefined : notes.join('\n');
}
