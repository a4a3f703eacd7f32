/** "An agent console", "A bookkeeper console": a device's role as a sentence starts with it. */
export function roleConsole(role: string): string {
  return `${/^[aeiou]/i.test(role) ? 'An' : 'A'} ${role} console`;
}
