import { useId, useState } from 'react';
import type { CallActivityRow, CallActivityStatus } from '../../../shared/api/communications';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { apiQueryKey } from '../api/use-api-query';
import { CustomerPicker } from '../customers/CustomerPicker';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualTable } from '../lists/VirtualTable';
import { useNow } from '../time/use-now';
import { CallDetailPanel } from './CallDetailPanel';
import { answeredByText, callDurationText, callProviderName, callStatusChoices, callStatusText } from './call-words';
import { LineSelect } from './LineSelect';

const PAGE = 100;

type CallCursor = { startedAt: string; callId: string };

/** Calls going on now and every call before, newest first, with a detail panel for the one chosen. */
export function CallsView({ client, openCallId, onOpenCall }: { client: RingsideClient; openCallId: string | null; onOpenCall(callId: string | null): void }) {
  const statusId = useId();
  const [status, setStatus] = useState<CallActivityStatus | undefined>(undefined);
  const [line, setLine] = useState<string | undefined>(undefined);
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const now = useNow();
  const filter = { limit: PAGE, ...(status ? { status } : {}), ...(line ? { line } : {}), ...(customer ? { customerId: customer.id } : {}) };
  const calls = usePagedList({
    queryKey: apiQueryKey('communications.callPage', filter),
    pageSize: PAGE,
    read: (before: CallCursor | undefined) => client.invoke('communications.callPage', before ? { ...filter, before } : filter),
    cursorOf: (call: CallActivityRow) => ({ startedAt: call.startedAt, callId: call.callId }),
  });
  const rows = calls.rows;

  return (
    <div className={openCallId ? 'comms-split comms-split--open' : 'comms-split'}>
      <section className="comms-list" aria-label="Calls">
        <div className="comms-filters" role="group" aria-label="Filter calls">
          <div className="comms-filter">
            <label htmlFor={statusId}>Status</label>
            <select id={statusId} className="input" value={status ?? ''} onChange={(event) => setStatus((event.target.value || undefined) as CallActivityStatus | undefined)}>
              <option value="">Any status</option>
              {callStatusChoices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <LineSelect seen={rows?.map((row) => ({ number: row.businessNumber, name: row.lineName })) ?? []} value={line} onChange={setLine} />
          <div className="comms-filter comms-filter--customer">
            <CustomerPicker client={client} label="Customer" value={customer} onChange={setCustomer} />
          </div>
          {calls.total !== null ? <span className="count comms-filters__count">{countText(calls.total, 'call')}</span> : null}
        </div>
        {calls.error ? (
          <p className="error" role="alert">
            Could not load the calls: {calls.error}
          </p>
        ) : null}
        {rows === null && !calls.error ? <p className="muted">Loading…</p> : null}
        {rows?.length === 0 ? <p className="empty">No calls match.</p> : null}
        {rows && rows.length > 0 ? (
          <VirtualTable
            rows={rows}
            rowKey={(row) => row.callId}
            testId="comms-calls"
            estimateRowHeight={49}
            onNearEnd={calls.loadMore}
            head={
              <tr>
                <th scope="col">When</th>
                <th scope="col">Caller</th>
                <th scope="col">Status</th>
                <th scope="col" className="comms-col-optional">
                  Answered by
                </th>
                <th scope="col" className="numeric">
                  Duration
                </th>
                <th scope="col" className="comms-col-optional">
                  <span className="visually-hidden">Recording, voicemail, transcript</span>
                </th>
              </tr>
            }
            renderRow={(row, props) => (
              <tr
                {...props}
                className={`comms-call comms-call--${row.status}${row.callId === openCallId ? ' is-selected' : ''}`}
                aria-selected={row.callId === openCallId}
                data-call-id={row.callId}
              >
                <td className="comms-call__when">
                  <button type="button" className="link-button" onClick={() => onOpenCall(row.callId)} aria-label={`Open the call with ${row.customerName ?? formatPhone(row.number)} at ${new Date(row.startedAt).toLocaleString()}`}>
                    {whenText(row.startedAt, now)}
                  </button>
                </td>
                <td>
                  <span className="comms-call__who">{row.customerName ?? <span className="muted">Unknown caller</span>}</span>
                  <span className="muted comms-call__number">
                    {row.direction === 'incoming' ? '↘' : '↗'} {formatPhone(row.number)}
                    {callProviderName(row.callId) ? ` · ${callProviderName(row.callId)}` : ''}
                  </span>
                  {row.summaryHeadline ? <span className="comms-call__headline">{row.summaryHeadline}</span> : null}
                </td>
                <td>
                  <span className={`call-status call-status--${row.status}`} data-testid="call-status">
                    {callStatusText(row)}
                  </span>
                </td>
                <td className="comms-col-optional">{answeredByText(row)}</td>
                <td className="numeric">{callDurationText(row, now)}</td>
                <td className="comms-col-optional">
                  <span className="comms-call__has">
                    {row.hasRecording ? <span>Recording</span> : null}
                    {row.hasVoicemail ? <span>Voicemail</span> : null}
                    {row.hasTranscript ? <span>Transcript</span> : null}
                  </span>
                </td>
              </tr>
            )}
          />
        ) : null}
        {calls.loadingMore ? <p className="muted">Loading older calls…</p> : null}
      </section>
      {openCallId ? <CallDetailPanel client={client} callId={openCallId} onClose={() => onOpenCall(null)} /> : null}
    </div>
  );
}

/** The time alone for a call today, else the day too. */
function whenText(instant: string, nowMs: number): string {
  const at = new Date(instant);
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return at.toDateString() === new Date(nowMs).toDateString() ? time : `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${time}`;
}
