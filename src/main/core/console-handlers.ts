import type { ApiHandlers, DeviceTokenStatus, SettingsView } from '../../shared/api/contract';
import type { Clock } from '../../shared/clock';
import { createBillingHandlers } from '../billing/api-handlers';
import { createTeamWorkHandlers } from '../callbacks/team-work-handlers';
import { createCommunicationsHandlers } from '../communications/api-handlers';
import { createDashboardHandlers } from '../dashboard/api-handlers';
import { importCustomers } from '../customers/import-customers';
import { customersPage, searchCustomers } from '../customers/search-customers';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MediaCache } from '../media/media-cache';
import { createHistoryImportHandlers } from '../operations/history-import-handlers';
import { createMightyCallHandlers } from '../operations/mightycall-handlers';
import { createReconciliationHandlers } from '../operations/reconciliation-handlers';
import { createPaymentsHandlers } from '../payments/api-handlers';
import { createPortalHandlers } from '../portal/api-handlers';
import { createNoticesHandlers } from '../notices/api-handlers';
import { createJobsHandlers } from '../jobs/api-handlers';
import { createPrivacyHandlers } from '../privacy/api-handlers';
import type { ConsoleQuickBooks } from '../quickbooks/console-quickbooks';
import type { ConsoleSettings } from '../settings';
import { callHistory } from './call-queries';
import type { LinkStatusBoard } from './link-status';
import type { LiveCards } from './live-cards';
import type { Logger } from './logger';
import type { PushChannel } from './push-channel';
import { createTeamHandlers } from '../team/team-handlers';
import type { TeamPresenceBoard } from '../team/team-presence';

/**
 * Where the core keeps its settings. A store in the same process answers a write at
 * once; the core's worker asks the shell's store, which answers later.
 */
export interface CoreSettings {
  read(): ConsoleSettings;
  /** Validates the merged settings, stores them and returns them; a bad value throws naming it. */
  write(patch: Partial<ConsoleSettings>): ConsoleSettings | Promise<ConsoleSettings>;
  /** How the token is kept, and why it is gone when it is, for the Settings page. */
  tokenStatus(): DeviceTokenStatus;
}

export interface ConsoleHandlersOptions {
  database: () => ConsoleDatabase;
  settings: CoreSettings;
  clock: Clock;
  logger: Logger;
  pushes: PushChannel;
  board: LinkStatusBoard;
  cards: LiveCards;
  quickBooksHandlers: ConsoleQuickBooks['handlers'];
  /** Who is online and on which call, as the stream last said. */
  presence: TeamPresenceBoard;
  /** The console's bounded copy of media it has shown (src/main/media). */
  mediaCache: MediaCache;
  /** Where customer exports are written (issue 15 §4). */
  exportDirectory: () => string;
  /** New settings are stored: reconnect to the relay they name. */
  settingsChanged: (settings: ConsoleSettings) => Promise<void>;
}

/** The relay and token a console-originated write goes to, or a plain error saying what to set. */
function relayFor(settings: CoreSettings, doing: string): { url: string; token: string } {
  const current = settings.read();
  if (!current.deviceToken) throw new Error(`set a device token in settings before ${doing}`);
  return { url: current.relayUrl, token: current.deviceToken };
}

const view = (settings: ConsoleSettings, token: DeviceTokenStatus): SettingsView => ({
  relayUrl: settings.relayUrl,
  hasDeviceToken: settings.deviceToken !== null,
  phoneRegion: settings.phoneRegion,
  ...token,
});

/** Every renderer API method, assembled from the core's parts. */
export function createConsoleHandlers(options: ConsoleHandlersOptions): ApiHandlers {
  const { database, settings, clock, logger, pushes } = options;
  return {
    ...createBillingHandlers({ database, clock, relay: () => relayFor(settings, 'changing billing') }),
    ...options.quickBooksHandlers,
    ...createDashboardHandlers({ database }),
    ...createCommunicationsHandlers({
      database,
      clock,
      relay: () => relayFor(settings, 'changing the inbox'),
      whoAmI: async () => (await options.quickBooksHandlers['devices.me']({})).name,
      mediaCache: options.mediaCache,
      changed: (kinds) => pushes.emit('data.changed', { kinds }),
    }),
    ...createTeamWorkHandlers({
      database,
      clock,
      relay: () => relayFor(settings, 'changing the team\'s work'),
      whoAmI: async () => (await options.quickBooksHandlers['devices.me']({})).name,
      region: () => settings.read().phoneRegion,
    }),
    ...options.cards.handlers,
    ...createReconciliationHandlers({ relay: () => relayFor(settings, 'checking for missed calls and texts') }),
    ...createHistoryImportHandlers({ relay: () => relayFor(settings, 'importing OpenPhone history') }),
    ...createMightyCallHandlers({ relay: () => relayFor(settings, 'reading how the relay polls MightyCall') }),
    ...createTeamHandlers({ relay: () => relayFor(settings, 'managing the team'), presence: options.presence, clock }),
    ...createPaymentsHandlers({ database, clock, relay: () => relayFor(settings, 'making payment links') }),
    ...createPortalHandlers({ database, clock, relay: () => relayFor(settings, 'making portal links') }),
    ...createNoticesHandlers({ relay: () => relayFor(settings, 'reading the notices') }),
    ...createJobsHandlers({
      database,
      clock,
      relay: () => relayFor(settings, 'changing jobs'),
      whoAmI: async () => (await options.quickBooksHandlers['devices.me']({})).name,
      mediaCache: options.mediaCache,
      changed: (kinds) => pushes.emit('data.changed', { kinds }),
    }),
    ...createPrivacyHandlers({
      database,
      clock,
      relay: () => relayFor(settings, 'managing personal data'),
      whoAmI: async () => (await options.quickBooksHandlers['devices.me']({})).name,
      mediaCache: options.mediaCache,
      exportDirectory: options.exportDirectory,
      progress: (progress) => pushes.emit('privacy.exportProgress', progress),
    }),
    'link.status': async () => options.board.status(),
    'calls.history': async (input) => callHistory(database(), input, clock()),
    'customers.search': async (input) => searchCustomers(database(), input, new Date(clock())),
    'customers.page': async (input) => customersPage(database(), input, new Date(clock())),
    'customers.importCsv': async ({ csv }) => {
      const result = await importCustomers({
        csv,
        relay: relayFor(settings, 'importing customers'),
        region: settings.read().phoneRegion,
        onProgress: (progress) => pushes.emit('import.progress', progress),
        clock,
      });
      logger.info(`customer import: ${result.accepted} rows accepted, ${result.rejected.length} rejected, ${result.appended} events appended`);
      return { accepted: result.accepted, rejected: result.rejected };
    },
    'settings.get': async () => view(settings.read(), settings.tokenStatus()),
    'settings.update': async (patch) => {
      const stored = await settings.write(patch);
      await options.settingsChanged(stored);
      return view(stored, settings.tokenStatus());
    },
  };
}
