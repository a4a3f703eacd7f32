import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiHandlers, ApiMethod, ApiPush, ApiPushes, ApiResult } from '../../shared/api/contract';
import { apiMethods } from '../../shared/api/contract';
import { CARD_WINDOW_METHODS, IPC_INVOKE, IPC_PUSH } from '../../shared/api/ipc-channels';
import { dispatchApiCall } from '../api/dispatch';
import { isOwnPageUrl } from './security';

export interface IpcWindows {
  console: () => BrowserWindow | null;
  card: () => BrowserWindow | null;
}

/**
 * One handler for the whole renderer API. Each message's sender must be the top
 * frame of one of our windows, showing one of our pages; the card window may only
 * call its smaller allowlist. Inputs are validated by dispatchApiCall.
 */
export function registerApiIpc(handlers: ApiHandlers, windows: IpcWindows, devServerUrl: string | undefined): void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const allowed = allowedMethodsFor(event, windows, devServerUrl);
    if (!allowed) return { ok: false, error: 'sender is not a Ringside window' };
    if (typeof method !== 'string' || !allowed.includes(method as ApiMethod)) {
      return { ok: false, error: `method not allowed: ${String(method)}` };
    }
    return dispatchApiCall(handlers, method, input);
  });
}

function allowedMethodsFor(event: IpcMainInvokeEvent, windows: IpcWindows, devServerUrl: string | undefined): readonly ApiMethod[] | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isOwnPageUrl(frame.url, devServerUrl)) return null;
  if (event.sender === windows.console()?.webContents) return apiMethods;
  if (event.sender === windows.card()?.webContents) return CARD_WINDOW_METHODS;
  return null;
}

export function sendPush<P extends ApiPush>(win: BrowserWindow | null, push: P, payload: ApiPushes[P]): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_PUSH, push, payload);
}
