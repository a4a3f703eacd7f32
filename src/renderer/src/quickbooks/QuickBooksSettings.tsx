import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { DeviceInfo, QuickBooksSettings as SyncSettings } from '../../../shared/api/quickbooks';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { CompanyTaxNotices } from './CompanyTaxNotices';
import { connectionLabels, isWebUrl } from './quickbooks-format';
import { TaxMappingForm } from './TaxMappingForm';
import { useQuickBooksStatus } from './use-quickbooks-status';

/**
 * Settings → QuickBooks: the company link (an admin connects, reconnects and
 * disconnects it through the relay) and, on the bookkeeper console, how the sync
 * behaves.
 */
export function QuickBooksSettings({ client }: { client: RingsideClient }) {
  const { status, error } = useQuickBooksStatus(client);
  const [device, setDevice] = useState<DeviceInfo | null>(null);
  const [consentUrl, setConsentUrl] = useState<string | null>(null);
  const link = useSubmit();

  useEffect(() => {
    client.invoke('devices.me', {}).then(setDevice, () => setDevice(null));
  }, [client]);

  const connection = status?.connection ?? null;
  const state = connection?.state ?? 'disconnected';
  const admin = device === null || device.role === 'admin';

  const connect = () =>
    void link.run(async () => {
      setConsentUrl(null);
      const { authorizeUrl, opened } = await client.invoke('quickbooks.connect', {});
      if (!opened && isWebUrl(authorizeUrl)) {
        setConsentUrl(authorizeUrl);
        window.open(authorizeUrl, '_blank', 'noopener');
      }
      return 'Finish in the browser: sign in to QuickBooks and choose the company. This page updates when it is done.';
    });
  const disconnect = () =>
    void link.run(async () => {
      const { revoked } = await client.invoke('quickbooks.disconnect', {});
      return revoked ? 'Disconnected; QuickBooks revoked the connection.' : 'Disconnected.';
    });

  return (
    <section className="panel form" aria-labelledby="qb-settings-heading" data-testid="quickbooks-settings">
      <h2 id="qb-settings-heading">QuickBooks</h2>
      {error ? (
        <p className="error" role="alert">
          Could not read the QuickBooks status: {error}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Connection</dt>
        <dd>
          <span className={`badge badge--qb-${state}`} data-testid="qb-settings-connection">
            {connectionLabels[state]}
          </span>
          {connection?.reason ? <span className="muted"> {connection.reason}</span> : null}
        </dd>
        <dt>Company</dt>
        <dd data-testid="qb-settings-company">{connection?.companyName ?? '—'}</dd>
        <dt>Realm</dt>
        <dd>{connection?.realmId ?? '—'}</dd>
        <dt>Environment</dt>
        <dd>{connection?.environment ?? '—'}</dd>
        <dt>This console</dt>
        <dd data-testid="qb-settings-device">{device ? `${device.name} (${device.role})` : '—'}</dd>
      </dl>
      {admin ? (
        <div className="form__actions">
          {state === 'connected' ? (
            <button type="button" className="button" disabled={link.busy} onClick={disconnect}>
              Disconnect QuickBooks
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={link.busy} onClick={connect}>
              {state === 'needs_reconnect' ? 'Reconnect QuickBooks' : 'Connect QuickBooks'}
            </button>
          )}
        </div>
      ) : (
        <p className="hint">Only an admin console connects or disconnects QuickBooks.</p>
      )}
      <SubmitStatus state={link} testId="qb-connect" />
      {consentUrl ? (
        <p className="hint">
          If no browser window opened,{' '}
          <a href={consentUrl} target="_blank" rel="noreferrer noopener">
            open the QuickBooks consent page
          </a>
          .
        </p>
      ) : null}
      <CompanyTaxNotices status={status} />
      {device && device.role !== 'agent' && state === 'connected' ? <TaxMappingForm client={client} /> : null}
      {device?.role === 'bookkeeper' ? <SyncSettingsForm client={client} /> : <p className="hint">Sync settings are kept on the bookkeeper console, which sends invoices.</p>}
    </section>
  );
}

function SyncSettingsForm({ client }: { client: RingsideClient }) {
  const id = useId();
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useSubmit();

  useEffect(() => {
    client.invoke('quickbooks.settings.get', {}).then(setSettings, (failure: Error) => setLoadError(failure.message));
  }, [client]);

  if (loadError) {
    return (
      <p className="error" role="alert">
        Could not load the sync settings: {loadError}
      </p>
    );
  }
  if (!settings) return <p className="muted">Loading…</p>;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save.run(async () => {
      setSettings(await client.invoke('quickbooks.settings.update', settings));
      return 'Sync settings saved.';
    });
  };
  const item = (role: keyof SyncSettings['serviceItems'], label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${role}`}>{label}</label>
      <input
        id={`${id}-${role}`}
        className="input"
        value={settings.serviceItems[role]}
        onChange={(event) => setSettings({ ...settings, serviceItems: { ...settings.serviceItems, [role]: event.target.value } })}
      />
    </div>
  );

  return (
    <form className="form" onSubmit={submit} data-testid="qb-sync-settings" noValidate>
      <h3>Sync settings</h3>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email invoices</label>
        <select
          id={`${id}-email`}
          className="input"
          value={settings.emailInvoices}
          onChange={(event) => setSettings({ ...settings, emailInvoices: event.target.value as SyncSettings['emailInvoices'] })}
        >
          <option value="manual">Manually, from the Invoices tab</option>
          <option value="on_sync">Automatically when synced</option>
        </select>
      </div>
      <fieldset className="fieldset">
        <legend>QuickBooks service items (created if missing)</legend>
        {item('supportTime', 'Support time')}
        {item('overage', 'Overage')}
        {item('perCallFee', 'Per-call fee')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-cdc`}>Check QuickBooks for changes every (seconds)</label>
        <input
          id={`${id}-cdc`}
          className="input input--number"
          type="number"
          min={30}
          max={86_400}
          value={settings.cdcIntervalSeconds}
          onChange={(event) => setSettings({ ...settings, cdcIntervalSeconds: Number(event.target.value) })}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={save.busy}>
          Save sync settings
        </button>
      </div>
      <SubmitStatus state={save} testId="qb-sync-settings" />
    </form>
  );
}
