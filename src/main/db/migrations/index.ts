import type { Migration } from 'kysely';
import * as createProjectionState from './0010-create-projection-state';
import * as createCustomers from './0020-create-customers';
import * as createPlans from './0030-create-plans';
import * as createSubscriptions from './0040-create-subscriptions';
import * as createCalls from './0050-create-calls';

/**
 * Every migration, by name, listed explicitly: the main process is bundled, so a
 * folder scan would find nothing. Append only; names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '0010-create-projection-state': createProjectionState,
  '0020-create-customers': createCustomers,
  '0030-create-plans': createPlans,
  '0040-create-subscriptions': createSubscriptions,
  '0050-create-calls': createCalls,
};
