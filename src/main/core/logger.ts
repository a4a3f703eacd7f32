/** What the core logs through; the shell passes console or its own logger. */
export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
