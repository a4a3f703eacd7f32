import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { Capability, ConsoleIdentity } from '../../../shared/api/team';
import type { DeviceRole } from '../../../shared/events/model';

/**
 * Who this console is on the relay, and what its role may do. Read once at start (and
 * when the link comes back), shared by every page through context, so a page shows a
 * form only where its submit would be accepted. Unknown (no token yet, relay not
 * reached): `null`, and pages show their forms (the relay still refuses what it must).
 */
const IdentityContext = createContext<ConsoleIdentity | null>(null);

export function ConsoleIdentityProvider({ client, refreshKey, children }: { client: RingsideClient; refreshKey: string; children: ReactNode }) {
  const [identity, setIdentity] = useState<ConsoleIdentity | null>(null);
  useEffect(() => {
    let current = true;
    client.invoke('team.me', {}).then(
      (me) => current && setIdentity(me),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, refreshKey]);
  return <IdentityContext.Provider value={identity}>{children}</IdentityContext.Provider>;
}

export function useConsoleIdentity(): ConsoleIdentity | null {
  return useContext(IdentityContext);
}

/** Whether this console may do it; true while the role is not known yet. */
export function useMay(capability: Capability): boolean {
  const identity = useConsoleIdentity();
  return identity === null || identity.may[capability];
}

export function roleName(role: DeviceRole): string {
  return role === 'agent' ? 'an agent console' : role === 'bookkeeper' ? 'the bookkeeper console' : 'an admin console';
}

const whoMay: Record<Capability, string> = {
  defineCatalog: 'an admin console',
  manageSubscriptions: 'an admin console',
  creditWallets: 'an admin or bookkeeper console',
  recordAdjustments: 'an admin console',
  correctCalls: 'an admin console',
  setInvoiceStatus: 'an admin or bookkeeper console',
  editCustomers: 'an admin or bookkeeper console',
  mergeCustomers: 'an admin or bookkeeper console',
  nameLines: 'an admin console',
  connectQuickBooks: 'an admin console',
  syncQuickBooks: 'the bookkeeper console',
  manageTeam: 'an admin console',
};

/**
 * Where a form would be on a console whose role may not submit it: what it would do,
 * who can, and what this console is. Renders nothing where the form is allowed.
 */
export function ReadOnlyNotice({ capability, doing, testId }: { capability: Capability; doing: string; testId?: string }) {
  const identity = useConsoleIdentity();
  if (identity === null || identity.may[capability]) return null;
  return (
    <p className="hint read-only-notice" data-testid={testId ?? `read-only-${capability}`}>
      Only {whoMay[capability]} can {doing}; this is {roleName(identity.role)}, so this page is read-only here.
    </p>
  );
}

/** The form where this console may submit it; the notice saying who can where it may not. */
export function RoleGate({ capability, doing, children }: { capability: Capability; doing: string; children: ReactNode }) {
  return useMay(capability) ? <>{children}</> : <ReadOnlyNotice capability={capability} doing={doing} />;
}

/**
 * A form that also shows current settings (the rate card, the billing policy): where this
 * console may not submit it, the same fields shown disabled, as a read-only view, and
 * the notice saying who can change them.
 */
export function ReadOnlyView({ capability, doing, children }: { capability: Capability; doing: string; children: ReactNode }) {
  if (useMay(capability)) return <>{children}</>;
  return (
    <div className="read-only-view" data-testid={`read-only-view-${capability}`}>
      <ReadOnlyNotice capability={capability} doing={doing} />
      <fieldset disabled className="read-only-view__fields">
        {children}
      </fieldset>
    </div>
  );
}
