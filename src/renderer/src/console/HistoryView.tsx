import { useEffect, useState } from 'react';
import type { CallHistoryRow, RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../../../shared/phone';
import { formatDuration } from '../../../shared/units';

const HISTORY_LIMIT = 200;

/** The most recent calls, newest first. */
export function HistoryView({ client }: { client: RingsideClient }) {
  const [rows, setRows] = useState<CallHistoryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.invoke('calls.history', { limit: HISTORY_LIMIT }).then(
      (history) => !cancelled && setRows(history),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  return (
    <>
      <h1>Call history</h1>
      {error ? (
        <p className="error" role="alert">
          Could not load the history: {error}
        </p>
      ) : null}
      {rows === null && !error ? <p className="muted">Loading…</p> : null}
      {rows?.length === 0 ? <p className="empty">No calls yet.</p> : null}
      {rows && rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Caller</th>
                <th scope="col">Number</th>
                <th scope="col">Line</th>
                <th scope="col">Direction</th>
                <th scope="col" className="numeric">
                  Talk time
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.callId}>
                  <td>{new Date(row.startedAt).toLocaleString()}</td>
                  <td>{row.customerName ?? <span className="muted">Unknown caller</span>}</td>
                  <td>{formatPhone(row.number)}</td>
                  <td>{formatPhone(row.businessNumber)}</td>
                  <td>{row.direction === 'incoming' ? 'Incoming' : 'Outgoing'}</td>
                  <td className="numeric">{row.answeredAt ? formatDuration(row.durationSeconds) : 'Missed'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
