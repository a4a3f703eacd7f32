import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
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

// The pages used all day stay in the bar; the ones an admin opens now and then sit under
// "More", so the header is one row on a laptop screen.
const views = [
  { id: 'live', label: 'Live', more: false },
  { id: 'callbacks', label: 'Callbacks', more: false },
  { id: 'history', label: 'History', more: false },
  { id: 'communications', label: 'Communications', more: false },
  { id: 'jobs', label: 'Jobs', more: false },
  { id: 'customers', label: 'Customers', more: false },
  { id: 'billing', label: 'Billing', more: false },
  { id: 'dashboard', label: 'Dashboard', more: false },
  { id: 'sync', label: 'Sync', more: true },
  { id: 'team', label: 'Team', more: true },
  { id: 'operations', label: 'Operations', more: true },
  { id: 'notices', label: 'Notices', more: true },
  { id: 'settings', label: 'Settings', more: true },
] as const;
type ViewId = (typeof views)[number]['id'];
type View = (typeof views)[number];

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
          {shown
            .filter((item) => !item.more)
            .map((item) => (
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
          <MoreMenu items={shown.filter((item) => item.more)} current={view} onChoose={setView} />
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

/**
 * "More ▾": the admin pages in a list that opens under the button (a disclosure, so its entries
 * stay plain buttons). It opens by click, Enter, Space or ↓; ↑/↓ move between entries, Escape
 * closes it and gives the focus back, and clicking or tabbing away closes it too. It shows as
 * current while one of its pages is open.
 */
function MoreMenu({ items, current, onChoose }: { items: readonly View[]; current: ViewId; onChoose(view: ViewId): void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const holdsCurrent = items.some((item) => item.id === current);

  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent | FocusEvent) => {
      if (box.current && event.target instanceof Node && !box.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);

  const entries = (): HTMLButtonElement[] => [...(box.current?.querySelectorAll<HTMLButtonElement>('.nav-more__item') ?? [])];
  function focusEntry(index: number): void {
    const all = entries();
    all[(index + all.length) % all.length]?.focus();
  }
  function onButtonKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      requestAnimationFrame(() => focusEntry(0));
    }
  }
  function onListKey(event: KeyboardEvent): void {
    const at = entries().indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusEntry(at + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusEntry(at - 1);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusEntry(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusEntry(-1);
    }
  }
  if (items.length === 0) return null;
  return (
    <div className="nav-more" ref={box}>
      <button
        ref={button}
        type="button"
        className={`nav-button nav-more__button${holdsCurrent ? ' is-current' : ''}`}
        aria-expanded={open}
        aria-controls="nav-more-list"
        onClick={() => setOpen(!open)}
        onKeyDown={onButtonKey}
      >
        More <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul id="nav-more-list" className="nav-more__list" onKeyDown={onListKey}>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="nav-button nav-more__item"
                aria-current={current === item.id ? 'page' : undefined}
                onClick={() => {
                  onChoose(item.id);
                  setOpen(false);
                  button.current?.focus();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
