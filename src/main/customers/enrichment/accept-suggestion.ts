import type { CustomerDetail, CustomerSuggestion } from '../../../shared/api/team-work';

/** The customer record with an accepted suggestion in it, as customer.upserted will carry it. */
export interface AcceptedRecord {
  name: string;
  email: string | null;
  emails: string[];
  address: string | null;
  phones: string[];
}

/**
 * A name replaces the name; an email joins the addresses (the main one when there is none);
 * a phone joins the numbers; an address replaces the address. Everything else stays as it is.
 */
export function withSuggestion(detail: CustomerDetail, suggestion: Pick<CustomerSuggestion, 'field' | 'value'>): AcceptedRecord {
  const [main = null, ...more] = detail.emails;
  const record: AcceptedRecord = { name: detail.name, email: main, emails: more, address: detail.address, phones: detail.phones };
  switch (suggestion.field) {
    case 'name':
      return { ...record, name: suggestion.value.slice(0, 300) };
    case 'email':
      return main === null ? { ...record, email: suggestion.value } : { ...record, emails: [...more, suggestion.value].slice(0, 20) };
    case 'phone':
      return { ...record, phones: [...new Set([...detail.phones, suggestion.value])].slice(0, 20) };
    case 'address':
      return { ...record, address: suggestion.value.slice(0, 1000) };
  }
}
