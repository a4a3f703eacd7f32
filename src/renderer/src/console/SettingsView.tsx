import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiInput, LinkStatus, RingsideClient, SettingsView as Settings } from '../../../shared/api/contract';
import { RetentionSettings } from '../privacy/RetentionSettings';
import { QuickBooksSettings } from '../quickbooks/QuickBooksSettings';
import { relayChangeWarning, savedConnectionMessage, settingsErrorMessage, tokenClearedMessage, tokenProtectionMessage, type SavedConnectionMessage } from './settings-messages';

/** Where the relay is, this console's device token, and how to read national numbers. */
export function SettingsView({ client }: { client: RingsideClient }) {
  const id = useId();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [relayUrl, setRelayUrl] = useState('');
  const [deviceToken, setDeviceToken] = useState('');
  const [phoneRegion, setPhoneRegion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<SavedConnectionMessage | null>(null);
  /** Counts saves, so the link answer of an earlier save never overwrites a later one's. */
  const [saveCount, setSaveCount] = useState(0);
  const [saving, setSaving] = useState(false);

  /** A refusal (or "saved") is about the values as they were saved: editing any field clears it. */
  function edit(set: (value: string) => void): (event: { target: { value: string } }) => void {
    return (event) => {
      set(event.target.value);
      setError(null);
      setMessage(null);
    };
  }

  function show(settings: Settings): void {
    setSaved(settings);
    setRelayUrl(settings.relayUrl);
    setPhoneRegion(settings.phoneRegion);
    setDeviceToken('');
  }

  useEffect(() => {
    client.invoke('settings.get', {}).then(show, (failure: Error) => setError(failure.message));
  }, [client]);

  // After a save, the link reconnects with the new settings: say what the relay answered.
  useEffect(() => {
    if (saveCount === 0 || !saved?.hasDeviceToken) return;
    const startedAt = Date.now();
    let seenConnecting = false;
    let done = false;
    const settle = (status: LinkStatus): void => {
      if (done) return;
      if (status.state === 'connecting') seenConnecting = true;
      // A status from before the reconnect is not the answer: wait for "connecting" or a second.
      if (!seenConnecting && Date.now() - startedAt < 1000) return;
      const next = savedConnectionMessage(status, true);
      setMessage((current) => (current === null ? current : next));
      if (next.tone !== 'pending') done = true;
    };
    const unsubscribe = client.on('link.statusChanged', settle);
    const poll = setInterval(() => {
      if (done || Date.now() - startedAt > 15_000) return clearInterval(poll);
      client.invoke('link.status', {}).then(settle, () => undefined);
    }, 500);
    return () => {
      done = true;
      clearInterval(poll);
      unsubscribe();
    };
  }, [client, saveCount, saved?.hasDeviceToken]);

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!saved) return;
    // Send only what changed; the token is write-only and sent only when typed.
    const patch: ApiInput<'settings.update'> = {};
    if (relayUrl.trim() !== saved.relayUrl) patch.relayUrl = relayUrl.trim();
    if (phoneRegion.trim().toUpperCase() !== saved.phoneRegion) patch.phoneRegion = phoneRegion.trim().toUpperCase();
    if (deviceToken !== '') patch.deviceToken = deviceToken;
    setSaving(true);
    setError(null);
    setMessage(null);
    try {
      const next = await client.invoke('settings.update', patch);
      show(next);
      setMessage(savedConnectionMessage(null, next.hasDeviceToken));
      setSaveCount((count) => count + 1);
    } catch (failure) {
      setError(settingsErrorMessage((failure as Error).message));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <h1>Settings</h1>
      {saved === null && !error ? <p className="muted">Loading…</p> : null}
      {saved ? (
        <form className="panel form" onSubmit={(event) => void save(event)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-relay`}>Relay URL</label>
            <input
              id={`${id}-relay`}
              className="input input--wide"
              type="url"
              value={relayUrl}
              onChange={edit(setRelayUrl)}
              placeholder="https://relay.example.com"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-token`}>Device token</label>
            <p className="hint" id={`${id}-token-hint`} data-testid="token-state">
              {saved.hasDeviceToken ? 'A token is set. Type a new one to replace it.' : 'Not set.'}
            </p>
            <DeviceTokenNotices saved={saved} relayUrl={relayUrl} deviceToken={deviceToken} />
            <input
              id={`${id}-token`}
              className="input input--wide"
              type="password"
              value={deviceToken}
              onChange={edit(setDeviceToken)}
              aria-describedby={`${id}-token-hint`}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-region`}>Phone region</label>
            <p className="hint" id={`${id}-region-hint`}>
              Two-letter country code used to read numbers written without a country code, e.g. US.
            </p>
            <input
              id={`${id}-region`}
              className="input input--short"
              value={phoneRegion}
              onChange={edit(setPhoneRegion)}
              aria-describedby={`${id}-region-hint`}
              maxLength={2}
              spellCheck={false}
            />
          </div>
          {error ? (
            <p className="error" role="alert" data-testid="settings-error">
              {error}
            </p>
          ) : null}
          {message ? (
            <p className={message.tone === 'error' ? 'error' : message.tone === 'success' ? 'success' : 'muted'} role="status" data-testid="settings-saved">
              {message.text}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        </form>
      ) : error ? (
        <p className="error" role="alert">
          Could not load the settings: {error}
        </p>
      ) : null}
      {saved?.hasDeviceToken ? <QuickBooksSettings client={client} /> : null}
      {saved?.hasDeviceToken ? <RetentionSettings client={client} /> : null}
    </>
  );
}

/** Why the token is missing, how it is kept, and what saving a new relay address would do to it. */
function DeviceTokenNotices({ saved, relayUrl, deviceToken }: { saved: Settings; relayUrl: string; deviceToken: string }) {
  const protection = tokenProtectionMessage(saved.tokenProtection);
  const cleared = !saved.hasDeviceToken && saved.tokenCleared ? tokenClearedMessage(saved.tokenCleared) : null;
  const relayChange = relayChangeWarning(saved.relayUrl, relayUrl, saved.hasDeviceToken, deviceToken);
  return (
    <>
      {cleared ? (
        <p className="card-banner" role="alert" data-testid="token-cleared">
          {cleared}
        </p>
      ) : null}
      {relayChange ? (
        <p className="card-banner" role="status" data-testid="token-relay-change">
          {relayChange}
        </p>
      ) : null}
      <p className={protection.warn ? 'card-banner' : 'hint'} data-testid="token-protection">
        {protection.text}
      </p>
    </>
  );
}
