/**
 * A conversation is one business line and the set of everyone else in it (spec
 * telephony-providers §1.11: OpenPhone lists messages by line + participants too).
 * The key is `<line>|<p1>,<p2>…` with participants sorted and unique, so a 1:1 thread
 * and a group thread with the same person are different conversations, and the
 * order a provider lists recipients in does not matter.
 */
export function conversationKey(businessNumber: string, participants: readonly string[]): string {
  const others = [...new Set(participants.filter((p) => p !== businessNumber))].sort();
  return `${businessNumber}|${others.join(',')}`;
}

export function parseConversationKey(key: string): { businessNumber: string; participants: string[] } | null {
  const bar = key.indexOf('|');
  if (bar <= 0 || bar === key.length - 1) return null;
  return { businessNumber: key.slice(0, bar), participants: key.slice(bar + 1).split(',') };
}
