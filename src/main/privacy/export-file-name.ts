/**
 * The zip's file name: the customer's name in plain letters and the day it was made, e.g.
 * `Maria-Lopez-2026-12-02.zip` (local date). Letters with accents lose them; anything that
 * is not a letter or digit becomes one dash, so the name is safe on every file system.
 */
export function exportFileName(customerName: string, at: Date): string {
  const plain = customerName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${plain || 'customer'}-${day}.zip`;
}

/** The same name with -2, -3… before .zip when one of that name is already there. */
export function nextFreeName(fileName: string, taken: (name: string) => boolean): string {
  if (!taken(fileName)) return fileName;
  const stem = fileName.replace(/\.zip$/, '');
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}-${n}.zip`;
    if (!taken(candidate)) return candidate;
  }
}
