import type { AlertHistoryRow } from '../../../shared/api/communications';

/** What one line of the recent alerts says happened, in plain words. Pure. */
export function alertEventWords(row: AlertHistoryRow): string {
  switch (row.kind) {
    case 'raised':
      return row.severity === 'critical' ? 'Urgent alert' : 'Alert';
    case 'cleared':
      return 'Resolved';
    case 'acknowledged':
      return `Acknowledged by ${row.by ?? 'someone'}`;
  }
}

/** Where the relay sent it besides the banner: "Emailed and texted to the owner", "Shown here only". Pure. */
export function alertChannelWords(row: AlertHistoryRow): string | null {
  if (row.kind === 'acknowledged') return null;
  const email = row.channels.includes('email');
  const sms = row.channels.includes('sms');
  if (email && sms) return 'Emailed and texted to the owner';
  if (email) return 'Emailed to the owner';
  if (sms) return 'Texted to the owner';
  return row.kind === 'raised' ? 'Shown in the banner only' : null;
}
