import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiHandlers, ApiPush, ApiPushes, ApiResult } from '../../shared/api/contract';
import { IPC_INVOKE, IPC_PUSH } from '../../shared/api/ipc-channels';
import { dispatchApiCall } from '../api/dispatch';
import { authorizeApiCall, type IpcSender } from './ipc-access';

export interface IpcWindows {
  console: () => BrowserWindow | null;
  card: () => BrowserWindow | null;
}

/**
 * One handler for the whole renderer API. Each message's sender must be the top
 * frame of one of our windows, showing one of our pages; the card window may only
 * call its smaller allowlist (ipc-access.ts). Inputs are validated by dispatchApiCall.
 */
export function registerApiIpc(handlers: ApiHandlers, windows: IpcWindows, devServerUrl: string | undefined): void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const access = authorizeApiCall(senderOf(event, windows), method, devServerUrl);
    if (!access.ok) return access;
    return dispatchApiCall(handlers, access.method, input);
  });
}

function senderOf(event: IpcMainInvokeEvent, windows: IpcWindows): IpcSender {
  const frame = event.senderFrame;
  const window = event.sender === windows.console()?.webContents ? 'console' : event.sender === windows.card()?.webContents ? 'card' : null;
  return { window, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null };
}

export function sendPush<P extends ApiPush>(win: BrowserWindow | null, push: P, payload: ApiPushes[P]): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_PUSH, push, payload);
}
