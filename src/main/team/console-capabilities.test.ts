import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from './console-capabilities';

describe('what a console may do', () => {
  it('follows the roles the relay allows for each console event', () => {
    expect(capabilitiesOf('agent')).toEqual({
      manageTeam: false,
      defineCatalog: false,
      manageSubscriptions: false,
      creditWallets: false,
      recordAdjustments: false,
      correctCalls: false,
      setInvoiceStatus: false,
      editCustomers: false,
      mergeCustomers: false,
      nameLines: false,
      connectQuickBooks: false,
      syncQuickBooks: false,
    });
    expect(capabilitiesOf('bookkeeper')).toMatchObject({ manageTeam: false, defineCatalog: false, creditWallets: true, setInvoiceStatus: true, editCustomers: true, syncQuickBooks: true, connectQuickBooks: false });
    expect(capabilitiesOf('admin')).toMatchObject({ manageTeam: true, defineCatalog: true, manageSubscriptions: true, nameLines: true, connectQuickBooks: true, syncQuickBooks: false });
  });
});
