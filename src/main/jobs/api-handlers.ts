import type { ApiHandlers } from '../../shared/api/contract';
import type { JobsApiOutputs } from '../../shared/api/jobs';
import type { Clock } from '../../shared/clock';
import type { DataKind } from '../../shared/api/data-changes';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MediaCache } from '../media/media-cache';

export interface JobsHandlersDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  relay: () => { url: string; token: string };
  whoAmI: () => Promise<string>;
  mediaCache: MediaCache;
  changed: (kinds: DataKind[]) => void;
}

type JobsHandlers = Pick<ApiHandlers, keyof JobsApiOutputs>;

// Issue 15 contract: filled in by the jobs capability.
export function createJobsHandlers(deps: JobsHandlersDeps): JobsHandlers {
  void deps;
  const notYet = async (): Promise<never> => {
    throw new Error('jobs are not available in this version yet');
  };
  return {
    'jobs.board': notYet,
    'jobs.get': notYet,
    'jobs.create': notYet,
    'jobs.move': notYet,
    'jobs.edit': notYet,
    'jobs.reviewField': notYet,
    'jobs.addNote': notYet,
    'jobs.addPhoto': notYet,
    'jobs.photo': notYet,
    'jobs.calendar': notYet,
    'jobs.icsFile': notYet,
    'jobs.stageNames': notYet,
    'jobs.nameStages': notYet,
    'jobs.calendarFeed': notYet,
    'jobs.changeCalendarFeed': notYet,
    'jobs.accuracy': notYet,
  };
}
