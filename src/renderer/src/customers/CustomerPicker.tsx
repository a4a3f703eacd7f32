import { useId, useState } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { useCustomerSearch } from './use-customer-search';

const PICK_LIMIT = 20;

interface CustomerPickerProps {
  client: RingsideClient;
  label?: string;
  value: CustomerSummary | null;
  onChange(customer: CustomerSummary | null): void;
  error?: string | undefined;
}

/**
 * Type to search customers (customers.search), then choose one from the list. A
 * listbox of buttons keeps it keyboard-friendly without a custom combobox.
 */
export function CustomerPicker({ client, label = 'Customer', value, onChange, error }: CustomerPickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useCustomerSearch(client, query, { limit: PICK_LIMIT, enabled: !value && query.trim() !== '' });
  const found = search.results ?? [];
  const searchError = search.error;

  if (value) {
    return (
      <div className="field">
        <span className="field__label" id={`${id}-label`}>
          {label}
        </span>
        <p className="picked" aria-labelledby={`${id}-label`} data-testid="picked-customer">
          <strong>{value.name}</strong>
          {value.company ? <span className="muted"> · {value.company}</span> : null}
          <button type="button" className="button button--quiet" onClick={() => onChange(null)}>
            Change
          </button>
        </p>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        className="input input--wide"
        value={query}
        placeholder="Name, company, email or phone"
        autoComplete="off"
        onChange={(event) => setQuery(event.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
      />
      {searchError ? <p className="error">Search failed: {searchError}</p> : null}
      {found.length > 0 ? (
        <ul className="picker-results" aria-label={`Customers matching ${query}`}>
          {found.map((customer) => (
            <li key={customer.id}>
              <button type="button" className="picker-results__choice" onClick={() => onChange(customer)}>
                <strong>{customer.name}</strong>
                <span className="muted">
                  {[customer.company, customer.phones.map(formatPhone).join(', ')].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`}>
          {label} {error}
        </p>
      ) : null}
    </div>
  );
}
