import type { MessagingPolicy } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';
import { CAMPAIGN_RULE } from '../messages/campaign-rule';

/** The campaign rule in force as the Campaigns tab shows it: an admin's, else the defaults. */
export function messagingPolicy(db: ConsoleDatabase): MessagingPolicy {
  const row = db.sqlite.prepare('SELECT campaign_min_recipients, campaign_window_minutes, defined_at_ms FROM messaging_policy WHERE id = 1').get() as
    | { campaign_min_recipients: number; campaign_window_minutes: number; defined_at_ms: number }
    | undefined;
  if (!row) return { campaignMinRecipients: CAMPAIGN_RULE.minRecipients, campaignWindowMinutes: CAMPAIGN_RULE.windowMinutes, isDefault: true, definedAt: null };
  return { campaignMinRecipients: row.campaign_min_recipients, campaignWindowMinutes: row.campaign_window_minutes, isDefault: false, definedAt: new Date(row.defined_at_ms).toISOString() };
}
