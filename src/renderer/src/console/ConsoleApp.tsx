import { useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useLiveCards } from '../calls/use-live-cards';
import { ConnectionStatus } from '../status/ConnectionStatus';
import { useLinkStatus } from '../status/use-link-status';
import { useNow } from '../time/use-now';
import { CustomersView } from './CustomersView';
import { HistoryView } from './HistoryView';
import { LiveView } from './LiveView';
import { SettingsView } from './SettingsView';

const views = [
  { id: 'live', label: 'Live' },
  { id: 'history', label: 'History' },
  { id: 'customers', label: 'Customers' },
  { id: 'settings', label: 'Settings' },
] as const;
type ViewId = (typeof views)[number]['id'];

/** The console window: connection status, navigation, and one view at a time. */
export function ConsoleApp({ client }: { client: RingsideClient }) {
  const [view, setView] = useState<ViewId>('live');
  // Live cards are held here so a ringing call is not missed while another view is open.
  const live = useLiveCards(client);
  const status = useLinkStatus(client);
  const now = useNow();
  const ringing = [...live.cards.values()].filter((card) => card.phase === 'ringing').length;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <span className="app__brand">Ringside</span>
        <nav aria-label="Main" className="app__nav">
          {views.map((item) => (
            <button
              key={item.id}
              type="button"
              className="nav-button"
              aria-current={view === item.id ? 'page' : undefined}
              onClick={() => setView(item.id)}
            >
              {item.label}
              {item.id === 'live' && ringing > 0 ? (
                <span className="nav-button__badge" aria-label={`${ringing} ringing`}>
                  {ringing}
                </span>
              ) : null}
            </button>
          ))}
        </nav>
        <ConnectionStatus status={status} now={now} />
      </header>
      <main id="main" tabIndex={-1} className="app__main">
        {view === 'live' ? <LiveView live={live} now={now} /> : null}
        {view === 'history' ? <HistoryView client={client} /> : null}
        {view === 'customers' ? <CustomersView client={client} /> : null}
        {view === 'settings' ? <SettingsView client={client} /> : null}
      </main>
    </div>
  );
}
