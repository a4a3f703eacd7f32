import type { Migration } from 'kysely';
import * as createProjectionState from './0010-create-projection-state';
import * as createCustomers from './0020-create-customers';
import * as createPlans from './0030-create-plans';
import * as createSubscriptions from './0040-create-subscriptions';
import * as createCalls from './0050-create-calls';
import * as createBillingState from './0060-create-billing-state';
import * as createCharges from './0070-create-charges';
import * as createWalletLedger from './0080-create-wallet-ledger';
import * as createInvoices from './0090-create-invoices';
import * as createQuickBooksSync from './0200-create-quickbooks-sync';
import * as createInvoiceDueDates from './0210-create-invoice-due-dates';
import * as createLocalLog from './0300-create-local-log';
import * as createCustomerSearch from './0400-create-customer-search';
import * as indexUnreadableLocalLog from './0500-index-unreadable-local-log';
import * as createCallArtifacts from './0600-create-call-artifacts';
import * as createMedia from './0610-create-media';
import * as createMessages from './0620-create-messages';
import * as createConversations from './0630-create-conversations';
import * as createInbox from './0640-create-inbox';
import * as createCampaigns from './0650-create-campaigns';
import * as createContacts from './0660-create-contacts';
import * as createRelayAlerts from './0670-create-relay-alerts';
import * as createProviderDirectory from './0680-create-provider-directory';
import * as createMessagingPolicy from './0690-create-messaging-policy';
import * as createMessagesSentHere from './0691-create-messages-sent-here';
import * as createTeamWork from './0710-create-team-work';
import * as createQuickbooksTax from './0720-create-quickbooks-tax';
import * as createAlertHistory from './0770-create-alert-history';
import * as customerAddressAndNotes from './0780-customer-address-and-notes';
import * as createCustomerSuggestionDismissals from './0781-create-customer-suggestion-dismissals';
import * as createCallAssistantDecisions from './0790-create-call-assistant-decisions';
import * as paymentWordsAndFailedPayments from './0795-payment-words-and-failed-payments';
import * as createPaymentLinks from './0796-create-payment-links';
import * as createJobs from './0800-create-jobs';
import * as transcriptQualityAndFailures from './0801-transcript-quality-and-failures';
import * as createPrivacy from './0810-create-privacy';
import * as rememberRelayLogEpoch from './0820-remember-relay-log-epoch';

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
  '0060-create-billing-state': createBillingState,
  '0070-create-charges': createCharges,
  '0080-create-wallet-ledger': createWalletLedger,
  '0090-create-invoices': createInvoices,
  '0200-create-quickbooks-sync': createQuickBooksSync,
  '0210-create-invoice-due-dates': createInvoiceDueDates,
  '0300-create-local-log': createLocalLog,
  '0400-create-customer-search': createCustomerSearch,
  '0500-index-unreadable-local-log': indexUnreadableLocalLog,
  '0600-create-call-artifacts': createCallArtifacts,
  '0610-create-media': createMedia,
  '0620-create-messages': createMessages,
  '0630-create-conversations': createConversations,
  '0640-create-inbox': createInbox,
  '0650-create-campaigns': createCampaigns,
  '0660-create-contacts': createContacts,
  '0670-create-relay-alerts': createRelayAlerts,
  '0680-create-provider-directory': createProviderDirectory,
  '0690-create-messaging-policy': createMessagingPolicy,
  '0691-create-messages-sent-here': createMessagesSentHere,
  '0710-create-team-work': createTeamWork,
  '0720-create-quickbooks-tax': createQuickbooksTax,
  '0770-create-alert-history': createAlertHistory,
  '0780-customer-address-and-notes': customerAddressAndNotes,
  '0781-create-customer-suggestion-dismissals': createCustomerSuggestionDismissals,
  '0790-create-call-assistant-decisions': createCallAssistantDecisions,
  '0795-payment-words-and-failed-payments': paymentWordsAndFailedPayments,
  '0796-create-payment-links': createPaymentLinks,
  '0800-create-jobs': createJobs,
  '0801-transcript-quality-and-failures': transcriptQualityAndFailures,
  '0810-create-privacy': createPrivacy,
  '0820-remember-relay-log-epoch': rememberRelayLogEpoch,
};
