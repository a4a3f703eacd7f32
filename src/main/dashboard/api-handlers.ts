import type { ApiHandlers } from '../../shared/api/contract';
import type { dashboardApiInputSchemas } from '../../shared/api/dashboard';
import type { ConsoleDatabase } from '../db/open-console-database';
import { dashboardSummary } from './dashboard-summary';

export type DashboardHandlers = Pick<ApiHandlers, keyof typeof dashboardApiInputSchemas>;

/** The dashboard's one read, summed by SQLite over the console's projection. */
export function createDashboardHandlers(deps: { database: () => ConsoleDatabase }): DashboardHandlers {
  return {
    'dashboard.summary': async (input) => dashboardSummary(deps.database(), input),
  };
}
