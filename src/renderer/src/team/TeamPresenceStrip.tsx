import type { TeamPresence } from '../../../shared/api/team';
import './team.css';

/** The Live page's line of who is online, and who is on a call. */
export function TeamPresenceStrip({ presence, self }: { presence: TeamPresence; self: string | null }) {
  if (presence.receivedAt === null) return null;
  const online = presence.devices.filter((device) => device.online);
  return (
    <section className="presence-strip" aria-label="Who is online" data-testid="presence-strip">
      <span className="presence-strip__title">Online</span>
      {online.length === 0 ? <span className="muted">nobody else right now</span> : null}
      <ul className="presence-strip__list">
        {online.map((device) => (
          <li key={device.name} className="presence-chip" data-testid="presence-chip">
            <span className="online-dot online-dot--on" aria-hidden="true" />
            {device.name}
            {device.name === self ? <span className="muted"> (this console)</span> : null}
            {device.onCall ? <span className="presence-chip__call"> · on a call</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Dana is on this call", under a card; with a button for this console to say it took the call. */
export function OnThisCall({ names, self, onTake, onRelease }: { names: string[]; self: string | null; onTake: () => void; onRelease: () => void }) {
  const mine = self !== null && names.includes(self);
  const others = names.filter((name) => name !== self);
  return (
    <div className="on-this-call" data-testid="on-this-call">
      {others.length > 0 ? <span className="on-this-call__who">{joinNames(others)} {others.length === 1 ? 'is' : 'are'} on this call</span> : null}
      {mine ? <span className="on-this-call__who">You are on this call</span> : null}
      <button type="button" className="link-button" onClick={mine ? onRelease : onTake}>
        {mine ? 'Done with this call' : "I'm on this call"}
      </button>
    </div>
  );
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
