import { join } from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { cardBoundsInCorner, type ScreenCorner } from '../card-window/visibility';
import { pageUrl, type RendererPage } from './page-origin';
import { lockDownWindow, secureWebPreferences } from './security';

const CARD_SIZE = { width: 380, height: 460 };

function loadPage(win: BrowserWindow, page: RendererPage, devServerUrl: string | undefined): void {
  void win.loadURL(pageUrl(page, devServerUrl));
}

export function createConsoleWindow(devServerUrl: string | undefined): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Ringside',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  lockDownWindow(win, devServerUrl);
  win.once('ready-to-show', () => win.show());
  loadPage(win, 'index.html', devServerUrl);
  return win;
}

/** Always on top, frameless, in a screen corner, never steals focus when shown. */
export function createCardWindow(devServerUrl: string | undefined, corner: ScreenCorner): BrowserWindow {
  const bounds = cardBoundsInCorner(screen.getPrimaryDisplay().workArea, CARD_SIZE, corner);
  const win = new BrowserWindow({
    ...bounds,
    show: false,
    frame: false,
    resizable: false,
    movable: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    focusable: true,
    fullscreenable: false,
    title: 'Ringside caller card',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/card.js')),
  });
  win.setAlwaysOnTop(true, 'floating');
  win.setVisibleOnAllWorkspaces(true);
  lockDownWindow(win, devServerUrl);
  loadPage(win, 'card.html', devServerUrl);
  return win;
}
