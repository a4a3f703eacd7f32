import { join } from 'node:path';
import { app, BrowserWindow, Notification } from 'electron';
import type { CallerCard } from '../../shared/card';
import { decideCardWindow } from '../card-window/visibility';
import { createFileLogger } from '../core/logger';
import { forkConsoleCore } from './core-process';
import { registerApiIpc, sendPush } from './ipc';
import { messageNotificationText, shouldNotifyMessage } from './message-notification';
import { openExternalUrl } from './open-external';
import { lockDownSession, registerAppScheme } from './security';
import { openSettingsOrExplain } from './settings-store';
import { createTray } from './tray';
import { createCardWindow, createConsoleWindow } from './windows';

// Composition root of the Electron shell: wires the plain-Node core into windows,
// IPC, the tray and notifications. Decisions live in the core and card-window/.

const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

// Lets tests and the demo keep their profile apart from the user's.
const userDataOverride = process.env['RINGSIDE_USER_DATA'];
if (userDataOverride) app.setPath('userData', userDataOverride);

// Custom-scheme privileges must be granted before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  lockDownSession();
  // The demo (and a scripted install) hands the relay and token over in the environment.
  const settings = openSettingsOrExplain(process.env);
  if (settings === null) {
    app.exit(1);
    return;
  }
  const core = forkConsoleCore({
    dbPath: join(app.getPath('userData'), 'ringside.db'),
    settings,
    openExternal: openExternalUrl,
    // The core's lines come over to the shell and go with the shell's own to one file.
    logger: createFileLogger(join(app.getPath('logs'), 'ringside.log')),
  });

  let consoleWindow: BrowserWindow | null = createConsoleWindow(devServerUrl);
  const cardWindow = createCardWindow(devServerUrl, 'bottom-right');
  consoleWindow.on('closed', () => {
    consoleWindow = null;
  });
  registerApiIpc(core.handlers, { console: () => consoleWindow, card: () => cardWindow }, devServerUrl);

  const tray = createTray(() => consoleWindow, () => app.quit());
  const cards = new Map<string, CallerCard>();
  let hideTimer: NodeJS.Timeout | undefined;

  const updateCardWindow = (): void => {
    clearTimeout(hideTimer);
    const action = decideCardWindow([...cards.values()], Date.now());
    if (action.kind === 'show' || action.kind === 'hide_at') {
      if (!cardWindow.isVisible()) cardWindow.showInactive();
      if (action.kind === 'hide_at') hideTimer = setTimeout(updateCardWindow, action.atMs - Date.now());
    } else if (cardWindow.isVisible()) {
      cardWindow.hide();
    }
  };

  core.onPush('card.updated', (card) => {
    const previous = cards.get(card.callId);
    cards.set(card.callId, card);
    sendPush(consoleWindow, 'card.updated', card);
    sendPush(cardWindow, 'card.updated', card);
    updateCardWindow();
    if (card.phase === 'ringing' && previous === undefined && consoleWindow?.isMinimized() && Notification.isSupported()) {
      new Notification({ title: card.customer?.name ?? card.number, body: card.notice, silent: false }).show();
    }
  });
  core.onPush('card.dismissed', (dismissal) => {
    cards.delete(dismissal.callId);
    sendPush(consoleWindow, 'card.dismissed', dismissal);
    sendPush(cardWindow, 'card.dismissed', dismissal);
    updateCardWindow();
  });
  core.onPush('link.statusChanged', (status) => {
    tray.update(status);
    sendPush(consoleWindow, 'link.statusChanged', status);
    sendPush(cardWindow, 'link.statusChanged', status);
  });
  core.onPush('import.progress', (progress) => sendPush(consoleWindow, 'import.progress', progress));
  core.onPush('quickbooks.statusChanged', (status) => sendPush(consoleWindow, 'quickbooks.statusChanged', status));
  core.onPush('quickbooks.importProgress', (progress) => sendPush(consoleWindow, 'quickbooks.importProgress', progress));
  core.onPush('data.changed', (changed) => sendPush(consoleWindow, 'data.changed', changed));
  core.onPush('team.presenceChanged', (presence) => sendPush(consoleWindow, 'team.presenceChanged', presence));
  core.onPush('messages.arrived', (arrived) => {
    sendPush(consoleWindow, 'messages.arrived', arrived);
    const shown = consoleWindow && !consoleWindow.isDestroyed() ? { focused: consoleWindow.isFocused(), visible: consoleWindow.isVisible() && !consoleWindow.isMinimized() } : null;
    if (!shouldNotifyMessage(shown) || !Notification.isSupported()) return;
    const notification = new Notification(messageNotificationText(arrived));
    notification.on('click', () => {
      if (!consoleWindow || consoleWindow.isDestroyed()) consoleWindow = createConsoleWindow(devServerUrl);
      consoleWindow.show();
      consoleWindow.focus();
    });
    notification.show();
  });

  app.on('window-all-closed', () => {
    // The console lives in the tray; closing its window does not stop call pop-ups.
  });
  app.on('activate', () => {
    if (!consoleWindow) consoleWindow = createConsoleWindow(devServerUrl);
  });
  app.on('before-quit', () => {
    void core.stop();
  });
  await core.start();
}
