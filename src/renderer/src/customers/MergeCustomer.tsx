import { useState } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { CustomerPicker } from './CustomerPicker';

/**
 * Merge a duplicate: this customer's numbers, emails, calls and billing move to the one
 * picked, and this one is gone. The core refuses (in words) what would lose billing.
 */
export function MergeCustomer({ client, from, onMerged }: { client: RingsideClient; from: { id: string; name: string }; onMerged(into: CustomerSummary): void }) {
  const [open, setOpen] = useState(false);
  const [into, setInto] = useState<CustomerSummary | null>(null);
  const submit = useSubmit();
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="merge-customer">
        Merge into another customer…
      </button>
    );
  }
  const chosen = into !== null && into.id !== from.id ? into : null;
  return (
    <section className="panel merge-customer" aria-label="Merge customers" data-testid="merge-customer-form">
      <h2>Merge {from.name} into…</h2>
      <p className="hint">{from.name}&apos;s numbers, emails, calls, subscription, wallet and invoices move to the customer you pick; {from.name} is then removed.</p>
      <CustomerPicker client={client} label="Keep this customer" value={into} onChange={setInto} {...(into !== null && into.id === from.id ? { error: 'is the same customer: pick the duplicate to keep.' } : {})} />
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={chosen === null || submit.busy}
          onClick={() =>
            chosen &&
            window.confirm(`Merge ${from.name} into ${chosen.name}? This cannot be undone.`) &&
            void submit.run(async () => {
              await client.invoke('customers.merge', { fromCustomerId: from.id, intoCustomerId: chosen.id });
              onMerged(chosen);
              return `${from.name} is merged into ${chosen.name}.`;
            })
          }
        >
          Merge
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <SubmitStatus state={submit} testId="merge-customer" />
    </section>
  );
}
