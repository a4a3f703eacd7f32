import type { RingsideClient } from '../../../shared/api/contract';
import type { CustomerSuggestion, SuggestionField } from '../../../shared/api/team-work';
import { useApiQuery } from '../api/use-api-query';
import { formatInstant } from '../billing/billing-format';
import { LoadError } from '../billing/LoadError';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';

const fieldLabels: Record<SuggestionField, string> = { name: 'Name', email: 'Email', address: 'Address', phone: 'Phone' };
const sourceLabels: Record<CustomerSuggestion['sourceKind'], string> = { message: 'their text', transcript: 'a call', voicemail: 'their voicemail' };

/**
 * Names, emails and addresses the customer gave in texts and calls that their record does
 * not hold yet, each with the words it came from. Use writes it into the record; Dismiss
 * hides it on every console. Consoles that may not edit customers see them read-only.
 */
export function CustomerSuggestions({ client, customerId, mayEdit }: { client: RingsideClient; customerId: string; mayEdit: boolean }) {
  const suggestions = useApiQuery(client, 'customers.suggestions', { customerId });
  const submit = useSubmit();
  if (!suggestions.error && (suggestions.data === null || suggestions.data.length === 0)) return null;
  return (
    <section className="panel panel--full customer-suggestions" aria-labelledby="suggestions-heading" data-testid="customer-suggestions">
      <h2 id="suggestions-heading">Suggestions from their texts and calls</h2>
      <LoadError what="the suggestions" error={suggestions.error} />
      <ul className="customer-suggestions__list">
        {(suggestions.data ?? []).map((suggestion) => (
          <li key={suggestion.key} className="customer-suggestion" data-testid="customer-suggestion" data-field={suggestion.field}>
            <div className="customer-suggestion__what">
              <span className="badge">{fieldLabels[suggestion.field]}</span> <strong className="customer-suggestion__value">{suggestion.value}</strong>
              <blockquote className="customer-suggestion__quote" data-testid="customer-suggestion-quote">
                “{suggestion.quote}”
              </blockquote>
              <p className="hint">
                From {sourceLabels[suggestion.sourceKind]}, {formatInstant(suggestion.at)}
                {suggestion.seen > 1 ? ` (said ${suggestion.seen} times)` : ''}
              </p>
            </div>
            {mayEdit ? (
              <div className="form__actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={submit.busy}
                  data-testid="accept-suggestion"
                  onClick={() =>
                    void submit.run(async () => {
                      await client.invoke('customers.acceptSuggestion', { customerId, suggestionKey: suggestion.key });
                      return `${fieldLabels[suggestion.field]} saved; every console shows it in a moment.`;
                    })
                  }
                >
                  {suggestion.field === 'email' ? 'Add email' : suggestion.field === 'phone' ? 'Add number' : `Use this ${suggestion.field}`}
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={submit.busy}
                  data-testid="dismiss-suggestion"
                  onClick={() =>
                    void submit.run(async () => {
                      await client.invoke('customers.dismissSuggestion', { customerId, suggestionKey: suggestion.key });
                      return 'Dismissed: it is not proposed again on any console.';
                    })
                  }
                >
                  Dismiss
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <SubmitStatus state={submit} testId="customer-suggestion" />
    </section>
  );
}
