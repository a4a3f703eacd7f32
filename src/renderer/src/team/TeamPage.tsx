import { useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { BusinessLine, TeamDevice, TeamPresence } from '../../../shared/api/team';
import type { DeviceRole } from '../../../shared/events/model';
import { formatPhone } from '../privacy/shown-phone';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { formatAge } from '../status/relative-age';
import { ReadOnlyNotice, useConsoleIdentity, useMay } from './console-identity';
import { useTeamData } from './use-team-data';
import './team.css';

const roleLabels: Record<DeviceRole, string> = { admin: 'Admin', bookkeeper: 'Bookkeeper', agent: 'Agent' };
const roleHints: Record<DeviceRole, string> = {
  admin: 'sets up plans, billing, lines and the team; sees every line',
  bookkeeper: 'runs the QuickBooks sync and records payments; sees every line',
  agent: 'answers calls and texts on the lines assigned to it',
};

/**
 * Team: the business's consoles (who is online, their role and lines, when last seen)
 * and its lines. An admin console adds a console (its token shown once), renames one,
 * changes its role or lines, revokes it, and names lines; every other console reads.
 */
export function TeamPage({ client, presence, now }: { client: RingsideClient; presence: TeamPresence; now: number }) {
  const team = useTeamData(client, presence);
  const mayManage = useMay('manageTeam');
  const mayNameLines = useMay('nameLines');
  const identity = useConsoleIdentity();
  const [editing, setEditing] = useState<string | null>(null);
  const active = team.devices.filter((device) => device.revokedAt === null);
  const revoked = team.devices.filter((device) => device.revokedAt !== null);

  return (
    <>
      <h1>Team</h1>
      <ReadOnlyNotice capability="manageTeam" doing="add, rename or revoke consoles and assign lines" testId="team-read-only" />
      {team.error ? (
        <p className="error" role="alert">
          Could not read the team: {team.error}
        </p>
      ) : null}
      <section className="panel panel--full" aria-labelledby="team-consoles">
        <h2 id="team-consoles">
          Consoles <span className="count">{active.length}</span>
        </h2>
        <div className="table-wrap">
          <table className="table team-table" data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">Console</th>
                <th scope="col">Role</th>
                <th scope="col">Lines</th>
                <th scope="col">Last seen</th>
                <th scope="col">Added</th>
                {mayManage ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {active.map((device) => (
                <DeviceRow
                  key={device.name}
                  device={device}
                  lines={team.lines}
                  now={now}
                  self={identity?.name ?? null}
                  onCall={presence.devices.find((entry) => entry.name === device.name)?.onCall ?? null}
                  manage={mayManage}
                  editing={editing === device.name}
                  onEdit={(open) => setEditing(open ? device.name : null)}
                  client={client}
                  onChanged={team.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
        {active.length === 0 && !team.error ? <p className="empty">No consoles yet.</p> : null}
        {revoked.length > 0 ? (
          <details className="team-revoked">
            <summary>Revoked consoles ({revoked.length})</summary>
            <ul className="plain-list">
              {revoked.map((device) => (
                <li key={device.name}>
                  {device.name} <span className="muted">({roleLabels[device.role]}, revoked {formatDate(device.revokedAt!)})</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
      {mayManage ? <AddConsole client={client} lines={team.lines} onAdded={team.reload} /> : null}
      <LinesPanel client={client} lines={team.lines} mayName={mayNameLines} onChanged={team.reload} />
    </>
  );
}

function DeviceRow(props: {
  device: TeamDevice;
  lines: BusinessLine[];
  now: number;
  self: string | null;
  onCall: string | null;
  manage: boolean;
  editing: boolean;
  onEdit(open: boolean): void;
  client: RingsideClient;
  onChanged(): void;
}) {
  const { device, lines, now } = props;
  const names = new Map(lines.map((line) => [line.number, line.name]));
  return (
    <>
      <tr data-testid="team-row" data-device={device.name}>
        <th scope="row">
          <span className={`online-dot ${device.online ? 'online-dot--on' : 'online-dot--off'}`} role="img" aria-label={device.online ? 'online' : 'offline'} />
          {device.name}
          {device.name === props.self ? <span className="muted"> (this console)</span> : null}
          {props.onCall ? <span className="badge badge--call">on a call</span> : null}
        </th>
        <td>
          <span className={`badge badge--role-${device.role}`}>{roleLabels[device.role]}</span>
        </td>
        <td>
          {device.role !== 'agent' ? (
            <span className="muted">Every line</span>
          ) : device.numbers.length === 0 ? (
            <span className="badge badge--warn">No lines: sees no calls</span>
          ) : (
            <ul className="plain-list team-lines">
              {device.numbers.map((number) => (
                <li key={number}>
                  {names.get(number) ? <strong>{names.get(number)}</strong> : null} <span className="nowrap">{formatPhone(number)}</span>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td className="nowrap">{device.online ? 'Online now' : device.lastSeenAt ? formatAge(device.lastSeenAt, now) : <span className="muted">Not since the relay started</span>}</td>
        <td className="nowrap">{formatDate(device.createdAt)}</td>
        {props.manage ? (
          <td>
            <button type="button" className="button" aria-expanded={props.editing} onClick={() => props.onEdit(!props.editing)} data-testid="team-edit">
              {props.editing ? 'Close' : 'Edit'}
            </button>
          </td>
        ) : null}
      </tr>
      {props.manage && props.editing ? (
        <tr className="team-edit-row">
          <td colSpan={6}>
            <EditConsole device={device} lines={lines} client={props.client} self={props.self} onChanged={props.onChanged} onClose={() => props.onEdit(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function EditConsole({ device, lines, client, self, onChanged, onClose }: { device: TeamDevice; lines: BusinessLine[]; client: RingsideClient; self: string | null; onChanged(): void; onClose(): void }) {
  const id = useId();
  const [name, setName] = useState(device.name);
  const [role, setRole] = useState<DeviceRole>(device.role);
  const [numbers, setNumbers] = useState<string[]>(device.numbers);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const save = useSubmit();
  const revoke = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      const changed = await client.invoke('team.changeDevice', {
        name: device.name,
        ...(name.trim() !== device.name ? { rename: name.trim() } : {}),
        ...(role !== device.role ? { role } : {}),
        ...(numbers.join() !== device.numbers.join() ? { numbers } : {}),
      });
      onChanged();
      return `Saved ${changed.name}.`;
    });
  };
  const unchanged = name.trim() === device.name && role === device.role && numbers.join() === device.numbers.join();

  return (
    <div className="team-edit">
      <form className="form form--wide" onSubmit={submit} aria-label={`Edit ${device.name}`} data-testid="team-edit-form">
        <div className="form-grid">
          <label className="field" htmlFor={`${id}-name`}>
            <span>Name</span>
            <input id={`${id}-name`} className="input" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
          </label>
          <RolePicker id={`${id}-role`} value={role} onChange={setRole} />
        </div>
        {role === 'agent' ? <LinePicker lines={lines} value={numbers} onChange={setNumbers} /> : <p className="hint">An {roleLabels[role].toLowerCase()} console sees every line.</p>}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={save.busy || unchanged || name.trim() === ''}>
            Save changes
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <SubmitStatus state={save} testId="team-save" />
        </div>
      </form>
      <div className="team-revoke">
        {confirmRevoke ? (
          <div role="alertdialog" aria-label={`Revoke ${device.name}?`} className="confirm" data-testid="team-revoke-confirm">
            <p>
              Revoke <strong>{device.name}</strong>? Its token stops working at once and the console disconnects{device.name === self ? ' — this is the console you are using' : ''}. This cannot be undone: a
              new console needs a new token.
            </p>
            <button
              type="button"
              className="button button--danger"
              disabled={revoke.busy}
              onClick={() =>
                void revoke.run(async () => {
                  await client.invoke('team.revokeDevice', { name: device.name });
                  onChanged();
                  return `Revoked ${device.name}.`;
                })
              }
            >
              Revoke {device.name}
            </button>
            <button type="button" className="button" onClick={() => setConfirmRevoke(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" className="button button--danger-outline" onClick={() => setConfirmRevoke(true)}>
            Revoke…
          </button>
        )}
        <SubmitStatus state={revoke} testId="team-revoke" />
      </div>
    </div>
  );
}

function AddConsole({ client, lines, onAdded }: { client: RingsideClient; lines: BusinessLine[]; onAdded(): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<DeviceRole>('agent');
  const [numbers, setNumbers] = useState<string[]>([]);
  const [added, setAdded] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const add = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add.run(async () => {
      const answer = await client.invoke('team.addDevice', { name: name.trim(), role, numbers: role === 'agent' ? numbers : [] });
      setAdded({ name: answer.device.name, token: answer.token });
      setCopied(false);
      setName('');
      setNumbers([]);
      onAdded();
      return `Added ${answer.device.name}.`;
    });
  };

  return (
    <section className="panel form form--wide" aria-labelledby={`${id}-heading`} data-testid="team-add">
      <h2 id={`${id}-heading`}>Add a console</h2>
      {added ? (
        <div className="token-once" role="status" data-testid="team-token">
          <p>
            <strong>{added.name}</strong>’s token. Paste it into that console’s Settings. <strong>It will not be shown again</strong>: if it is lost, revoke the console and add it again.
          </p>
          <div className="token-once__row">
            <code className="token-once__token" data-testid="team-token-value">
              {added.token}
            </code>
            <button
              type="button"
              className="button button--primary"
              onClick={() =>
                void navigator.clipboard.writeText(added.token).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? 'Copied' : 'Copy token'}
            </button>
            <button type="button" className="button" onClick={() => setAdded(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <form onSubmit={submit}>
        <div className="form-grid">
          <label className="field" htmlFor={`${id}-name`}>
            <span>Name</span>
            <input id={`${id}-name`} className="input" value={name} placeholder="Front desk" maxLength={100} onChange={(event) => setName(event.target.value)} required />
          </label>
          <RolePicker id={`${id}-role`} value={role} onChange={setRole} />
        </div>
        {role === 'agent' ? <LinePicker lines={lines} value={numbers} onChange={setNumbers} /> : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={add.busy || name.trim() === ''}>
            Add console
          </button>
          <SubmitStatus state={add} testId="team-add" />
        </div>
      </form>
    </section>
  );
}

function RolePicker({ id, value, onChange }: { id: string; value: DeviceRole; onChange(role: DeviceRole): void }) {
  return (
    <label className="field" htmlFor={id}>
      <span>Role</span>
      <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value as DeviceRole)}>
        {(['agent', 'bookkeeper', 'admin'] as const).map((role) => (
          <option key={role} value={role}>
            {roleLabels[role]}
          </option>
        ))}
      </select>
      <span className="hint">{roleHints[value]}</span>
    </label>
  );
}

/** The business's lines as checkboxes, with their names. */
function LinePicker({ lines, value, onChange }: { lines: BusinessLine[]; value: string[]; onChange(numbers: string[]): void }) {
  const toggle = (number: string, on: boolean) => onChange(on ? [...value, number].sort() : value.filter((entry) => entry !== number));
  return (
    <fieldset className="fieldset team-line-picker" data-testid="team-line-picker">
      <legend>Lines this console answers</legend>
      {lines.length === 0 ? <p className="hint">No lines known yet: they appear once the phone provider’s lines are synced or an admin names one below.</p> : null}
      {lines.map((line) => (
        <label key={line.number} className="check">
          <input type="checkbox" checked={value.includes(line.number)} onChange={(event) => toggle(line.number, event.target.checked)} />
          {line.name ? <strong>{line.name}</strong> : <span className="muted">Unnamed line</span>} <span className="nowrap">{formatPhone(line.number)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function LinesPanel({ client, lines, mayName, onChanged }: { client: RingsideClient; lines: BusinessLine[]; mayName: boolean; onChanged(): void }) {
  const id = useId();
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const save = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      await client.invoke('team.nameLine', { number, name: name.trim() });
      setName('');
      onChanged();
      return 'Saved; every console shows the new name.';
    });
  };
  return (
    <section className="panel panel--full" aria-labelledby={`${id}-heading`} data-testid="team-lines">
      <h2 id={`${id}-heading`}>
        Lines <span className="count">{lines.length}</span>
      </h2>
      {lines.length === 0 ? <p className="empty">No lines yet.</p> : null}
      {lines.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Number</th>
                <th scope="col">Answered by</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.number}>
                  <th scope="row">{line.name ?? <span className="muted">Unnamed</span>}</th>
                  <td className="nowrap">{formatPhone(line.number)}</td>
                  <td>{line.assignedTo.length > 0 ? line.assignedTo.join(', ') : <span className="muted">Admin and bookkeeper consoles only</span>}</td>
                  <td>{line.synced ? 'Phone provider' : 'Named here'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayName ? (
        <form className="form" onSubmit={submit} aria-label="Name a line">
          <div className="form-grid">
            <label className="field" htmlFor={`${id}-number`}>
              <span>Number</span>
              <input id={`${id}-number`} className="input" value={number} placeholder="+16175550100" list={`${id}-known`} onChange={(event) => setNumber(event.target.value.trim())} required />
              <datalist id={`${id}-known`}>
                {lines.map((line) => (
                  <option key={line.number} value={line.number} />
                ))}
              </datalist>
            </label>
            <label className="field" htmlFor={`${id}-name`}>
              <span>Name</span>
              <input id={`${id}-name`} className="input" value={name} placeholder="Support line" maxLength={200} onChange={(event) => setName(event.target.value)} required />
            </label>
          </div>
          <p className="hint">A name the phone provider gives a line is shown instead of this one.</p>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={save.busy || number === '' || name.trim() === ''}>
              Name line
            </button>
            <SubmitStatus state={save} testId="team-line" />
          </div>
        </form>
      ) : null}
    </section>
  );
}

function formatDate(instant: string): string {
  return new Date(instant).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
