import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiMethod, ApiPush, ApiResult, RingsideClient } from '../shared/api/contract';
import { IPC_INVOKE, IPC_PUSH } from '../shared/api/ipc-channels';

/**
 * Exposes `window.ringside` with exactly the methods and pushes a window may use.
 * Nothing of ipcRenderer itself reaches the page; the main process checks the same
 * allowlist again, by sender.
 */
export function exposeRingsideClient(methods: readonly ApiMethod[], pushes: readonly ApiPush[]): void {
  const client: RingsideClient = {
    async invoke(method, input) {
      if (!methods.includes(method)) throw new Error(`method not available in this window: ${String(method)}`);
      const result = (await ipcRenderer.invoke(IPC_INVOKE, method, input)) as ApiResult<never>;
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
    on(push, listener) {
      if (!pushes.includes(push)) throw new Error(`push not available in this window: ${String(push)}`);
      const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
        if (name === push) (listener as (p: unknown) => void)(payload);
      };
      ipcRenderer.on(IPC_PUSH, handler);
      return () => {
        ipcRenderer.removeListener(IPC_PUSH, handler);
      };
    },
  };
  contextBridge.exposeInMainWorld('ringside', client);
}
