import type { BillingCatalog } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import type { ApiQuery } from '../api/use-api-query';

/** What every billing tab gets from the page. */
export interface BillingTabProps {
  client: RingsideClient;
  catalog: ApiQuery<BillingCatalog>;
  onOpenCustomer(customerId: string, name: string): void;
}
