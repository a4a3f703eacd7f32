/**
 * How often the MightyCall poller may read, from the daily budget (pure). A round reads
 * each "fast" resource (calls, voicemails, texts) once or more; the lines and contacts
 * are read every MIGHTYCALL_DIRECTORY_MINUTES. A fifth of the budget is kept back for
 * token requests, windows with several pages and rounds tried again after a failure, so
 * the interval is what spreads the other four fifths evenly over 24 hours. Never under a
 * minute (nothing is gained polling a call log faster). With the defaults (2,500 a day,
 * three fast resources, two slow ones hourly): 24 h × 3 ÷ (2,000 − 48) ≈ 133 s.
 */

const DAY_MS = 24 * 60 * 60_000;
export const MIN_INTERVAL_MS = 60_000;
export const BUDGET_RESERVE = 0.2;

export interface IntervalInputs {
  dailyBudget: number;
  /** Requests a round of the fast resources takes, on average so far (at least their number). */
  requestsPerRound: number;
  /** Requests a read of the slow resources takes, on average so far, and how often it comes. */
  requestsPerDirectoryRead: number;
  directoryMs: number;
}

export function pollIntervalMs(inputs: IntervalInputs): number {
  const directoryPerDay = inputs.requestsPerDirectoryRead * (DAY_MS / inputs.directoryMs);
  const forRounds = inputs.dailyBudget * (1 - BUDGET_RESERVE) - directoryPerDay;
  if (inputs.requestsPerRound <= 0) return MIN_INTERVAL_MS;
  // A budget the directory alone would eat: rounds still go, as rarely as once an hour per request.
  const rounds = Math.max(forRounds / inputs.requestsPerRound, 24 / Math.max(1, inputs.requestsPerRound));
  return Math.max(MIN_INTERVAL_MS, Math.ceil(DAY_MS / rounds / 1000) * 1000);
}
