import type { Clock } from '../../../src/shared/clock';
import { PORTAL_PATH_PREFIX } from '../../../src/shared/relay-rest/portal';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Handler } from '../http/request-context';
import type { Logger } from '../logger';
import type { NoticeRequests } from '../notices/notice-requests';
import { portalLinkRoutes } from './portal-link-routes';
import { PortalLinkStore } from './portal-link-store';
import { PortalReads } from './portal-reads';
import { TopUpNonces } from './top-up-nonce';
import { NoticeSetupStore } from '../notices/notice-setup-store';
import { DEFAULT_DUE_AFTER_ISSUE_DAYS } from '../notices/decide-notices';
import { portalRoute, type PortalRouteDeps } from './portal-route';
import type { PortalSettings } from './portal-settings';

/** The client portal on the relay (issue 14 §1): the links' REST for consoles, and the pages under /portal/ for customers. */
export function portalRoutes(deps: {
  db: RelayDatabase;
  accounts: CustomerAccountsReader;
  devices: DeviceRegistry;
  settings: PortalSettings;
  publicUrl: string | null;
  timeZone: string;
  clock: Clock;
  logger: Logger;
  media: PortalRouteDeps['media'];
  topUps: PortalRouteDeps['topUps'];
  flutterwaveApiBase: string | null;
  invoicePdf: PortalRouteDeps['invoicePdf'];
  notices: NoticeRequests | null;
  maxBodyBytes: number;
  maxJsonDepth: number;
}): Record<string, Partial<Record<string, Handler>>> {
  const links = new PortalLinkStore(deps.db);
  const noticeSetup = new NoticeSetupStore(deps.db);
  const pages = portalRoute({ links, dueAfterIssueDays: () => noticeSetup.read().settings.paymentReminder.dueAfterIssueDays ?? DEFAULT_DUE_AFTER_ISSUE_DAYS, nonces: new TopUpNonces(deps.db), accounts: deps.accounts, reads: new PortalReads(deps.db), media: deps.media, settings: deps.settings, timeZone: deps.timeZone, clock: deps.clock, logger: deps.logger, topUps: deps.topUps, flutterwaveApiBase: deps.flutterwaveApiBase, invoicePdf: deps.invoicePdf });
  return {
    ...portalLinkRoutes({ links, accounts: deps.accounts, devices: deps.devices, publicUrl: deps.publicUrl, businessName: deps.settings.businessName, notices: deps.notices, clock: deps.clock, maxBodyBytes: deps.maxBodyBytes, maxJsonDepth: deps.maxJsonDepth }),
    // Under PORTAL_PATH_PREFIX: every /portal/<token>/… path (server.ts routes the prefix here).
    [PORTAL_PATH_PREFIX]: { GET: pages, POST: pages },
  };
}
