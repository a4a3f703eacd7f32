import type { RingsideClient } from '../../../shared/api/contract';
import { chooseCardWindowCard } from '../calls/live-cards';
import { useLiveCards } from '../calls/use-live-cards';
import { useCanCreateQuickBooksCustomers } from '../quickbooks/use-quickbooks-status';
import { useNow } from '../time/use-now';
import { CallerCardView } from './CallerCardView';
import type { NewCustomer } from './CreateCustomerForm';

/**
 * The caller card window: the newest ringing or active call (or a pinned one), and
 * nothing at all a few seconds after the call ends. In Electron the main process
 * shows and hides the native window; this only renders.
 */
export function CardWindowApp({ client }: { client: RingsideClient }) {
  const live = useLiveCards(client);
  const now = useNow();
  const canCreate = useCanCreateQuickBooksCustomers(client);
  const card = chooseCardWindowCard(live.cards, now);
  if (!card) return null;
  return (
    <main className="card-window__main">
      <h1 className="visually-hidden">Caller card</h1>
      {live.error ? (
        <p className="error" role="alert">
          {live.error}
        </p>
      ) : null}
      <CallerCardView
        card={card}
        now={now}
        onPinChange={(pinned) => void live.setPinned(card.callId, pinned)}
        onDismiss={() => void live.dismiss(card.callId)}
        {...(canCreate
          ? {
              onCreateCustomer: async (customer: NewCustomer) => {
                await client.invoke('quickbooks.createCustomerFromCaller', customer);
              },
            }
          : {})}
      />
    </main>
  );
}
