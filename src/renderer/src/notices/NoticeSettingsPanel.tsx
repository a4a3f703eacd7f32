import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { BusinessLine } from '../../../shared/api/team';
import { channelsOfKind, NOTICE_KIND_NAMES, noticeChannels, type NoticeChannel } from '../../../shared/notices/notice-kinds';
import type { NoticeSetup } from '../../../shared/relay-rest/notices';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { noticeSettingsFormOf, noticeSettingsOf, scheduledKinds, type NoticeSettingsErrors, type NoticeSettingsForm, type ScheduledKindKey } from './notice-settings-form';
import { CHANNEL_NAMES, KIND_WORDS } from './notice-words';

interface NoticeSettingsPanelProps {
  client: RingsideClient;
  setup: NoticeSetup;
  /** The wallet currency, for the low balance amount. */
  currency: string;
  lines: readonly BusinessLine[];
  /** Only an admin console saves; others see the same fields disabled. */
  canEdit: boolean;
  onSaved(setup: NoticeSetup): void;
}

/**
 * Which notices go out by themselves, by which ways, and when: a switch per kind, its
 * channels (one the relay cannot use now shown off with the relay's reason) and its
 * schedule, every field checked beside it before anything is sent.
 */
export function NoticeSettingsPanel({ client, setup, currency, lines, canEdit, onSaved }: NoticeSettingsPanelProps) {
  const [form, setForm] = useState<NoticeSettingsForm>(() => noticeSettingsFormOf(setup.settings));
  const [errors, setErrors] = useState<NoticeSettingsErrors>({});
  const submit = useSubmit();
  // Reset only when the saved settings themselves change (a template saved answers them unchanged).
  const savedSettings = JSON.stringify(setup.settings);
  useEffect(() => setForm(noticeSettingsFormOf(JSON.parse(savedSettings) as NoticeSetup['settings'])), [savedSettings]);

  const update = (patch: Partial<NoticeSettingsForm>): void => setForm((current) => ({ ...current, ...patch }));
  const updateKind = (key: ScheduledKindKey, patch: Partial<NoticeSettingsForm['kinds'][ScheduledKindKey]>): void =>
    setForm((current) => ({ ...current, kinds: { ...current.kinds, [key]: { ...current.kinds[key], ...patch } } }));

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const result = noticeSettingsOf(form, setup.channels, currency);
    if (!result.ok) {
      setErrors(result.errors);
      submit.fail('Some fields need attention.');
      return;
    }
    setErrors({});
    void submit.run(async () => {
      onSaved(await client.invoke('notices.saveSettings', { settings: result.value }));
      return 'Notice settings saved. The relay sends by them from now on.';
    });
  }

  const number = (field: 'firstAfterDueDays' | 'everyDays' | 'maxCount' | 'daysBefore', label: string, hint?: string) => (
    <Field label={label} error={errors[field]} {...(hint ? { hint } : {})}>
      {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form[field]} onChange={(event) => update({ [field]: event.target.value })} />}
    </Field>
  );

  const schedule: Partial<Record<ScheduledKindKey, ReactNode>> = {
    invoiceIssued: (
      <label className="check">
        <input type="checkbox" checked={form.attachPdf} onChange={(event) => update({ attachPdf: event.target.checked })} />
        Attach the invoice PDF to emails
      </label>
    ),
    paymentReminder: (
      <div className="field-row">
        {number('firstAfterDueDays', 'Days after due date')}
        {number('everyDays', 'Then every (days)')}
        {number('maxCount', 'At most (reminders)')}
      </div>
    ),
    renewal: <div className="field-row">{number('daysBefore', 'Days before it renews or ends')}</div>,
    lowBalance: (
      <>
        <div className="field-row">
          <Field label={`Wallet under (${currency})`} hint="Blank: wallets not watched." error={errors.walletBelow}>
            {(control) => <input {...control} className="input input--money" inputMode="decimal" placeholder="10.00" value={form.walletBelow} onChange={(event) => update({ walletBelow: event.target.value })} />}
          </Field>
          <Field label="Hours under (h:mm)" hint="Blank: hours not watched." error={errors.hoursBelow}>
            {(control) => <input {...control} className="input input--number" placeholder="2:00" value={form.hoursBelow} onChange={(event) => update({ hoursBelow: event.target.value })} />}
          </Field>
        </div>
        {errors.lowBalanceWatch ? <p className="field__error error">{errors.lowBalanceWatch}</p> : null}
      </>
    ),
  };

  const lineChoices = lines.some((line) => line.number === form.smsFromLine) || form.smsFromLine === '' ? lines : [...lines, { number: form.smsFromLine, name: null }];

  return (
    <form className="panel panel--full notice-settings" onSubmit={onSubmit} noValidate aria-labelledby="notice-settings-title" data-testid="notice-settings">
      <h2 id="notice-settings-title">What goes out by itself</h2>
      <ul className="plain-list notice-ways" aria-label="Ways of sending" data-testid="notice-ways">
        {noticeChannels.map((channel) => {
          const availability = setup.channels[channel];
          return (
            <li key={channel} className={`notice-way${availability.available ? '' : ' is-off'}`} data-testid={`notice-way-${channel}`}>
              <strong>{CHANNEL_NAMES[channel]}</strong>
              <span className={`badge ${availability.available ? 'badge--state-active' : 'badge--muted'}`}>{availability.available ? 'Ready' : 'Off'}</span>
              {availability.available ? null : (
                <span className="hint" id={reasonId(channel)}>
                  {availability.reason ?? 'The relay cannot send this way now.'}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <fieldset className="notice-settings__fields" disabled={!canEdit}>
        {scheduledKinds.map(({ kind, key }) => {
          const settings = form.kinds[key];
          const channelError = errors[`${key}Channels`];
          return (
            <fieldset key={kind} className={`fieldset notice-kind${settings.enabled ? ' is-on' : ''}`} data-testid={`notice-kind-${kind}`}>
              <legend className="visually-hidden">{NOTICE_KIND_NAMES[kind]}</legend>
              <div className="notice-kind__what">
                <div className="notice-kind__head">
                  <label className="switch">
                    <input type="checkbox" role="switch" checked={settings.enabled} onChange={(event) => updateKind(key, { enabled: event.target.checked })} />
                    <span className="switch__track" aria-hidden="true" />
                    <strong>{NOTICE_KIND_NAMES[kind]}</strong>
                  </label>
                  <span className={`badge ${settings.enabled ? 'badge--state-active' : 'badge--muted'}`}>{settings.enabled ? 'On' : 'Off'}</span>
                </div>
                <p className="hint">{KIND_WORDS[kind]}</p>
              </div>
              <div className="notice-kind__how">
                <div className="notice-kind__channels" role="group" aria-label={`${NOTICE_KIND_NAMES[kind]}: send by`}>
                  {channelsOfKind[kind].map((channel) => (
                    <ChannelCheck
                      key={channel}
                      channel={channel}
                      chosen={settings.channels.includes(channel)}
                      availability={setup.channels[channel]}
                      onChange={(chosen) => updateKind(key, { channels: chosen ? [...settings.channels, channel] : settings.channels.filter((other) => other !== channel) })}
                    />
                  ))}
                </div>
                {channelError ? (
                  <p className="field__error error">
                    {NOTICE_KIND_NAMES[kind]} {channelError}
                  </p>
                ) : null}
              </div>
              <div className="notice-kind__when">
                {schedule[key] ?? null}
              </div>
            </fieldset>
          );
        })}
        <div className="field-row">
          <Field label="Texts go from" hint="Choose the line your customers know; without a choice, the first line the relay is set up with." error={errors.smsFromLine}>
            {(control) => (
              <select {...control} className="input" value={form.smsFromLine} onChange={(event) => update({ smsFromLine: event.target.value })}>
                <option value="">The relay's first line</option>
                {lineChoices.map((line) => (
                  <option key={line.number} value={line.number}>
                    {line.name ? `${line.name} (${line.number})` : line.number}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      {canEdit ? (
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save notice settings'}
          </button>
        </div>
      ) : null}
      <SubmitStatus state={submit} testId="notice-settings" />
    </form>
  );
}

/** Where a way of sending the relay cannot use now says why (once, above the kinds). */
function reasonId(channel: NoticeChannel): string {
  return `notice-way-${channel}-reason`;
}

/** One way of sending; one the relay cannot use now is shown off, pointing at the relay's reason. */
function ChannelCheck({ channel, chosen, availability, onChange }: { channel: NoticeChannel; chosen: boolean; availability: NoticeSetup['channels'][NoticeChannel]; onChange(chosen: boolean): void }) {
  if (!availability.available) {
    return (
      <label className="check notice-channel is-unavailable" data-testid={`notice-channel-${channel}`} title={availability.reason ?? undefined}>
        <input type="checkbox" checked={false} disabled aria-describedby={reasonId(channel)} onChange={() => undefined} />
        <span>
          {CHANNEL_NAMES[channel]} <span className="notice-channel__off">(off)</span>
        </span>
      </label>
    );
  }
  return (
    <label className="check notice-channel" data-testid={`notice-channel-${channel}`}>
      <input type="checkbox" checked={chosen} onChange={(event) => onChange(event.target.checked)} />
      {CHANNEL_NAMES[channel]}
    </label>
  );
}
