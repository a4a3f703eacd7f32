import { useEffect, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { JobBoard } from '../../../shared/api/jobs';
import { jobStages, type JobStage } from '../../../shared/events/model';
import { useApiQuery } from '../api/use-api-query';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { TabList } from '../navigation/TabList';
import { useConsoleIdentity } from '../team/console-identity';
import { AccuracyPanel } from './AccuracyPanel';
import { boardWithMove, JobBoardView, type MoveRequest } from './JobBoardView';
import { JobCalendarView } from './JobCalendarView';
import { JobDrawer } from './JobDrawer';
import './jobs.css';

type TabId = 'board' | 'calendar';
const tabs = [
  { id: 'board', label: 'Board' },
  { id: 'calendar', label: 'Calendar' },
] as const;

/**
 * Jobs (issue 15 §3): calls become jobs. The board has a column per stage; a call's
 * suggestions arrive in the first one; people move them on by dragging, by keyboard or with
 * "Move to…", and open each to check what was heard. The calendar shows the confirmed ones.
 */
export function JobsPage({ client }: { client: RingsideClient }) {
  const identity = useConsoleIdentity();
  const isAdmin = identity === null || identity.role === 'admin';
  const [tab, setTab] = useState<TabId>('board');
  const [query, setQuery] = useState('');
  const read = useApiQuery(client, 'jobs.board', query.trim() ? { query: query.trim() } : {});
  const [shown, setShown] = useState<JobBoard | null>(null);
  const [openJob, setOpenJob] = useState<string | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [naming, setNaming] = useState(false);
  useEffect(() => setShown(read.data), [read.data]);
  const board = shown ?? read.data;
  const names = Object.fromEntries((board?.columns ?? []).map((column) => [column.stage, column.name])) as Record<JobStage, string>;
  const total = board?.columns.reduce((sum, column) => sum + column.jobs.length, 0) ?? 0;

  function move(request: MoveRequest): void {
    if (!board) return;
    setMoveError(null);
    setShown(boardWithMove(board, request));
    client.invoke('jobs.move', request).then(
      (answer) => setShown(query.trim() ? boardWithMove(board, request) : answer),
      (error: Error) => {
        setShown(read.data);
        setMoveError(`The job was not moved: ${error.message}`);
      },
    );
  }

  return (
    <section className="jobs" aria-labelledby="jobs-title">
      <div className="page-heading jobs__heading">
        <h1 id="jobs-title">Jobs</h1>
        <div className="jobs__tools">
          <label htmlFor="jobs-search" className="visually-hidden">
            Find a job
          </label>
          <input id="jobs-search" type="search" className="input" placeholder="Find a job, customer or address" value={query} onChange={(event) => setQuery(event.target.value)} />
          <button type="button" className="button button--primary" onClick={() => setAdding(!adding)} aria-expanded={adding}>
            New job
          </button>
          {isAdmin ? (
            <button type="button" className="button button--quiet" onClick={() => setNaming(!naming)} aria-expanded={naming}>
              Name the stages
            </button>
          ) : null}
        </div>
      </div>
      {adding ? (
        <NewJobForm
          client={client}
          onMade={(jobId) => {
            setAdding(false);
            setOpenJob(jobId);
          }}
        />
      ) : null}
      {naming && board ? <StageNamesForm client={client} names={names} onDone={() => setNaming(false)} /> : null}
      <TabList label="Jobs views" tabs={tabs} current={tab} onChange={(id) => setTab(id as TabId)} idPrefix="jobs" />
      <div role="tabpanel" id="jobs-panel" aria-labelledby={`jobs-tab-${tab}`} className="jobs__panel">
        {tab === 'board' ? (
          <>
            {read.error && !board ? (
              <p className="error" role="alert">
                Could not read the jobs: {read.error}
              </p>
            ) : null}
            {moveError ? (
              <p className="error" role="alert" data-testid="job-move-error">
                {moveError}
              </p>
            ) : null}
            {board && total === 0 && !query.trim() ? <p className="empty">No jobs yet: jobs appear here when a caller asks for a visit.</p> : null}
            {board && total === 0 && query.trim() ? <p className="empty">No job matches “{query.trim()}”.</p> : null}
            {board && total > 0 ? <JobBoardView board={board} onMove={move} onOpen={setOpenJob} /> : null}
            {!board && !read.error ? <p className="muted">Loading the jobs…</p> : null}
            <AccuracyPanel client={client} />
          </>
        ) : (
          <JobCalendarView client={client} onOpen={setOpenJob} canAdmin={isAdmin} stageNames={names} />
        )}
      </div>
      {openJob ? <JobDrawer key={openJob} client={client} jobId={openJob} stageName={(stage) => names[stage] ?? stage} onClose={() => setOpenJob(null)} /> : null}
    </section>
  );
}

function NewJobForm({ client, onMade }: { client: RingsideClient; onMade(jobId: string): void }) {
  const [title, setTitle] = useState('');
  const [customerName, setCustomerName] = useState('');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = useSubmit();
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (title.trim() === '') {
      setError('needs a few words, like “Kitchen quote”.');
      submit.fail('Give the job a title.');
      return;
    }
    setError(undefined);
    void submit.run(async () => {
      const made = await client.invoke('jobs.create', {
        requestId: crypto.randomUUID(),
        callId: null,
        details: { title: title.trim(), ...(customerName.trim() ? { customerName: customerName.trim() } : {}), ...(address.trim() ? { address: address.trim() } : {}) },
      });
      onMade(made.jobId);
      return 'Job added.';
    });
  }
  return (
    <form className="panel panel--full form job-new" onSubmit={onSubmit} noValidate aria-labelledby="job-new-title">
      <h2 id="job-new-title">New job</h2>
      <div className="field-row">
        <Field label="Title" error={error}>
          {(control) => <input {...control} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <Field label="Customer">
          {(control) => <input {...control} className="input" value={customerName} onChange={(event) => setCustomerName(event.target.value)} />}
        </Field>
        <Field label="Address">
          {(control) => <input {...control} className="input" value={address} onChange={(event) => setAddress(event.target.value)} />}
        </Field>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Add job
        </button>
        <SubmitStatus state={submit} testId="job-new" />
      </div>
    </form>
  );
}

function StageNamesForm({ client, names, onDone }: { client: RingsideClient; names: Record<JobStage, string>; onDone(): void }) {
  const [draft, setDraft] = useState(names);
  const submit = useSubmit();
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (jobStages.some((stage) => draft[stage].trim() === '')) {
      submit.fail('Give every stage a name.');
      return;
    }
    void submit.run(async () => {
      await client.invoke('jobs.nameStages', { names: draft });
      onDone();
      return 'Stage names saved for every console.';
    });
  }
  return (
    <form className="panel panel--full form job-stages" onSubmit={onSubmit} noValidate aria-labelledby="job-stages-title">
      <h2 id="job-stages-title">Name the stages</h2>
      <p className="hint">The board’s columns, in this order. The calendar shows jobs from the third one on.</p>
      <div className="field-row">
        {jobStages.map((stage, i) => (
          <Field key={stage} label={`Stage ${i + 1}`}>
            {(control) => <input {...control} className="input" maxLength={60} value={draft[stage]} onChange={(event) => setDraft({ ...draft, [stage]: event.target.value })} />}
          </Field>
        ))}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Save names
        </button>
        <SubmitStatus state={submit} testId="job-stages" />
      </div>
    </form>
  );
}
