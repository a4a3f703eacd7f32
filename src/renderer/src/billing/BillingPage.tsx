import { useId, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import { TabList } from '../navigation/TabList';
import { AdjustmentsTab } from './AdjustmentsTab';
import { CatalogTab } from './CatalogTab';
import { ChargesTab } from './ChargesTab';
import { InvoicesTab } from './InvoicesTab';
import { SubscriptionsTab } from './SubscriptionsTab';
import { WalletsTab } from './WalletsTab';

const tabs = [
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'charges', label: 'Charges' },
  { id: 'wallets', label: 'Wallets' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'catalog', label: 'Plans & rates' },
  { id: 'adjustments', label: 'Adjustments & top-ups' },
] as const;
type TabId = (typeof tabs)[number]['id'];

export interface BillingPageProps {
  client: RingsideClient;
  onOpenCustomer(customerId: string, name: string): void;
}

/** Everything billing: who has what left, what each call cost, wallets, invoices and the owner's settings. */
export function BillingPage({ client, onOpenCustomer }: BillingPageProps) {
  const id = useId();
  const [tab, setTab] = useState<TabId>('subscriptions');
  // The catalog (plans, rate card, policy) is needed by most tabs' forms.
  const catalog = useApiQuery(client, 'billing.catalog', {});
  const props = { client, catalog, onOpenCustomer };
  return (
    <>
      <h1>Billing</h1>
      <TabList<TabId> label="Billing" tabs={tabs} current={tab} onChange={setTab} idPrefix={id} />
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="tab-panel" tabIndex={0}>
        {tab === 'subscriptions' ? <SubscriptionsTab {...props} /> : null}
        {tab === 'charges' ? <ChargesTab {...props} /> : null}
        {tab === 'wallets' ? <WalletsTab {...props} /> : null}
        {tab === 'invoices' ? <InvoicesTab {...props} /> : null}
        {tab === 'catalog' ? <CatalogTab {...props} /> : null}
        {tab === 'adjustments' ? <AdjustmentsTab {...props} /> : null}
      </div>
    </>
  );
}
