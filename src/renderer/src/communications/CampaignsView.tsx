import type { RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { countText } from '../lists/count-text';
import { CampaignRuleForm } from './CampaignRuleForm';

const LIMIT = 200;

/** Bulk texts sent to many customers: what was sent, to how many, and how many answered. */
export function CampaignsView({ client }: { client: RingsideClient }) {
  const campaigns = useApiQuery(client, 'messages.campaigns', { limit: LIMIT });
  const rows = campaigns.data;
  return (
    <section aria-label="Campaigns" className="comms-campaigns">
      <p className="hint">Campaign messages are hidden from the conversations list unless you ask for them; replies to a campaign always show there, marked as such.</p>
      <CampaignRuleForm client={client} />
      {campaigns.error ? (
        <p className="error" role="alert">
          Could not load the campaigns: {campaigns.error}
        </p>
      ) : null}
      {rows === null && !campaigns.error ? <p className="muted">Loading…</p> : null}
      {rows?.length === 0 ? <p className="empty">No campaigns sent yet.</p> : null}
      {rows && rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="campaigns">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Message</th>
                <th scope="col">Line</th>
                <th scope="col" className="numeric">
                  Recipients
                </th>
                <th scope="col" className="numeric">
                  Replies
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((campaign) => (
                <tr key={campaign.campaignId} data-testid="campaign">
                  <td>{sentText(campaign.firstSentAt, campaign.lastSentAt)}</td>
                  <td className="comms-campaign__text">{campaign.text}</td>
                  <td>{formatPhone(campaign.businessNumber)}</td>
                  <td className="numeric">{campaign.recipients.toLocaleString('en-US')}</td>
                  <td className="numeric">
                    {countText(campaign.responses, 'reply', 'replies')}
                    {campaign.recipients > 0 ? <span className="muted"> ({Math.round((100 * campaign.responses) / campaign.recipients)} %)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function sentText(first: string, last: string): string {
  const day = (instant: string) => new Date(instant).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const start = day(first);
  return first.slice(0, 16) === last.slice(0, 16) ? start : `${start} – ${new Date(last).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`;
}
