import type { RingsideClient } from '../../../shared/api/contract';
import { NOTICE_KIND_NAMES } from '../../../shared/notices/notice-kinds';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { formatInstant } from '../billing/billing-format';
import { LoadError } from '../billing/LoadError';
import { BADGE_CLASS } from './PortalLinksPanel';
import { CHANNEL_NAMES, noticeStateWords } from './portal-link-words';
import './portal.css';

/** The customer page's log of the notices the relay sent them (issue 14 §2), and what they unsubscribed from. */
export function NoticesSentPanel({ client, customerId }: { client: RingsideClient; customerId: string }) {
  const log = useApiQuery(client, 'notices.ofCustomer', { customerId });
  const data = log.data;
  return (
    <section className="panel panel--full no-print" aria-labelledby="notices-sent-heading" data-testid="notices-sent">
      <h2 id="notices-sent-heading">Notices sent</h2>
      <LoadError what="the notices" error={log.error} />
      {data ? (
        <p className="hint" data-testid="notices-unsubscribed">
          {data.unsubscribed.length === 0
            ? 'Not unsubscribed from anything: gets every notice that is turned on.'
            : `Unsubscribed from: ${data.unsubscribed.map((kind) => NOTICE_KIND_NAMES[kind]).join(', ')}. Those are not sent to them.`}
        </p>
      ) : null}
      {data && data.notices.length === 0 ? <p className="empty">No notices sent yet.</p> : null}
      {data && data.notices.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="notices-sent-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Notice</th>
                <th scope="col">How</th>
                <th scope="col">To</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {data.notices.map((notice) => {
                const state = noticeStateWords(notice, formatInstant);
                return (
                  <tr key={notice.noticeId} data-testid="notice-row" data-state={notice.state} data-kind={notice.kind}>
                    <td>{formatInstant(notice.sentAt ?? notice.createdAt)}</td>
                    <td>
                      {NOTICE_KIND_NAMES[notice.kind]}
                      {notice.subject ? <span className="muted portal-notice__subject"> · {notice.subject}</span> : null}
                    </td>
                    <td>{CHANNEL_NAMES[notice.channel]}</td>
                    <td>{notice.channel === 'sms' ? formatPhone(notice.recipient) : notice.recipient}</td>
                    <td data-testid="notice-state">
                      <span className={`badge ${BADGE_CLASS[state.tone]}`}>{state.badge}</span>
                      {state.detail ? <span className={notice.state === 'failed' ? 'error' : 'muted'}> {state.detail}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
