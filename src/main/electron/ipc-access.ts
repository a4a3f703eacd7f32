import { apiMethods, type ApiMethod } from '../../shared/api/contract';
import { CARD_WINDOW_METHODS } from '../../shared/api/ipc-channels';
import { isOwnPageUrl } from './page-origin';

export type WindowKind = 'console' | 'card';

/** Who sent an IPC message, as the shell reads it from Electron's event. */
export interface IpcSender {
  /** Which of our windows sent it, or null for any other webContents. */
  window: WindowKind | null;
  /** The sending frame: its URL, and whether it is the top frame (a subframe never calls). */
  frame: { url: string; isTop: boolean } | null;
}

const WINDOW_METHODS: Record<WindowKind, readonly ApiMethod[]> = { console: apiMethods, card: CARD_WINDOW_METHODS };

/** The methods `sender` may call: the console window all, the card window its short list, anyone else none. */
export function allowedApiMethods(sender: IpcSender, devServerUrl: string | undefined): readonly ApiMethod[] | null {
  if (sender.window === null || sender.frame === null || !sender.frame.isTop) return null;
  if (!isOwnPageUrl(sender.frame.url, devServerUrl)) return null;
  return WINDOW_METHODS[sender.window];
}

export type IpcAccess = { ok: true; method: ApiMethod } | { ok: false; error: string };

/** Whether this call gets to the handlers at all; its input is validated after this. */
export function authorizeApiCall(sender: IpcSender, method: unknown, devServerUrl: string | undefined): IpcAccess {
  const allowed = allowedApiMethods(sender, devServerUrl);
  if (allowed === null) return { ok: false, error: 'sender is not a Ringside window' };
  if (typeof method !== 'string' || !allowed.includes(method as ApiMethod)) return { ok: false, error: `method not allowed: ${String(method).slice(0, 100)}` };
  return { ok: true, method: method as ApiMethod };
}
