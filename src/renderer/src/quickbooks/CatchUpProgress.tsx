import type { QuickBooksCatchUp } from '../../../shared/api/quickbooks';

const entityWords: Record<QuickBooksCatchUp['entity'], string> = { customers: 'customers', payments: 'payments', invoices: 'invoices' };
const count = (n: number): string => n.toLocaleString('en-US');

/** Plain words for a catch-up by query: why it runs, and how far it is. */
export function catchUpWords(c: QuickBooksCatchUp): string {
  const read = `${count(c.read)} of ${count(c.total)} ${entityWords[c.entity]} read`;
  if (c.reason === 'away') {
    const away = `after ${c.awayDays} day${c.awayDays === 1 ? '' : 's'} away`;
    return c.running ? `Catching up with QuickBooks ${away}: ${read}` : `Caught up with QuickBooks ${away}: customers, payments and invoices read again.`;
  }
  return c.running
    ? `More changed in QuickBooks than one change list holds; reading each change: ${read}`
    : 'More changed in QuickBooks than one change list holds; every change was read one by one.';
}

/** The Sync page's line for a catch-up (issue 11 §4), while it runs and after. */
export function CatchUpProgress({ catchUp }: { catchUp: QuickBooksCatchUp | null | undefined }) {
  if (!catchUp) return null;
  const max = Math.max(catchUp.total, 1);
  return (
    <div className="sync-import" data-testid="sync-catch-up">
      <label htmlFor="sync-catch-up-progress">{catchUpWords(catchUp)}</label>
      {catchUp.running ? <progress id="sync-catch-up-progress" max={max} value={Math.min(catchUp.read, max)} /> : null}
    </div>
  );
}
