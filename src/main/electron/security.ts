import { join } from 'node:path';
import { app, protocol, session, type BrowserWindow, type WebPreferences } from 'electron';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { guardNavigation } from './navigation-guard';

/**
 * Every window is created through these settings: Electron security checklist
 * items 3, 4, 13, 14 and 17 in one place. The pages carry the app's CSP as a meta
 * tag and as a header (app-protocol.ts).
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

/** No navigation or redirect away from our pages, in any frame, and no new windows. */
export function lockDownWindow(win: BrowserWindow, devServerUrl: string | undefined): void {
  guardNavigation(win.webContents, devServerUrl);
}

/** Before the app is ready: app:// gets its privileges (they cannot be granted later). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export function lockDownSession(): void {
  // Pages come from app://ringside, served from the built renderer folder only (checklist item 18).
  protocol.handle(APP_SCHEME_PRIVILEGES.scheme, createAppProtocolHandler(join(__dirname, '../renderer')));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
