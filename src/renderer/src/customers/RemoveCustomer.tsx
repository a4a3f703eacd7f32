import type { RingsideClient } from '../../../shared/api/contract';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';

/** Removes a customer after asking: their calls stay in the history, under the number, as an unknown caller's. */
export function RemoveCustomer({ client, customerId, name, onRemoved }: { client: RingsideClient; customerId: string; name: string; onRemoved(): void }) {
  const submit = useSubmit();
  return (
    <>
      <button
        type="button"
        className="button button--quiet"
        disabled={submit.busy}
        data-testid="remove-customer"
        onClick={() =>
          window.confirm(`Remove ${name}? Their calls stay in the history under their numbers, as an unknown caller's.`) &&
          void submit.run(async () => {
            await client.invoke('customers.remove', { customerId });
            onRemoved();
            return `${name} is removed.`;
          })
        }
      >
        Remove
      </button>
      <SubmitStatus state={submit} testId="remove-customer" />
    </>
  );
}
