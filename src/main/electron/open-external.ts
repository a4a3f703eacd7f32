import { app, shell } from 'electron';
import { EXTERNAL_URL_HOSTS, externalUrlToOpen } from '../../shared/external-url';

/**
 * The core's openExternal: only https to an allowlisted host reaches the system
 * browser; an unpackaged (development) build may also open the emulator on this computer.
 */
export async function openExternalUrl(raw: string): Promise<void> {
  const url = externalUrlToOpen(raw, { hosts: EXTERNAL_URL_HOSTS, allowLoopbackHttp: !app.isPackaged });
  if (url === null) throw new Error(`Ringside opens only ${EXTERNAL_URL_HOSTS.join(', ')} in the browser, over https; refused: ${raw.slice(0, 200)}`);
  await shell.openExternal(url.toString(), { activate: true });
}
