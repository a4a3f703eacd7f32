/**
 * One part of a zip entry's path (a folder or a file name) from text the console holds (a job
 * id, a file name someone chose): only letters, digits, `.`, `_` and `-`, never only dots (`..`
 * would climb out of its folder when unzipped, and unzip tools warn of it), never empty. Pure.
 */
export function zipEntryPart(text: string, maxLength: number): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, maxLength);
  return safe === '' || /^\.+$/.test(safe) ? `_${safe.replace(/\./g, '_')}` : safe.replace(/^\./, '_');
}
