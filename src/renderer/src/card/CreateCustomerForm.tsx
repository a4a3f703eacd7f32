import { useId, useState, type FormEvent } from 'react';
import type { E164 } from '../../../shared/phone';
import { formatPhone } from '../../../shared/phone';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';

export interface NewCustomer {
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
}

/**
 * An unknown caller becomes a QuickBooks customer from the card: name, optional company
 * and email, the number filled in. QuickBooks' answer comes back through the log, so
 * the next call from this number shows the customer.
 */
export function CreateCustomerForm({ number, onCreate }: { number: E164; onCreate(customer: NewCustomer): Promise<void> }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState<string>(number);
  const submit = useSubmit();

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Create customer in QuickBooks
      </button>
    );
  }
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim() === '') return submit.fail('A name is needed.');
    void submit.run(async () => {
      await onCreate({ name: name.trim(), phone: phone.trim(), email: email.trim() || null, company: company.trim() || null });
      return `${name.trim()} is now a QuickBooks customer; the next call from ${formatPhone(number)} shows them.`;
    });
  };
  return (
    <form className="form caller-card__create" onSubmit={save} data-testid="create-customer-form" noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-company`}>Company (optional)</label>
        <input id={`${id}-company`} className="input" value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email (optional)</label>
        <input id={`${id}-email`} className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phone`}>Phone</label>
        <input id={`${id}-phone`} className="input" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy || submit.done !== null}>
          Create customer
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <SubmitStatus state={submit} testId="create-customer" />
    </form>
  );
}
