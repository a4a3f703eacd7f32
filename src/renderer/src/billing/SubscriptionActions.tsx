import { useState, type FormEvent } from 'react';
import type { BillingCatalog, SubscriptionRow } from '../../../shared/api/billing';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { CustomerPicker } from '../customers/CustomerPicker';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { todayIso } from './billing-format';

interface SubscriptionActionsProps {
  client: RingsideClient;
  catalog: BillingCatalog | null;
  subscriptions: SubscriptionRow[];
}

/** Start, change and cancel subscriptions (admin devices only; the relay refuses others). */
export function SubscriptionActions({ client, catalog, subscriptions }: SubscriptionActionsProps) {
  const plans = catalog?.plans ?? [];
  const current = subscriptions.filter((row) => row.state === 'active' || row.state === 'not_started');
  return (
    <div className="form-grid">
      <StartSubscription client={client} plans={plans} />
      <ChangePlan client={client} plans={plans} subscriptions={current} />
      <CancelSubscription client={client} subscriptions={current} />
    </div>
  );
}

type PlanList = BillingCatalog['plans'];

function PlanSelect({ plans, value, onChange, label }: { plans: PlanList; value: string; onChange(planId: string): void; label: string }) {
  return (
    <Field label={label} error={plans.length === 0 ? 'has no plans to choose from: define one under Plans & rates' : undefined}>
      {(control) => (
        <select {...control} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a plan…</option>
          {plans.map((plan) => (
            <option key={plan.planId} value={plan.planId}>
              {plan.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function SubscriptionSelect({ subscriptions, value, onChange }: { subscriptions: SubscriptionRow[]; value: string; onChange(id: string): void }) {
  return (
    <Field label="Subscription">
      {(control) => (
        <select {...control} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a subscription…</option>
          {subscriptions.map((row) => (
            <option key={row.subscriptionId} value={row.subscriptionId}>
              {row.customerName} — {row.planName}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function DateField({ label, value, onChange, hint }: { label: string; value: string; onChange(day: string): void; hint?: string }) {
  return (
    <Field label={label} {...(hint ? { hint } : {})}>
      {(control) => <input {...control} type="date" className="input" value={value} required onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

function StartSubscription({ client, plans }: { client: RingsideClient; plans: PlanList }) {
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [planId, setPlanId] = useState('');
  const [startDate, setStartDate] = useState(todayIso());
  const [renewal, setRenewal] = useState<'auto' | 'end'>('auto');
  const submit = useSubmit();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (!customer) return submit.fail('Choose a customer.');
    if (!planId) return submit.fail('Choose a plan.');
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.startSubscription', { customerId: customer.id, planId, startDate, renewal });
      return `Subscription started for ${customer.name} (event #${seq}).`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="start-sub-heading" data-testid="start-subscription-form">
      <h2 id="start-sub-heading">Start a subscription</h2>
      <CustomerPicker client={client} value={customer} onChange={setCustomer} />
      <PlanSelect plans={plans} value={planId} onChange={setPlanId} label="Plan" />
      <DateField label="Start date" value={startDate} onChange={setStartDate} hint="Periods start on this day each month (or year)." />
      <Field label="Renewal">
        {(control) => (
          <select {...control} className="input" value={renewal} onChange={(event) => setRenewal(event.target.value as 'auto' | 'end')}>
            <option value="auto">Renew automatically</option>
            <option value="end">End after the first period</option>
          </select>
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Start subscription
        </button>
      </div>
      <SubmitStatus state={submit} testId="start-subscription" />
    </form>
  );
}

function ChangePlan({ client, plans, subscriptions }: { client: RingsideClient; plans: PlanList; subscriptions: SubscriptionRow[] }) {
  const [subscriptionId, setSubscriptionId] = useState('');
  const [planId, setPlanId] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(todayIso());
  const submit = useSubmit();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (!subscriptionId) return submit.fail('Choose a subscription.');
    if (!planId) return submit.fail('Choose the new plan.');
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.changeSubscription', { subscriptionId, planId, effectiveDate });
      return `Plan change recorded (event #${seq}).`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="change-sub-heading">
      <h2 id="change-sub-heading">Change plan</h2>
      <p className="rule-note" data-testid="plan-change-rule">
        <strong>A new period starts on the effective date</strong>, with the new plan&rsquo;s full included hours and a new subscription
        invoice. Unused time of the period cut short rolls over under the old plan&rsquo;s rollover rule.
      </p>
      <SubscriptionSelect subscriptions={subscriptions} value={subscriptionId} onChange={setSubscriptionId} />
      <PlanSelect plans={plans} value={planId} onChange={setPlanId} label="New plan" />
      <DateField label="Effective date" value={effectiveDate} onChange={setEffectiveDate} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Change plan
        </button>
      </div>
      <SubmitStatus state={submit} testId="change-subscription" />
    </form>
  );
}

function CancelSubscription({ client, subscriptions }: { client: RingsideClient; subscriptions: SubscriptionRow[] }) {
  const [subscriptionId, setSubscriptionId] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(todayIso());
  const submit = useSubmit();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (!subscriptionId) return submit.fail('Choose a subscription.');
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.cancelSubscription', { subscriptionId, effectiveDate });
      return `Cancellation recorded (event #${seq}).`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="cancel-sub-heading">
      <h2 id="cancel-sub-heading">Cancel a subscription</h2>
      <p className="rule-note">Included time stays usable until the effective date; from then the customer pays per call.</p>
      <SubscriptionSelect subscriptions={subscriptions} value={subscriptionId} onChange={setSubscriptionId} />
      <DateField label="Effective date" value={effectiveDate} onChange={setEffectiveDate} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={submit.busy}>
          Cancel subscription
        </button>
      </div>
      <SubmitStatus state={submit} testId="cancel-subscription" />
    </form>
  );
}
