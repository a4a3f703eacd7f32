import { createHash } from 'node:crypto';
import { QuickBooksFault } from './fault-classification';
import type { ServiceItemNames, ServiceItemRole } from './invoice-payload';
import { queryLiteral, type QuickBooksApi } from './quickbooks-api';

/**
 * The service items invoice lines bill (spec §5.3): found by the names in the settings,
 * created as Service items on the company's income account when missing.
 */

interface QboItem {
  Id: string;
  Name: string;
  Type?: string;
  Active?: boolean;
}

interface QboAccount {
  Id: string;
  Name: string;
}

export class ServiceItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceItemError';
  }
}

export async function resolveServiceItems(api: QuickBooksApi, names: ServiceItemNames): Promise<Record<ServiceItemRole, string>> {
  const ids = {} as Record<ServiceItemRole, string>;
  for (const role of Object.keys(names) as ServiceItemRole[]) ids[role] = await ensureItem(api, names[role]);
  return ids;
}

async function ensureItem(api: QuickBooksApi, name: string): Promise<string> {
  const found = await api.query<QboItem>(`SELECT * FROM Item WHERE Name = ${queryLiteral(name)} AND Active IN (true, false)`);
  const item = found.rows[0];
  if (item) {
    if (item.Active === false) throw new ServiceItemError(`the QuickBooks item "${name}" is inactive: make it active in QuickBooks or choose another item in the sync settings`);
    if (item.Type === 'Category') throw new ServiceItemError(`the QuickBooks item "${name}" is a category and cannot be billed: choose a service item in the sync settings`);
    return item.Id;
  }
  const accounts = await api.query<QboAccount>(`SELECT * FROM Account WHERE AccountType = 'Income'`);
  const income = accounts.rows.find((a) => a.Name === 'Services') ?? accounts.rows[0];
  if (!income) throw new ServiceItemError(`QuickBooks has no income account to create the item "${name}" on`);
  try {
    const created = await api.request<{ Item: QboItem }>({
      method: 'POST',
      path: '/item',
      requestId: `rs-item-${createHash('sha256').update(name).digest('hex').slice(0, 40)}`,
      body: { Name: name, Type: 'Service', IncomeAccountRef: { value: income.Id } },
    });
    return created.json.Item.Id;
  } catch (error) {
    if (error instanceof QuickBooksFault && error.info.kind === 'validation') throw new ServiceItemError(`QuickBooks refused to create the item "${name}": ${error.message}`);
    throw error;
  }
}
