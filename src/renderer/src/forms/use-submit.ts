import { useCallback, useState } from 'react';

export interface SubmitState {
  busy: boolean;
  /** The relay's or the console's answer when the write failed, e.g. a 403 for a non-admin device. */
  error: string | null;
  done: string | null;
}

/** One write at a time for a form, with what happened shown beside it. */
export function useSubmit(): SubmitState & { run(action: () => Promise<string>): Promise<void>; fail(error: string): void } {
  const [state, setState] = useState<SubmitState>({ busy: false, error: null, done: null });
  const run = useCallback(async (action: () => Promise<string>) => {
    setState({ busy: true, error: null, done: null });
    try {
      const done = await action();
      setState({ busy: false, error: null, done });
    } catch (failure) {
      setState({ busy: false, error: (failure as Error).message, done: null });
    }
  }, []);
  const fail = useCallback((error: string) => setState({ busy: false, error, done: null }), []);
  return { ...state, run, fail };
}
