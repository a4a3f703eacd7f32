import { lazy, Suspense, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useDataChanges } from '../api/use-data-changes';
import { CallbacksView, useCallbackCount } from '../callbacks/CallbacksView';
import { useLiveCards } from '../calls/use-live-cards';
import { RelayAlertsBanner } from '../communications/RelayAlertsBanner';
import { useUnreadMessages } from '../communications/use-unread-messages';
import type { CustomerRef } from '../customers/CustomerPage';
import { ConnectionStatus } from '../status/ConnectionStatus';
import { useLinkStatus } from '../status/use-link-status';
import { ConsoleIdentityProvider, useConsoleIdentity } from '../team/console-identity';
import { useTeamPresence } from '../team/use-team-presence';
import { useNow } from '../time/use-now';
import { CustomersView } from './CustomersView';
import { HistoryView } from './HistoryView';
import { LiveView } from './LiveView';
import { SettingsView } from './SettingsView';

// Billing, the customer page and the dashboard (with its charts) load on first use,
// so the console opens as fast as before.
const BillingPage = lazy(() => import('../billing/BillingPage').then((module) => ({ default: module.BillingPage })));
const CustomerPage = lazy(() => import('../customers/CustomerPage').then((module) => ({ default: module.CustomerPage })));
const SyncPage = lazy(() => import('../quickbooks/SyncPage').then((module) => ({ default: module.SyncPage })));
const CommunicationsPage = lazy(() => import('../communications/CommunicationsPage').then((module) => ({ default: module.CommunicationsPage })));
const TeamPage = lazy(() => import('../team/TeamPage').then((module) => ({ default: module.TeamPage })));
const OperationsPage = lazy(() => import('../operations/OperationsPage').then((module) => ({ default: module.OperationsPage })));
const NoticesPage = lazy(() => import('../notices/NoticesPage').then((module) => ({ default: module.NoticesPage })));
const DashboardPage = lazy(() => import('../dashboard/DashboardPage').then((module) => ({ default: module.DashboardPage })));
const JobsPage = lazy(() => import('../jobs/JobsPage').then((module) => ({ default: module.JobsPage })));

const views = [
  { id: 'live', label: 'Live' },
  { id: 'callbacks', label: 'Callbacks' },
  { id: 'history', label: 'History' },
  { id: 'communications', label: 'Communications' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'customers', label: 'Customers' },
  { id: 'billing', label: 'Billing' },
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'sync', label: 'Sync' },
  { id: 'team', label: 'Team' },
  { id: 'operations', label: 'Operations' },
  { id: 'notices', label: 'Notices' },
  { id: 'settings', label: 'Settings' },
] as const;
type ViewId = (typeof views)[number]['id'];

/** The console window: connection status, navigation, and one view at a time. */
export function ConsoleApp({ client }: { client: RingsideClient }) {
  const status = useLinkStatus(client);
  // The role is read again whenever the link comes back (an admin may have changed it).
  return (
    <ConsoleIdentityProvider client={client} refreshKey={status?.state === 'live' ? 'live' : 'down'}>
      <ConsoleWindow client={client} status={status} />
    </ConsoleIdentityProvider>
  );
}

function ConsoleWindow({ client, status }: { client: RingsideClient; status: ReturnType<typeof useLinkStatus> }) {
  const [view, setView] = useState<ViewId>('live');
  const [customer, setCustomer] = useState<CustomerRef | null>(null);
  // Live cards are held here so a ringing call is not missed while another view is open.
  const live = useLiveCards(client);
  const now = useNow();
  const presence = useTeamPresence(client);
  const identity = useConsoleIdentity();
  const self = identity?.name ?? null;
  // The relay answers notices only to admin and bookkeeper consoles.
  const shown = views.filter((item) => item.id !== 'notices' || identity?.role !== 'agent');
  const ringing = [...live.cards.values()].filter((card) => card.phase === 'ringing').length;
  // Lists read again when the core says their kind of data changed.
  useDataChanges(client);
  const unread = useUnreadMessages(client);
  const callbacks = useCallbackCount(client);

  function openCustomer(target: CustomerRef): void {
    setCustomer(target);
    setView('customers');
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <span className="app__brand">Ringside</span>
        <nav aria-label="Main" className="app__nav">
          {shown.map((item) => (
            <button
              key={item.id}
              type="button"
              className="nav-button"
              aria-current={view === item.id ? 'page' : undefined}
              onClick={() => {
                setView(item.id);
                if (item.id === 'customers') setCustomer(null);
              }}
            >
              {item.label}
              {item.id === 'live' && ringing > 0 ? (
                <span className="nav-button__badge" aria-label={`${ringing} ringing`}>
                  {ringing}
                </span>
              ) : null}
              {item.id === 'callbacks' && callbacks > 0 ? (
                <span className="nav-button__badge" aria-label={`${callbacks} waiting for a call back`} data-testid="callbacks-badge">
                  {callbacks}
                </span>
              ) : null}
              {item.id === 'communications' && unread > 0 ? (
                <span className="nav-button__badge" aria-label={`${unread} unread ${unread === 1 ? 'conversation' : 'conversations'}`} data-testid="unread-badge">
                  {unread}
                </span>
              ) : null}
            </button>
          ))}
        </nav>
        <ConnectionStatus status={status} now={now} />
      </header>
      <RelayAlertsBanner client={client} />
      <main id="main" tabIndex={-1} className="app__main">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {view === 'live' ? <LiveView client={client} live={live} now={now} offline={status?.state === 'offline'} presence={presence} self={self} /> : null}
          {view === 'callbacks' ? <CallbacksView client={client} now={now} /> : null}
          {view === 'history' ? <HistoryView client={client} /> : null}
          {view === 'communications' ? <CommunicationsPage client={client} /> : null}
          {view === 'jobs' ? <JobsPage client={client} /> : null}
          {view === 'customers' && !customer ? <CustomersView client={client} onOpen={(summary) => openCustomer({ customer: summary })} /> : null}
          {view === 'customers' && customer ? <CustomerPage client={client} target={customer} onBack={() => setCustomer(null)} onOpen={openCustomer} /> : null}
          {view === 'billing' ? <BillingPage client={client} onOpenCustomer={(customerId, name) => openCustomer({ customerId, name })} /> : null}
          {view === 'dashboard' ? <DashboardPage client={client} /> : null}
          {view === 'sync' ? <SyncPage client={client} /> : null}
          {view === 'team' ? <TeamPage client={client} presence={presence} now={now} /> : null}
          {view === 'operations' ? <OperationsPage client={client} /> : null}
          {view === 'notices' && identity?.role !== 'agent' ? <NoticesPage client={client} /> : null}
          {view === 'settings' ? <SettingsView client={client} /> : null}
        </Suspense>
      </main>
    </div>
  );
}
