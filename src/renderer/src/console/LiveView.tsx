import type { RingsideClient } from '../../../shared/api/contract';
import type { CallerCard } from '../../../shared/card';
import { CallerCardView } from '../card/CallerCardView';
import { useCanCreateQuickBooksCustomers } from '../quickbooks/use-quickbooks-status';
import { groupByPhase } from '../calls/live-cards';
import type { LiveCardsHandle } from '../calls/use-live-cards';
import type { TeamPresence } from '../../../shared/api/team';
import { OnThisCall, TeamPresenceStrip } from '../team/TeamPresenceStrip';
import { onThisCall } from '../team/use-team-presence';

/** Ringing calls first and largest, then calls in progress, then the ones just ended. */
export function LiveView({ client, live, now, offline = false, presence, self = null }: { client: RingsideClient; live: LiveCardsHandle; now: number; offline?: boolean; presence?: TeamPresence; self?: string | null }) {
  const team = presence ? { presence, self, client } : null;
  const groups = groupByPhase(live.cards, 6, { offline, nowMs: now });
  const canCreate = useCanCreateQuickBooksCustomers(client);
  const nothing = groups.ringing.length + groups.active.length + groups.ended.length + groups.dropped.length === 0;
  return (
    <>
      <h1>Live calls</h1>
      {presence ? <TeamPresenceStrip presence={presence} self={self} /> : null}
      {live.error ? (
        <p className="error" role="alert">
          {live.error}
        </p>
      ) : null}
      {nothing ? <p className="empty">No calls right now. Cards appear here the moment a call rings.</p> : null}
      {nothing ? null : (
        <div className="live-layout">
          <div className="live-layout__now">
            {groups.ringing.length + groups.active.length === 0 ? <p className="empty">No call is ringing or in progress. Cards appear here the moment one rings.</p> : null}
            <CardGroup title="Ringing" className="live-group live-group--ringing" cards={groups.ringing} live={live} now={now} client={canCreate ? client : null} team={team} />
            <CardGroup title="On call" className="live-group live-group--active" cards={groups.active} live={live} now={now} client={canCreate ? client : null} team={team} />
          </div>
          <CardGroup title="Recently ended" className="live-group live-group--ended" cards={groups.ended} live={live} now={now} client={canCreate ? client : null} />
          <CardGroup title="Ringing when the connection dropped" className="live-group live-group--ended live-group--dropped" cards={groups.dropped} live={live} now={now} client={null} />
        </div>
      )}
    </>
  );
}

interface CardGroupProps {
  title: string;
  className: string;
  cards: CallerCard[];
  live: LiveCardsHandle;
  now: number;
  /** Set where this console can create QuickBooks customers. */
  client: RingsideClient | null;
  /** Who is on each call, and this console's "I'm on this call" (calls still going on only). */
  team?: { presence: TeamPresence; self: string | null; client: RingsideClient } | null;
}

function CardGroup({ title, className, cards, live, now, client, team = null }: CardGroupProps) {
  if (cards.length === 0) return null;
  return (
    <section className={className} aria-label={title}>
      <h2>
        {title} <span className="count">{cards.length}</span>
      </h2>
      <div className="card-grid">
        {cards.map((card) => (
          <div key={card.callId} className="card-with-presence">
            <CallerCardView
              card={card}
              now={now}
              onPinChange={(pinned) => void live.setPinned(card.callId, pinned)}
              onDismiss={() => void live.dismiss(card.callId)}
              {...(client
                ? {
                    onCreateCustomer: async (customer) => {
                      await client.invoke('quickbooks.createCustomerFromCaller', customer);
                    },
                  }
                : {})}
            />
            {team ? (
              <OnThisCall
                names={onThisCall(team.presence, card.callId)}
                self={team.self}
                onTake={() => void team.client.invoke('team.setOnCall', { callId: card.callId })}
                onRelease={() => void team.client.invoke('team.setOnCall', { callId: null })}
              />
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
