import type { CallActivityRow, CallActivityStatus } from '../../../shared/api/communications';
import { formatPhone } from '../privacy/shown-phone';
import { formatClock } from '../../../shared/units';

/** The status filter's choices, in the words the list uses. */
export const callStatusChoices: readonly { value: CallActivityStatus; label: string }[] = [
  { value: 'ringing', label: 'Ringing' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'completed', label: 'Completed' },
  { value: 'missed', label: 'Missed' },
  { value: 'voicemail', label: 'Voicemail' },
  { value: 'forwarded', label: 'Forwarded' },
  { value: 'ended_unknown', label: 'Ended, no end time' },
];

/**
 * A call's status as a receptionist reads it: "In progress · answered by Dana". The
 * core never says missed while a call is still going on; these words follow it.
 */
export function callStatusText(call: Pick<CallActivityRow, 'status' | 'answeredBy'> & { forwardedTo?: string | null }): string {
  switch (call.status) {
    case 'ringing':
      return 'Ringing';
    case 'in_progress': {
      return call.answeredBy ? `In progress · answered by ${call.answeredBy}` : 'In progress';
    }
    case 'completed':
      return 'Completed';
    case 'missed':
      return 'Missed';
    case 'voicemail':
      return 'Voicemail';
    case 'forwarded':
      return call.forwardedTo ? `Forwarded to ${formatPhoneOrName(call.forwardedTo)}` : 'Forwarded';
    case 'ended_unknown':
      return 'Ended — no end time received';
  }
}

/** Talk time as h:mm:ss (m:ss under an hour); a call going on counts up from its answer; none for an unanswered one. */
export function callDurationText(call: Pick<CallActivityRow, 'status' | 'answeredAt' | 'durationSeconds'>, nowMs: number): string {
  if (call.status === 'in_progress' && call.answeredAt) return formatClock((nowMs - Date.parse(call.answeredAt)) / 1000);
  if (call.answeredAt === null || call.status === 'ringing' || call.status === 'ended_unknown') return '—';
  return formatClock(call.durationSeconds);
}

/** Who took it: a name (the core names only those the provider's directory lists), "Nobody" for an unanswered call, nothing while it rings. */
export function answeredByText(call: Pick<CallActivityRow, 'status' | 'answeredAt' | 'answeredBy'>): string {
  if (call.status === 'ringing') return '';
  // A forward is where the call went (its status says so), not who answered it.
  if (call.answeredAt === null) return call.status === 'forwarded' ? '' : 'Nobody';
  return call.answeredBy === null ? 'The team' : formatPhoneOrName(call.answeredBy);
}

/** A forward target: a number, formatted, or whatever the provider named (a user id is shown as is only when nothing better is known). */
function formatPhoneOrName(target: string): string {
  return target.startsWith('+') ? formatPhone(target) : target;
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = { openphone: 'OpenPhone', twilio: 'Twilio', vapi: 'Vapi', mightycall: 'MightyCall' };

/** Which phone service carried the call, from its namespaced id (`twilio:CA…` → "Twilio"); null for an id of no known provider. */
export function callProviderName(callId: string): string | null {
  const provider = callId.slice(0, callId.indexOf(':'));
  return Object.hasOwn(PROVIDER_NAMES, provider) ? PROVIDER_NAMES[provider]! : null;
}
