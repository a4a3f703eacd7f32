import { useState } from 'react';
import type { BillingCatalog } from '../../../shared/api/billing';
import { formatDuration } from '../../../shared/units';
import { money } from './billing-format';
import { newPlanForm, planFormOf, type PlanForm } from './catalog-forms';
import { LoadError } from './LoadError';
import { PlanEditor } from './PlanEditor';
import { PolicyEditor } from './PolicyEditor';
import { RateCardEditor } from './RateCardEditor';
import type { BillingTabProps } from './tab-props';
import { ReadOnlyView, RoleGate, useMay } from '../team/console-identity';

type Plan = BillingCatalog['plans'][number];

/** The owner's settings: plans, the pay-as-you-go rate card and the billing policy (admin devices). */
export function CatalogTab({ client, catalog }: BillingTabProps) {
  const [editing, setEditing] = useState<{ form: PlanForm; existing: boolean; key: number } | null>(null);
  const data = catalog.data;
  const open = (form: PlanForm, existing: boolean) => setEditing({ form, existing, key: Date.now() });
  const mayEdit = useMay('defineCatalog');
  return (
    <>
      <section className="panel panel--full" aria-labelledby="plans-heading">
        <h2 id="plans-heading">Plans</h2>
        <LoadError what="the plans" error={catalog.error} />
        {data && data.plans.length === 0 ? <p className="empty">No plans yet.</p> : null}
        {data && data.plans.length > 0 ? <PlansTable plans={data.plans} {...(mayEdit ? { onEdit: (plan: Plan) => open(planFormOf(plan), true) } : {})} /> : null}
        <RoleGate capability="defineCatalog" doing="change plans, rates and the billing policy">
          <button type="button" className="button button--primary" disabled={!data} onClick={() => data && open(newPlanForm(data.rateCard), false)}>
            New plan
          </button>
        </RoleGate>
      </section>
      {editing && mayEdit ? <PlanEditor key={editing.key} client={client} initial={editing.form} existing={editing.existing} onClose={() => setEditing(null)} /> : null}
      <ReadOnlyView capability="defineCatalog" doing="change the rate card and the billing policy">
        {data ? <RateCardEditor key={JSON.stringify(data.rateCard)} client={client} rateCard={data.rateCard} /> : null}
        {data ? <PolicyEditor key={JSON.stringify(data.policy)} client={client} policy={data.policy} /> : null}
      </ReadOnlyView>
    </>
  );
}

function PlansTable({ plans, onEdit }: { plans: Plan[]; onEdit?(plan: Plan): void }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="plans-table">
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Period</th>
            <th scope="col" className="numeric">
              Price
            </th>
            <th scope="col" className="numeric">
              Included
            </th>
            <th scope="col">Increment</th>
            <th scope="col" className="numeric">
              Overage / h
            </th>
            <th scope="col">Rollover</th>
            <th scope="col">Call credit</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plans.map((plan) => (
            <tr key={plan.planId} data-testid="plan-row" data-plan-id={plan.planId}>
              <td>
                <strong title={`Plan id ${plan.planId}`}>{plan.name}</strong>
              </td>
              <td>{plan.period === 'monthly' ? 'Monthly' : 'Annual'}</td>
              <td className="numeric">{money(plan.priceMinor, plan.currency)}</td>
              <td className="numeric">{formatDuration(plan.includedSeconds)}</td>
              <td>{formatDuration(plan.incrementSeconds)}</td>
              <td className="numeric">{plan.overageRatePerHourMinor === null ? 'rate card' : money(plan.overageRatePerHourMinor, plan.currency)}</td>
              <td>
                {plan.rollover.policy === 'none' ? 'None' : plan.rollover.policy === 'full' ? 'Full' : `Up to ${formatDuration(plan.rollover.capSeconds)}`}
              </td>
              <td data-testid="plan-credit">{planCreditWords(plan)}</td>
              <td>
                {onEdit ? (
                  <button type="button" className="button" onClick={() => onEdit(plan)} aria-label={`Edit ${plan.name}`}>
                    Edit
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The plan's credit each period and its exemption, as the list shows them. */
function planCreditWords(plan: Plan): string {
  const credit = plan.periodGrant === null ? null : `${money(plan.periodGrant.amountMinor, plan.currency)} each period${plan.periodGrant.expiresAfterDays === null ? '' : `, lasts ${plan.periodGrant.expiresAfterDays} days`}`;
  const exempt = plan.balanceExempt ? 'AI agent whatever the balance' : null;
  return [credit, exempt].filter((part) => part !== null).join('; ') || 'None';
}
