import type { Assignees, ConversationRow, ConversationStatus, MessageRow } from '../../../shared/api/communications';
import { formatPhone } from '../privacy/shown-phone';

/** A thread's name: its customers, else the numbers; a group thread says so. */
export function conversationTitle(row: Pick<ConversationRow, 'participants' | 'customers'>): string {
  const names = row.customers.map((customer) => customer.name);
  if (names.length === 0) return `${row.participants.length > 1 ? 'Group: ' : ''}${row.participants.map(formatPhone).join(', ')}`;
  // A customer may text from several numbers; the rest of a group are people we do not know.
  const others = Math.max(0, row.participants.length - names.length);
  const known = `${names.join(', ')}${others > 0 ? ` + ${others === 1 ? '1 other' : `${others} others`}` : ''}`;
  return row.participants.length > 1 ? `Group: ${known}` : known;
}

/** OpenPhone's API sends to exactly one number, so a group thread cannot be answered from here. */
export function canReply(row: Pick<ConversationRow, 'participants'>): boolean {
  return row.participants.length === 1;
}

export const conversationStatusLabels: Record<ConversationStatus, string> = { open: 'Open', done: 'Done', snoozed: 'Snoozed' };

/** Delivery in plain words, for an outgoing bubble; nothing for one we received. */
export function deliveryText(message: Pick<MessageRow, 'direction' | 'status' | 'failure'>): { text: string; failed: boolean } | null {
  if (message.direction === 'incoming') return null;
  switch (message.status) {
    case 'queued':
      return { text: 'Sending…', failed: false };
    case 'sent':
      return { text: 'Sent', failed: false };
    case 'delivered':
      return { text: 'Delivered', failed: false };
    case 'undelivered':
      return { text: `Not delivered${message.failure ? `: ${message.failure}` : ''}`, failed: true };
    case 'failed':
      return { text: `Could not be sent${message.failure ? `: ${message.failure}` : ''}`, failed: true };
    case 'received':
      return null;
  }
}

/** When a thread wakes up, said the way people say it: "until 9:00 tomorrow". */
export function snoozedText(until: string, nowMs: number): string {
  const at = new Date(until);
  const now = new Date(nowMs);
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return `Snoozed until ${time}`;
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  if (at.toDateString() === tomorrow.toDateString()) return `Snoozed until tomorrow ${time}`;
  return `Snoozed until ${at.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
}

export interface SnoozePreset {
  label: string;
  until: Date;
}

/**
 * The snooze menu: in an hour, tomorrow at 9:00, and next week (Monday 9:00), in the
 * console's local time.
 */
export function snoozePresets(now: Date): SnoozePreset[] {
  const inAnHour = new Date(now.getTime() + 3_600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
  return [
    { label: '1 hour', until: inAnHour },
    { label: 'Tomorrow 9:00', until: tomorrow },
    { label: 'Next week', until: nextWeek },
  ];
}

/** A message's time in a thread: the time today, else the day and time. */
export function messageTimeText(sentAt: string, nowMs: number): string {
  const at = new Date(sentAt);
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (at.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${time}`;
}

/**
 * Who sent a text: "You" only for one this console sent; otherwise its sender's name
 * (the customer, the provider user, else the line's name), their number, or "The team".
 */
export function senderText(message: Pick<MessageRow, 'direction' | 'from' | 'fromName' | 'sentHere'>): string {
  if (message.sentHere) return 'You';
  if (message.fromName) return message.fromName;
  return message.direction === 'incoming' ? formatPhone(message.from) : 'The team';
}

/** The assign picker: nobody, then "Me", then the team by name; a name assigned before stays choosable. */
export function assigneeChoices(team: Assignees | null, current: string | null): { value: string; label: string }[] {
  const choices = [{ value: '', label: 'Nobody' }];
  if (team?.me) choices.push({ value: team.me, label: `Me (${team.me})` });
  for (const name of team?.others ?? []) choices.push({ value: name, label: name });
  if (current !== null && !choices.some((c) => c.value === current)) choices.push({ value: current, label: current });
  return choices;
}

/** Which line a conversation is on, for a business with more than one: its name, else its number. */
export function conversationLineText(row: Pick<ConversationRow, 'businessNumber' | 'lineName'>): string {
  return row.lineName ?? formatPhone(row.businessNumber);
}
