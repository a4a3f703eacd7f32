import { isOwnPageUrl } from './page-origin';

/** What each navigation event hands its listener (Electron's event details carry at least this). */
interface NavigationDetails {
  url: string;
  preventDefault(): void;
}

/** The part of a window's webContents the guard uses (injected, so tests need no Electron). */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-redirect', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: NavigationDetails) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * A window stays on our pages: a link, a script, a server redirect or a frame never
 * takes it elsewhere, and no new window opens (external pages go through openExternal).
 */
export function guardNavigation(contents: GuardedContents, devServerUrl: string | undefined): void {
  const denyForeign = (details: NavigationDetails): void => {
    if (!isOwnPageUrl(details.url, devServerUrl)) details.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-frame-navigate', denyForeign);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
