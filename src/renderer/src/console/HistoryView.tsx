import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CallHistoryRow, RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { apiQueryKey } from '../api/use-api-query';
import { historyTalkTimeText } from '../calls/history-words';
import { callStatusText } from '../communications/call-words';
import { VirtualTable } from '../lists/VirtualTable';
import { CallNotesButton } from '../call-notes/CallNotesButton';

const PAGE = 200;

type Cursor = { startedAt: string; callId: string } | null;

/** Every call, newest first: pages of 200 read as the list scrolls, only the rows in view rendered. */
export function HistoryView({ client }: { client: RingsideClient }) {
  const history = useInfiniteQuery({
    queryKey: apiQueryKey('calls.history', { limit: PAGE }),
    queryFn: ({ pageParam }: { pageParam: Cursor }) => client.invoke('calls.history', pageParam ? { limit: PAGE, before: pageParam } : { limit: PAGE }),
    initialPageParam: null as Cursor,
    // The next page starts after the last row's (start, id): a start alone is not unique.
    getNextPageParam: (page: CallHistoryRow[]): Cursor => {
      const last = page.at(-1);
      return page.length === PAGE && last ? { startedAt: last.startedAt, callId: last.callId } : null;
    },
  });
  const rows = history.data?.pages.flat() ?? null;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <>
      <h1>Call history</h1>
      {history.error ? (
        <p className="error" role="alert">
          Could not load the history: {history.error.message}
        </p>
      ) : null}
      {rows === null && !history.error ? <p className="muted">Loading…</p> : null}
      {rows?.length === 0 ? <p className="empty">No calls yet.</p> : null}
      {rows && rows.length > 0 ? (
        <VirtualTable
          rows={rows}
          rowKey={(row) => row.callId}
          testId="history-table"
          estimateRowHeight={41}
          onNearEnd={loadMore}
          head={
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Caller</th>
              <th scope="col">Number</th>
              <th scope="col">Line</th>
              <th scope="col">Direction</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Talk time
              </th>
              <th scope="col">Notes</th>
            </tr>
          }
          renderRow={(row, props) => (
            <tr {...props}>
              <td>{new Date(row.startedAt).toLocaleString()}</td>
              <td>{row.customerName ?? <span className="muted">Unknown caller</span>}</td>
              <td>{formatPhone(row.number)}</td>
              <td>{formatPhone(row.businessNumber)}</td>
              <td>{row.direction === 'incoming' ? 'Incoming' : 'Outgoing'}</td>
              <td>{callStatusText(row)}</td>
              <td className="numeric">{historyTalkTimeText(row)}</td>
              <td><CallNotesButton client={client} callId={row.callId} /></td>
            </tr>
          )}
        />
      ) : null}
      {isFetchingNextPage ? <p className="muted">Loading older calls…</p> : null}
    </>
  );
}
