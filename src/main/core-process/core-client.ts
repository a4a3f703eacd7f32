import { apiMethods, type ApiHandlers, type ApiMethod, type ApiPush, type ApiPushes, type ApiResult } from '../../shared/api/contract';
import type { ConsoleCore } from '../core/console-core';
import { silentLogger, type Logger } from '../core/logger';
import { PushChannel } from '../core/push-channel';
import type { BackoffPolicy } from '../../shared/backoff/backoff';
import type { SettingsStore } from '../settings';
import { coreConfigSchema, coreMessageSchema, readMessage, type Ask, type CoreConfig, type HostMessage, type MessageEnd, type QuickBooksTuning, type StoredSettings } from './protocol';

/** What the shell passes to a core in another worker or process: plain data, and the effects only the shell has. */
export interface CoreProcessOptions {
  dbPath: string;
  /** Stays with the shell (Electron keeps the token with safeStorage); the core asks it to write. */
  settings: SettingsStore;
  /** Opens a URL in the system browser (Electron's validated shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  /** Where the core's log lines go. */
  logger?: Logger;
  backoff?: BackoffPolicy;
  quickBooksSync?: QuickBooksTuning | false;
}

/** The host's end of the channel, plus what it knows of the worker's life. */
export interface HostEnd extends MessageEnd {
  /** Called once if the worker or process ends by itself (a crash). */
  onExit(listener: (reason: string) => void): void;
  /** Ends the worker or process. */
  end(): Promise<void>;
}

/** Longest a stopping core may take (its relay link closes, the database closes) before it is ended. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The console core as the shell sees it when the core runs elsewhere: the same
 * ConsoleCore (handlers, pushes, start, stop), each handler a message to the core
 * and its result back. The shell's event loop does nothing but relay, so a catch-up
 * or a rebuild in the core never delays a window.
 */
export function connectConsoleCore(end: HostEnd, options: CoreProcessOptions): ConsoleCore {
  const logger = options.logger ?? silentLogger;
  const pushes = new PushChannel(logger);
  const calls = new Map<number, (result: ApiResult<unknown>) => void>();
  let nextCall = 0;
  let gone: string | null = null;
  let started: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let stopped: (() => void) | null = null;
  const post = (message: HostMessage): void => end.post(message);

  const stored = (): StoredSettings => ({ settings: options.settings.read(), tokenStatus: options.settings.tokenStatus() });

  const answer = async (id: number, ask: Ask): Promise<void> => {
    try {
      if (ask.kind === 'settings.write') {
        options.settings.write(ask.patch);
        post({ type: 'answer', id, result: { ok: true, value: stored() } });
      } else {
        if (!options.openExternal) throw new Error('this console cannot open a browser');
        await options.openExternal(ask.url);
        post({ type: 'answer', id, result: { ok: true, value: null } });
      }
    } catch (error) {
      post({ type: 'answer', id, result: { ok: false, error: error instanceof Error ? error.message : String(error) } });
    }
  };

  end.listen((raw) => {
    const read = readMessage(coreMessageSchema, raw);
    if (!read.ok) {
      logger.warn(`console core sent a message outside the protocol (${read.error})`);
      return;
    }
    const message = read.message;
    switch (message.type) {
      case 'started':
        started?.resolve();
        return;
      case 'failed':
        started?.reject(new Error(message.error));
        return;
      case 'result':
        calls.get(message.id)?.(message.result);
        calls.delete(message.id);
        return;
      case 'push':
        // The payload is the core's own (a trusted type, as outputs are).
        pushes.emit(message.push, message.payload as ApiPushes[typeof message.push]);
        return;
      case 'ask':
        void answer(message.id, message.ask);
        return;
      case 'log':
        logger[message.level](message.message);
        return;
      case 'stopped':
        stopped?.();
        return;
    }
  });

  end.onExit((reason) => {
    if (gone) return; // stopped on purpose
    gone = `the console core stopped (${reason})`;
    logger.error(gone);
    for (const settle of calls.values()) settle({ ok: false, error: gone });
    calls.clear();
    started?.reject(new Error(gone));
    stopped?.();
  });

  const invoke = (method: ApiMethod, input: unknown): Promise<unknown> =>
    new Promise<ApiResult<unknown>>((resolve) => {
      if (gone) return resolve({ ok: false, error: gone });
      const id = nextCall++;
      calls.set(id, resolve);
      post({ type: 'invoke', id, method, input });
    }).then((result) => {
      if (!result.ok) throw new Error(result.error);
      return result.value;
    });

  const handlers = Object.fromEntries(apiMethods.map((method) => [method, (input: unknown) => invoke(method, input)])) as ApiHandlers;

  return {
    handlers,
    onPush: <P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void) => pushes.on(push, listener),
    start() {
      // Parsed on the way out too: only plain data crosses (a test's tuning may carry functions).
      const config: CoreConfig = coreConfigSchema.parse({
        dbPath: options.dbPath,
        stored: stored(),
        openExternal: options.openExternal !== undefined,
        ...(options.backoff ? { backoff: options.backoff } : {}),
        ...(options.quickBooksSync !== undefined ? { quickBooksSync: options.quickBooksSync } : {}),
      });
      return new Promise<void>((resolve, reject) => {
        if (gone) return reject(new Error(gone));
        started = { resolve, reject };
        post({ type: 'start', config });
      });
    },
    async stop() {
      if (!gone) {
        const done = new Promise<void>((resolve) => (stopped = resolve));
        post({ type: 'stop' });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
        clearTimeout(timer);
        gone = 'the console core was stopped';
      }
      await end.end();
    },
  };
}
