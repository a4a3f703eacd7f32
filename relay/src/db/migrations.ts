import type { RelayMigration } from './relay-migration';
import { migration as createEventsAndDevices } from './migrations/0001-create-events-and-devices';
import { migration as createQuickBooksConnection } from './migrations/0002-create-quickbooks-connection';
import { migration as indexEventsByLine } from './migrations/0003-index-events-by-line';
import { migration as createCallLines } from './migrations/0004-create-call-lines';
import { migration as createMedia } from './migrations/0005-create-media';
import { migration as createOutboundMessages } from './migrations/0006-create-outbound-messages';
import { migration as createProviderDirectory } from './migrations/0007-create-provider-directory';
import { migration as recordMediaRefusals } from './migrations/0008-record-media-refusals';
import { migration as callLinesFromTheLog } from './migrations/0009-call-lines-from-the-log';
import { migration as createFacts } from './migrations/0010-create-facts';
import { migration as quickBooksSyncLeaseAndTokenCare } from './migrations/0011-quickbooks-sync-lease-and-token-care';
import { migration as createOpenPhoneImport } from './migrations/0012-create-openphone-import';
import { migration as createReconciliationRuns } from './migrations/0013-create-reconciliation-runs';
import { migration as createAlerts } from './migrations/0014-create-alerts';
import { migration as createContactPush } from './migrations/0015-create-contact-push';
import { migration as createRelayHeartbeat } from './migrations/0016-create-relay-heartbeat';
import { migration as createAccounts } from './migrations/0017-create-accounts';
import { migration as createMightyCallPoll } from './migrations/0018-create-mightycall-poll';
import { migration as createFlutterwavePayments } from './migrations/0019-create-flutterwave-payments';
import { migration as accountsInvoiceLinesAndContacts } from './migrations/0020-accounts-invoice-lines-and-contacts';
import { migration as createPortalLinks } from './migrations/0021-create-portal-links';
import { migration as createNotices } from './migrations/0022-create-notices';
import { migration as createTranscriptions } from './migrations/0023-create-transcriptions';
import { migration as createJobs } from './migrations/0024-create-jobs';
import { migration as createPrivacy } from './migrations/0025-create-privacy';
import { migration as reconciliationDifferences } from './migrations/0026-reconciliation-differences';
import { migration as jobEventLinesAndPhotoLinks } from './migrations/0027-job-event-lines-and-photo-links';
import { migration as createLogEpochs } from './migrations/0028-create-log-epochs';

/**
 * Every relay migration, in order; PRAGMA user_version counts how many have run (the
 * first two predate these files and keep their numbers). Append only.
 */
export const RELAY_MIGRATIONS: readonly RelayMigration[] = [createEventsAndDevices, createQuickBooksConnection, indexEventsByLine, createCallLines, createMedia, createOutboundMessages, createProviderDirectory, recordMediaRefusals, callLinesFromTheLog, createFacts, quickBooksSyncLeaseAndTokenCare, createOpenPhoneImport, createReconciliationRuns, createAlerts, createContactPush, createRelayHeartbeat, createAccounts, createMightyCallPoll, createFlutterwavePayments, accountsInvoiceLinesAndContacts, createPortalLinks, createNotices, createTranscriptions, createJobs, createPrivacy, reconciliationDifferences, jobEventLinesAndPhotoLinks, createLogEpochs];
