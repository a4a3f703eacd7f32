/** "just now", "1 min ago", "3 h ago", "2 d ago": how long ago an instant was. */
export function formatAge(instant: string, now: number): string {
  const then = Date.parse(instant);
  if (Number.isNaN(then)) return 'unknown';
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
