import type { SubmitState } from './use-submit';

/** The outcome of a form's last write, next to its button. */
export function SubmitStatus({ state, testId }: { state: SubmitState; testId: string }) {
  if (state.error) {
    return (
      <p className="error form-status" role="alert" data-testid={`${testId}-error`}>
        {state.error}
      </p>
    );
  }
  if (state.done) {
    return (
      <p className="success form-status" role="status" data-testid={`${testId}-done`}>
        {state.done}
      </p>
    );
  }
  return null;
}
