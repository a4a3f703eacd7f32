import { join } from 'node:path';
import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron';
import type { LinkStatus } from '../../shared/api/contract';

const stateLabel: Record<LinkStatus['state'], string> = {
  connecting: 'Connecting to relay…',
  catching_up: 'Catching up…',
  live: 'Live',
  offline: 'Offline',
};

export function createTray(consoleWindow: () => BrowserWindow | null, quit: () => void): { update(status: LinkStatus): void } {
  const tray = new Tray(nativeImage.createFromPath(join(__dirname, '../../build/tray.png')));
  const render = (status: LinkStatus | null): void => {
    const label = status ? `${stateLabel[status.state]}${status.reason ? `: ${status.reason}` : ''}` : 'Starting…';
    tray.setToolTip(`Ringside — ${label}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        {
          label: 'Open console',
          click: () => {
            const win = consoleWindow();
            if (win) {
              win.show();
              win.focus();
            }
          },
        },
        { label: 'Quit Ringside', click: quit },
      ]),
    );
  };
  render(null);
  tray.on('click', () => consoleWindow()?.show());
  return { update: render };
}
