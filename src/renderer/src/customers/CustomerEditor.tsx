import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { checkCustomerForm } from '../../../shared/customer-form';
import { isCountryCode } from '../../../shared/phone';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import './customer-editor.css';

interface CustomerEditorProps {
  client: RingsideClient;
  /** Edits this customer; without it, adds a new one. */
  customerId?: string;
  onSaved(customerId: string): void;
  onCancel(): void;
}

/** Lines of a list field: a blank one always at the end to type the next into. */
function withBlank(values: string[]): string[] {
  return values.length === 0 || values[values.length - 1] !== '' ? [...values, ''] : values;
}

/**
 * Add or edit a customer: name, company, every phone number and email, address and notes. Numbers are read
 * in the console's phone region as the core will read them, and what is wrong is said
 * before anything is sent; the saved customer reaches every console through the log.
 */
export function CustomerEditor({ client, customerId, onSaved, onCancel }: CustomerEditorProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [phones, setPhones] = useState<string[]>(['']);
  const [emails, setEmails] = useState<string[]>(['']);
  const [address, setAddress] = useState('');
  const [notes, setNotes] = useState('');
  const [region, setRegion] = useState('US');
  const [problems, setProblems] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(customerId === undefined);
  const submit = useSubmit();

  useEffect(() => {
    let current = true;
    client.invoke('settings.get', {}).then((settings) => current && setRegion(settings.phoneRegion), () => undefined);
    if (customerId !== undefined) {
      client.invoke('customers.detail', { customerId }).then(
        (detail) => {
          if (!current || !detail) return;
          setName(detail.name);
          setCompany(detail.company ?? '');
          setPhones(withBlank(detail.phones));
          setEmails(withBlank(detail.emails));
          setAddress(detail.address ?? '');
          setNotes(detail.notes);
          setLoaded(true);
        },
        (failure: Error) => current && submit.fail(`Could not read the customer: ${failure.message}`),
      );
    }
    return () => {
      current = false;
    };
  }, [client, customerId]);

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { name, company, phones, emails, address, notes };
    const checked = checkCustomerForm(input, isCountryCode(region) ? region : 'US');
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    void submit.run(async () => {
      const saved = await client.invoke('customers.save', customerId === undefined ? input : { ...input, customerId });
      onSaved(saved.customerId);
      return `${checked.customer.name} is saved; every console shows the change in a moment.`;
    });
  };

  if (!loaded) return <p className="muted">Loading the customer…</p>;
  return (
    <form className="form panel customer-editor" onSubmit={save} noValidate data-testid="customer-editor" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{customerId === undefined ? 'Add a customer' : 'Edit customer'}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="customer-name-input" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-company`}>Company (optional)</label>
        <input id={`${id}-company`} className="input" value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="off" />
      </div>
      <ListField label="Phone" values={phones} onChange={setPhones} type="tel" testId="customer-phone" hint="Any format; numbers without a country code are read as numbers of the console's region." />
      <ListField label="Email" values={emails} onChange={setEmails} type="email" testId="customer-email" hint="The first one is the main address." />
      <div className="field">
        <label htmlFor={`${id}-address`}>Address (optional)</label>
        <textarea id={`${id}-address`} className="input" rows={3} value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" data-testid="customer-address-input" placeholder={'12 Oak Street\nSpringfield, MA 01101'} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes (optional)</label>
        <textarea id={`${id}-notes`} className="input" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="customer-notes-input" aria-describedby={`${id}-notes-hint`} />
        <p className="hint" id={`${id}-notes-hint`}>
          What the team should know; shown on the customer page and, briefly, on the caller card.
        </p>
      </div>
      {problems.length > 0 ? (
        <ul className="error form-problems" role="alert" data-testid="customer-form-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          {customerId === undefined ? 'Add customer' : 'Save changes'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <SubmitStatus state={submit} testId="customer-save" />
    </form>
  );
}

function ListField({ label, values, onChange, type, testId, hint }: { label: string; values: string[]; onChange(values: string[]): void; type: string; testId: string; hint: string }) {
  const id = useId();
  const list = withBlank(values);
  return (
    <fieldset className="field list-field">
      <legend>{label}s</legend>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {list.map((value, index) => (
        <div className="list-field__row" key={index}>
          <input
            className="input"
            type={type}
            aria-label={`${label} ${index + 1}`}
            aria-describedby={`${id}-hint`}
            value={value}
            data-testid={`${testId}-${index}`}
            autoComplete="off"
            onChange={(e) => onChange(withBlank(list.map((v, i) => (i === index ? e.target.value : v))))}
          />
          {value !== '' ? (
            <button type="button" className="button button--quiet" aria-label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => onChange(withBlank(list.filter((_, i) => i !== index)))}>
              Remove
            </button>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}
