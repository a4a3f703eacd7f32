/**
 * The renderer API's method and push names as plain data, in the contract's order. The
 * preload exposes exactly these, so it bundles this file and not the zod schemas;
 * contract.ts checks both lists against its schemas and push types when it compiles, so a
 * method added there without its name here (or the other way round) does not build.
 */

export const apiMethods = [
  'link.status',
  'calls.live',
  'calls.history',
  'card.pin',
  'card.dismiss',
  'customers.search',
  'customers.importCsv',
  'settings.get',
  'settings.update',
  'billing.catalog',
  'billing.subscriptions',
  'billing.wallets',
  'billing.walletLedger',
  'billing.charges',
  'billing.invoices',
  'billing.statement',
  'billing.usage',
  'billing.usageSummary',
  'billing.definePlan',
  'billing.defineRateCard',
  'billing.definePolicy',
  'billing.startSubscription',
  'billing.changeSubscription',
  'billing.cancelSubscription',
  'billing.creditWallet',
  'billing.invoiceTopUp',
  'billing.recordAdjustment',
  'billing.correctCall',
  'billing.setInvoiceStatus',
  'quickbooks.status',
  'quickbooks.connect',
  'quickbooks.disconnect',
  'quickbooks.importCustomers',
  'quickbooks.syncNow',
  'quickbooks.needsAttention',
  'quickbooks.log',
  'quickbooks.retryInvoice',
  'quickbooks.retryAll',
  'quickbooks.sendInvoice',
  'quickbooks.invoiceSync',
  'quickbooks.createCustomerFromCaller',
  'quickbooks.settings.get',
  'quickbooks.settings.update',
  'devices.me',
] as const;

export const apiPushes = [
  'card.updated',
  'card.dismissed',
  'link.statusChanged',
  'import.progress',
  'quickbooks.statusChanged',
  'quickbooks.importProgress',
  'data.changed',
] as const;
