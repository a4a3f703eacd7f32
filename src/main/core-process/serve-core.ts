import { apiPushes, type ApiResult } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import type { CoreSettings } from '../core/console-handlers';
import type { Logger } from '../core/logger';
import type { ConsoleSettings } from '../settings';
import { hostMessageSchema, readMessage, storedSettingsSchema, type Ask, type CoreConfig, type CoreMessage, type MessageEnd, type StoredSettings } from './protocol';

/**
 * The core's side of the channel: waits for `start`, runs the console core with the
 * host's settings, serves every invoke through the contract's validation, forwards
 * every push, and asks the host for what only the shell can do.
 */
export function serveConsoleCore(end: MessageEnd, exit: () => void): void {
  const post = (message: CoreMessage): void => end.post(message);
  const logger: Logger = {
    info: (...args: unknown[]) => post({ type: 'log', level: 'info', message: args.map(String).join(' ') }),
    warn: (...args: unknown[]) => post({ type: 'log', level: 'warn', message: args.map(String).join(' ') }),
    error: (...args: unknown[]) => post({ type: 'log', level: 'error', message: args.map(String).join(' ') }),
  };
  const asks = new Map<number, (result: ApiResult<unknown>) => void>();
  let nextAsk = 0;
  const ask = (question: Ask): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      asks.set(id, (result) => (result.ok ? resolve(result.value) : reject(new Error(result.error))));
      post({ type: 'ask', id, ask: question });
    });
  let core: ConsoleCore | null = null;
  let starting: Promise<void> | null = null;

  const start = async (config: CoreConfig): Promise<void> => {
    const { backoff, quickBooksSync } = config;
    core = createConsoleCore({
      dbPath: config.dbPath,
      settings: new HostSettings(config.stored, ask),
      logger,
      ...(config.openExternal ? { openExternal: async (url: string) => void (await ask({ kind: 'openExternal', url })) } : {}),
      ...(backoff ? { backoff } : {}),
      ...(quickBooksSync !== undefined ? { quickBooksSync } : {}),
    });
    for (const push of apiPushes) core.onPush(push, (payload) => post({ type: 'push', push, payload }));
    await core.start();
  };

  end.listen((raw) => {
    const read = readMessage(hostMessageSchema, raw);
    if (!read.ok) {
      logger.warn(`console core: ignoring a message outside the protocol (${read.error})`);
      return;
    }
    const message = read.message;
    switch (message.type) {
      case 'start':
        if (starting) return;
        starting = start(message.config).then(
          () => post({ type: 'started' }),
          (error: unknown) => post({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
        );
        return;
      case 'invoke': {
        const served: Promise<ApiResult<unknown>> = core ? dispatchApiCall(core.handlers, message.method, message.input) : Promise.resolve({ ok: false, error: 'the console core is not started' });
        void served.then((result) => post({ type: 'result', id: message.id, result }));
        return;
      }
      case 'answer':
        asks.get(message.id)?.(message.result);
        asks.delete(message.id);
        return;
      case 'stop':
        void (async () => {
          await starting?.catch(() => undefined);
          await core?.stop();
          post({ type: 'stopped' });
          exit();
        })();
        return;
    }
  });
}

/** The shell's settings store seen from the core: read from a mirror, written by asking the shell. */
class HostSettings implements CoreSettings {
  constructor(
    private stored: StoredSettings,
    private readonly ask: (question: Ask) => Promise<unknown>,
  ) {}

  read(): ConsoleSettings {
    return { ...this.stored.settings };
  }

  async write(patch: Partial<ConsoleSettings>): Promise<ConsoleSettings> {
    const read = readMessage(storedSettingsSchema, await this.ask({ kind: 'settings.write', patch }));
    if (!read.ok) throw new Error(`the settings store answered outside the protocol (${read.error})`);
    this.stored = read.message;
    return this.read();
  }

  tokenStatus(): StoredSettings['tokenStatus'] {
    return { ...this.stored.tokenStatus };
  }
}
