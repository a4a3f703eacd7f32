import { shell } from 'electron';
import { authorizeUrlToOpen } from '../quickbooks/authorize-url';

/**
 * The core's openExternal: only a parsed https URL, or plain http to this machine (a
 * sandbox company's consent page on the emulator), ever reaches the system browser.
 * The core has already checked the sandbox condition against the relay's answer.
 */
export async function openExternalUrl(raw: string): Promise<void> {
  const url = authorizeUrlToOpen(raw, { allowLoopbackHttp: true });
  if (url === null) throw new Error('refused to open a URL that is neither https nor this machine');
  await shell.openExternal(url.toString(), { activate: true });
}
