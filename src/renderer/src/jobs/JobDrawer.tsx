import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { JobFieldView, JobView } from '../../../shared/api/jobs';
import { jobUrgencies, type JobDetails } from '../../../shared/events/model';
import { toE164 } from '../../../shared/phone';
import { useApiQuery } from '../api/use-api-query';
import { CallDetailPanel } from '../communications/CallDetailPanel';
import { PhotoViewer } from '../communications/PhotoViewer';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { parseMoneyInput, formatMoneyInput } from '../money/money-input';
import { confidenceWords, FIELD_LABELS, isoOfLocalInput, jobPriceWords, jobTimeWords, localInputOf, URGENCY_LABELS } from './job-words';
import { dayTimeWords, timesShownInWords, useBusinessTimeZone } from '../time/time-words';

/**
 * A job's page, over the board: what was heard on the call, field by field, to accept, correct
 * or reject; the job's details; notes; photos; its calendar file; and what happened to it.
 */
export function JobDrawer({ client, jobId, stageName, onClose }: { client: RingsideClient; jobId: string; stageName: (stage: JobView['stage']) => string; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const read = useApiQuery(client, 'jobs.get', { jobId });
  const [answer, setAnswer] = useState<JobView | null>(null);
  // The answer of the last change, until the read after it comes back.
  const job = answer?.jobId === jobId ? answer : read.data;
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => setAnswer(null), [read.data]);
  const titleId = `job-drawer-title`;
  return (
    <dialog ref={dialog} className="job-drawer" aria-labelledby={titleId} data-testid="job-drawer" onClose={onClose}>
      {read.error && !job ? (
        <p className="error" role="alert">
          {read.error}
        </p>
      ) : null}
      {!job ? <p className="muted">Loading…</p> : <JobPage client={client} job={job} titleId={titleId} stageName={stageName} onChanged={setAnswer} onClose={() => dialog.current?.close()} />}
    </dialog>
  );
}

function JobPage({ client, job, titleId, stageName, onChanged, onClose }: { client: RingsideClient; job: JobView; titleId: string; stageName: (stage: JobView['stage']) => string; onChanged(view: JobView): void; onClose(): void }) {
  const [showCall, setShowCall] = useState(false);
  const ics = useSubmit();
  const time = jobTimeWords(job.scheduledStart, job.scheduledEnd);
  const zoneWords = timesShownInWords(useBusinessTimeZone(client));
  const toCheck = job.fields.filter((field) => field.proposed !== null);
  async function downloadIcs(): Promise<string> {
    const file = await client.invoke('jobs.icsFile', { jobId: job.jobId });
    const url = URL.createObjectURL(new Blob([file.text], { type: 'text/calendar;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
    return `Saved ${file.fileName}: open it to add the job to your calendar.`;
  }
  return (
    <article className="job-page">
      <header className="job-page__head">
        <div>
          <h2 id={titleId}>{job.title}</h2>
          <p className="muted" data-testid="job-headline">
            {stageName(job.stage)}
            {time ? (
              <>
                {' · '}
                <strong className="job-page__visit">Visit {time}</strong>
              </>
            ) : (
              ' · No visit time yet'
            )}
            {` · ${originWords(job.origin)}`}
          </p>
          {time ? <p className="hint job-page__zone">{zoneWords}</p> : null}
        </div>
        <div className="job-page__actions">
          <button
            type="button"
            className="button"
            disabled={job.scheduledStart === null || ics.busy}
            aria-describedby={job.scheduledStart === null ? `${titleId}-ics-why` : undefined}
            onClick={() => void ics.run(downloadIcs)}
            data-testid="job-ics"
          >
            Add to calendar (.ics)
          </button>
          {job.scheduledStart === null ? (
            <span id={`${titleId}-ics-why`} className="hint job-page__ics-why">
              Give the job a time first.
            </span>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <SubmitStatus state={ics} testId="job-ics" />

      {job.callId || job.summary.length > 0 ? (
        <section className="job-section" aria-labelledby="job-call-title">
          <h3 id="job-call-title">From the call</h3>
          {job.summary.length > 0 ? (
            <ul className="job-summary">
              {job.summary.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">No summary of this call yet.</p>
          )}
          {job.callId ? (
            <button type="button" className="button button--quiet" aria-expanded={showCall} onClick={() => setShowCall(!showCall)} data-testid="job-open-call">
              {showCall ? 'Hide the call' : 'Show the call'}
            </button>
          ) : null}
          {showCall && job.callId ? <CallDetailPanel client={client} callId={job.callId} onClose={() => setShowCall(false)} /> : null}
        </section>
      ) : null}

      {toCheck.length > 0 ? (
        <section className="job-section" aria-labelledby="job-fields-title">
          <h3 id="job-fields-title">What was heard</h3>
          <p className="hint">Check each suggestion: accept it, correct it, or reject it. What you choose is kept and shows how often the suggestions are right.</p>
          <ul className="job-fields" data-testid="job-fields">
            {toCheck.map((field) => (
              <ProposedField
                key={field.field}
                client={client}
                jobId={job.jobId}
                field={field}
                onChanged={onChanged}
                onFile={field.field === 'customerName' && job.details.customerId !== null ? job.details.customerName : null}
              />
            ))}
          </ul>
        </section>
      ) : null}

      <DetailsForm client={client} job={job} onChanged={onChanged} />
      <NotesSection client={client} job={job} onChanged={onChanged} />
      <PhotosSection client={client} job={job} onChanged={onChanged} />

      <section className="job-section" aria-labelledby="job-history-title">
        <h3 id="job-history-title">History</h3>
        <ol className="job-history">
          {job.history.map((entry, i) => (
            <li key={i}>
              <span className="hint">{dayTimeWords(entry.atMs)}</span> {entry.words}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

const DECISION_WORDS = { accepted: 'Accepted', edited: 'Corrected', rejected: 'Rejected' } as const;

function ProposedField({ client, jobId, field, onChanged, onFile }: { client: RingsideClient; jobId: string; field: JobFieldView; onChanged(view: JobView): void; onFile: string | null }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const submit = useSubmit();
  const proposed = field.proposed!;
  const label = FIELD_LABELS[field.field];
  const review = (decision: 'accepted' | 'edited' | 'rejected', chosen: string | null) =>
    submit.run(async () => {
      onChanged(await client.invoke('jobs.reviewField', { jobId, field: field.field, decision, chosen }));
      setEditing(false);
      return '';
    });
  function startEdit(): void {
    setDraft(editableOf(field));
    setEditing(true);
  }
  function onSave(event: FormEvent): void {
    event.preventDefault();
    const chosen = chosenOf(field, draft);
    if ('error' in chosen) {
      submit.fail(chosen.error);
      return;
    }
    void review('edited', chosen.value);
  }
  const percent = Math.round(proposed.confidence * 100);
  return (
    <li className={`job-field${field.review ? ` is-${field.review.decision}` : ''}`} data-testid={`job-field-${field.field}`}>
      <div className="job-field__what">
        <span className="job-field__label">{label}</span>
        <span className={`job-field__value${field.review?.decision === 'rejected' ? ' is-struck' : ''}`}>{field.field === 'preferredTime' ? (jobTimeWords(proposed.value.split('/')[0] ?? null, proposed.value.split('/')[1] ?? null) ?? proposed.display) : proposed.display}</span>
        {field.review?.decision === 'edited' && field.review.chosen ? <span className="job-field__chosen">Now: {chosenWords(field, field.review.chosen)}</span> : null}
        {onFile ? (
          <span className="job-field__chosen" data-testid="job-field-on-file">
            On file: {onFile}, from the caller’s number
          </span>
        ) : null}
      </div>
      <div className="job-field__sure">
        <meter className="job-meter" min={0} max={100} low={60} high={85} optimum={100} value={percent} aria-label={`How sure: ${confidenceWords(proposed.confidence)}`} title={`${percent}% sure`} />
        <span className="hint" title={`${percent}% sure`}>
          {confidenceWords(proposed.confidence)}
        </span>
      </div>
      {proposed.evidence ? <q className="job-field__evidence">{proposed.evidence}</q> : null}
      {field.review ? (
        <p className="job-field__review" data-testid={`job-field-${field.field}-review`}>
          <span className={`badge job-decision job-decision--${field.review.decision}`}>{DECISION_WORDS[field.review.decision]}</span> <span className="hint">by {field.review.by}</span>
        </p>
      ) : editing ? (
        <form className="job-field__edit" onSubmit={onSave}>
          <EditControl field={field} label={label} value={draft} onChange={setDraft} />
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            Save
          </button>
          <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="job-field__actions">
          <button type="button" className="button" disabled={submit.busy} onClick={() => void review('accepted', proposed.value)}>
            Accept
          </button>
          <button type="button" className="button" disabled={submit.busy} onClick={startEdit}>
            Edit
          </button>
          <button type="button" className="button button--quiet" disabled={submit.busy} onClick={() => void review('rejected', null)}>
            Reject
          </button>
        </div>
      )}
      {submit.error ? (
        <p className="error" role="alert">
          {submit.error}
        </p>
      ) : null}
    </li>
  );
}

function EditControl({ field, label, value, onChange }: { field: JobFieldView; label: string; value: string; onChange(value: string): void }) {
  const common = { 'aria-label': `${label}, corrected`, value, className: 'input', onChange: (event: { target: { value: string } }) => onChange(event.target.value) };
  if (field.field === 'preferredTime') return <input type="datetime-local" {...common} />;
  if (field.field === 'urgency')
    return (
      <select {...common}>
        {jobUrgencies.map((urgency) => (
          <option key={urgency} value={urgency}>
            {URGENCY_LABELS[urgency]}
          </option>
        ))}
      </select>
    );
  if (field.field === 'description' || field.field === 'notes') return <textarea rows={2} {...common} className="input input--wide" />;
  return <input type="text" {...common} inputMode={field.field === 'price' ? 'decimal' : field.field === 'phone' ? 'tel' : undefined} />;
}

function editableOf(field: JobFieldView): string {
  const value = field.proposed?.value ?? '';
  if (field.field === 'preferredTime') return localInputOf(value.split('/')[0] ?? null);
  if (field.field === 'price') {
    const match = /^(\d+)\s+[A-Z]{3}$/.exec(value);
    return match ? formatMoneyInput(Number(match[1])) : value;
  }
  if (field.field === 'phone' || field.field === 'urgency') return field.proposed?.display && field.field === 'phone' ? field.proposed.display : value;
  return value;
}

/** What was typed, in the field's own form; an error in words when it cannot be read. */
function chosenOf(field: JobFieldView, draft: string): { value: string } | { error: string } {
  const text = draft.trim();
  if (text === '') return { error: 'Write something first, or choose Reject to leave it empty.' };
  switch (field.field) {
    case 'phone': {
      const e164 = toE164(text);
      return e164 ? { value: e164 } : { error: 'That is not a phone number: write it with its area code.' };
    }
    case 'price': {
      const parsed = parseMoneyInput(text);
      const currency = /^\d+\s+([A-Z]{3})$/.exec(field.proposed?.value ?? '')?.[1] ?? 'USD';
      return parsed.ok ? { value: `${parsed.value} ${currency}` } : { error: 'Write the price as an amount, like 450.00.' };
    }
    case 'preferredTime': {
      const start = isoOfLocalInput(text);
      if (!start) return { error: 'Choose a date and time.' };
      const [oldStart, oldEnd] = (field.proposed?.value ?? '').split('/');
      // Keep the length of the visit that was asked for.
      if (oldStart && oldEnd) {
        const length = Date.parse(oldEnd) - Date.parse(oldStart);
        if (length > 0) return { value: `${start}/${isoOfLocalInput(localInputOf(new Date(Date.parse(start) + length).toISOString()))}` };
      }
      return { value: start };
    }
    default:
      return { value: text };
  }
}

function chosenWords(field: JobFieldView, chosen: string): string {
  if (field.field === 'price') {
    const match = /^(\d+)\s+([A-Z]{3})$/.exec(chosen);
    return match ? (jobPriceWords({ priceMinor: Number(match[1]), currency: match[2]! }) ?? chosen) : chosen;
  }
  if (field.field === 'preferredTime') {
    const [start, end] = chosen.split('/');
    return jobTimeWords(start ?? null, end ?? null) ?? chosen;
  }
  if (field.field === 'urgency') return URGENCY_LABELS[chosen as keyof typeof URGENCY_LABELS] ?? chosen;
  return chosen;
}

interface DetailsDraft {
  title: string;
  customerName: string;
  phone: string;
  address: string;
  start: string;
  end: string;
  description: string;
  price: string;
  urgency: string;
}

function draftOf(d: JobDetails): DetailsDraft {
  return {
    title: d.title,
    customerName: d.customerName ?? '',
    phone: d.phone ?? '',
    address: d.address ?? '',
    start: localInputOf(d.scheduledStart),
    end: localInputOf(d.scheduledEnd),
    description: d.description ?? '',
    price: d.priceMinor === null ? '' : formatMoneyInput(d.priceMinor),
    urgency: d.urgency ?? '',
  };
}

function DetailsForm({ client, job, onChanged }: { client: RingsideClient; job: JobView; onChanged(view: JobView): void }) {
  const zoneWords = timesShownInWords(useBusinessTimeZone(client));
  const [draft, setDraft] = useState<DetailsDraft>(() => draftOf(job.details));
  const [errors, setErrors] = useState<Partial<Record<keyof DetailsDraft, string>>>({});
  const submit = useSubmit();
  const saved = JSON.stringify(job.details);
  useEffect(() => setDraft(draftOf(JSON.parse(saved) as JobDetails)), [saved]);
  const set = (patch: Partial<DetailsDraft>) => setDraft((current) => ({ ...current, ...patch }));
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const problems: Partial<Record<keyof DetailsDraft, string>> = {};
    const phone = draft.phone.trim() === '' ? null : toE164(draft.phone);
    if (draft.title.trim() === '') problems.title = 'needs a few words.';
    if (draft.phone.trim() !== '' && !phone) problems.phone = 'is not a number Ringside can read: write it with its area code.';
    const price = draft.price.trim() === '' ? null : parseMoneyInput(draft.price);
    if (price && !price.ok) problems.price = 'should be an amount, like 450.00.';
    const start = isoOfLocalInput(draft.start);
    const end = isoOfLocalInput(draft.end);
    if (start && end && Date.parse(end) <= Date.parse(start)) problems.end = 'should be after the start.';
    if (!start && end) problems.start = 'is needed when there is an end.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      submit.fail('Some details need attention.');
      return;
    }
    const next: Partial<JobDetails> = {
      title: draft.title.trim(),
      customerName: draft.customerName.trim() || null,
      phone,
      address: draft.address.trim() || null,
      scheduledStart: start,
      scheduledEnd: end,
      description: draft.description.trim() || null,
      priceMinor: price && price.ok ? price.value : null,
      currency: price && price.ok ? (job.details.currency ?? 'USD') : null,
      urgency: (draft.urgency || null) as JobDetails['urgency'],
    };
    // Only what changed, so a detail someone else set meanwhile is not written over.
    const changes = Object.fromEntries(Object.entries(next).filter(([key, value]) => (job.details as Record<string, unknown>)[key] !== value));
    if (Object.keys(changes).length === 0) {
      submit.fail('Nothing has changed.');
      return;
    }
    void submit.run(async () => {
      onChanged(await client.invoke('jobs.edit', { jobId: job.jobId, changes }));
      return 'Saved. Every console shows it.';
    });
  }
  const text = (key: keyof DetailsDraft, label: string, props: Record<string, unknown> = {}) => (
    <Field label={label} error={errors[key]}>
      {(control) => <input {...control} {...props} className="input" value={draft[key]} onChange={(event) => set({ [key]: event.target.value })} />}
    </Field>
  );
  return (
    <section className="job-section" aria-labelledby="job-details-title">
      <h3 id="job-details-title">Details</h3>
      <form className="form job-details" onSubmit={onSubmit} noValidate data-testid="job-details">
        {text('title', 'Title')}
        <div className="field-row">
          {text('customerName', 'Customer')}
          {text('phone', 'Phone', { inputMode: 'tel' })}
        </div>
        {text('address', 'Address')}
        <div className="field-row">
          {text('start', 'Starts', { type: 'datetime-local' })}
          {text('end', 'Ends', { type: 'datetime-local' })}
        </div>
        <p className="hint job-details__zone" data-testid="job-details-zone">
          {zoneWords}
        </p>
        <div className="field-row">
          {text('price', `Price (${job.details.currency ?? 'USD'})`, { inputMode: 'decimal' })}
          <Field label="Urgency">
            {(control) => (
              <select {...control} className="input" value={draft.urgency} onChange={(event) => set({ urgency: event.target.value })}>
                <option value="">Not said</option>
                {jobUrgencies.map((urgency) => (
                  <option key={urgency} value={urgency}>
                    {URGENCY_LABELS[urgency]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="What the job is">
          {(control) => <textarea {...control} rows={3} className="input input--wide" value={draft.description} onChange={(event) => set({ description: event.target.value })} />}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save details'}
          </button>
          <SubmitStatus state={submit} testId="job-details" />
        </div>
      </form>
    </section>
  );
}

function NotesSection({ client, job, onChanged }: { client: RingsideClient; job: JobView; onChanged(view: JobView): void }) {
  const [text, setText] = useState('');
  const submit = useSubmit();
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (text.trim() === '') {
      submit.fail('Write the note first.');
      return;
    }
    void submit.run(async () => {
      onChanged(await client.invoke('jobs.addNote', { jobId: job.jobId, text }));
      setText('');
      return 'Note added.';
    });
  }
  return (
    <section className="job-section" aria-labelledby="job-notes-title">
      <h3 id="job-notes-title">Notes</h3>
      {job.notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
      <ul className="job-notes" data-testid="job-notes">
        {job.notes.map((note) => (
          <li key={note.noteId}>
            <p>{note.text}</p>
            <p className="hint">
              {note.by}, {dayTimeWords(note.atMs)}
            </p>
          </li>
        ))}
      </ul>
      <form className="job-note-form" onSubmit={onSubmit}>
        <label htmlFor="job-note-text" className="visually-hidden">
          New note
        </label>
        <textarea id="job-note-text" className="input input--wide" rows={2} placeholder="Gate code, parking, what to bring…" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="button" disabled={submit.busy}>
          Add note
        </button>
      </form>
      <SubmitStatus state={submit} testId="job-note" />
    </section>
  );
}

function PhotosSection({ client, job, onChanged }: { client: RingsideClient; job: JobView; onChanged(view: JobView): void }) {
  const submit = useSubmit();
  const [shown, setShown] = useState<{ url: string; label: string } | null>(null);
  async function upload(file: File): Promise<string> {
    if (!file.type.startsWith('image/')) throw new Error('Choose a photo (an image file).');
    if (file.size > 10 * 1024 * 1024) throw new Error('This photo is larger than 10 MB: choose a smaller one.');
    const base64 = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(new Error('This file could not be read.'));
      reader.readAsDataURL(file);
    });
    onChanged(await client.invoke('jobs.addPhoto', { jobId: job.jobId, fileName: file.name, contentType: file.type, base64 }));
    return `${file.name} added.`;
  }
  return (
    <section className="job-section" aria-labelledby="job-photos-title">
      <h3 id="job-photos-title">Photos</h3>
      {job.photos.length === 0 ? <p className="muted">No photos yet. Photos the customer texts in are added here by themselves.</p> : null}
      <ul className="job-photos" data-testid="job-photos">
        {job.photos.map((photo) => (
          <li key={photo.sha256}>
            <PhotoThumb client={client} sha256={photo.sha256} label={photo.fileName} onShow={setShown} />
          </li>
        ))}
      </ul>
      <input
        id="job-photo-file"
        type="file"
        accept="image/*"
        className="file-input"
        data-testid="job-photo-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void submit.run(() => upload(file));
        }}
      />
      <label htmlFor="job-photo-file" className="button file-button">
        {submit.busy ? 'Adding…' : 'Add a photo'}
      </label>
      <SubmitStatus state={submit} testId="job-photo" />
      {shown ? <PhotoViewer url={shown.url} label={shown.label} onClose={() => setShown(null)} /> : null}
    </section>
  );
}

function PhotoThumb({ client, sha256, label, onShow }: { client: RingsideClient; sha256: string; label: string; onShow(photo: { url: string; label: string }): void }) {
  const photo = useApiQuery(client, 'jobs.photo', { sha256 });
  if (photo.error) return <span className="hint job-photo__problem">{photo.error}</span>;
  if (!photo.data) return <span className="job-photo__loading hint">Loading…</span>;
  const url = photo.data.dataUrl;
  return (
    <button type="button" className="job-photo" onClick={() => onShow({ url, label })} aria-label={`Show ${label}`}>
      <img src={url} alt={label} />
    </button>
  );
}

/** Where the job came from, after the visit: "from the call on 2 Dec, 6:55", "added by Maya". */
function originWords(origin: string): string {
  if (/^(Call|Voicemail)\b/.test(origin)) return `from the ${origin.charAt(0).toLowerCase()}${origin.slice(1)}`;
  if (/^Texts\b/.test(origin)) return `from t${origin.slice(1)}`;
  return origin.charAt(0).toLowerCase() + origin.slice(1);
}
