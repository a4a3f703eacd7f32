import { createHash } from 'node:crypto';

/**
 * How the console recognizes a campaign (bulk outgoing texts) when the provider does not
 * mark one: the same text sent from one line to at least `minRecipients` different
 * conversations within `windowMinutes`. An admin sets it with `messaging_policy.defined`
 * (in the log, not a local setting, so every console projects the same log the same way;
 * README "Campaigns"); until one is defined, CAMPAIGN_RULE.
 *
 * A new rule applies to texts projected after it in the log. Texts already projected keep
 * the campaign they were given, and so they do on re-projection (the same log in the same
 * order): a receptionist who saw a text hidden as a campaign yesterday finds it hidden
 * still, and the campaign counts already shown do not change under them.
 */
export interface CampaignRule {
  minRecipients: number;
  windowMinutes: number;
}

export const CAMPAIGN_RULE: CampaignRule = { minRecipients: 10, windowMinutes: 30 };

/** The rule in force: the policy row an admin defined, else the defaults. */
export function campaignRuleOf(policy: { campaign_min_recipients: number; campaign_window_minutes: number } | undefined): CampaignRule {
  return policy ? { minRecipients: policy.campaign_min_recipients, windowMinutes: policy.campaign_window_minutes } : CAMPAIGN_RULE;
}

export interface OutgoingText {
  messageId: string;
  conversationKey: string;
  sentAtMs: number;
  campaignId: string | null;
}

export interface CampaignCandidate extends OutgoingText {
  businessNumber: string;
  body: string;
  providerCampaignId: string | null;
}

export interface CampaignDecision {
  campaignId: string;
  /** Messages that belong to it from now on (the candidate and those found with it). */
  members: string[];
}

/** A rule campaign's id: its line, when its first message went out, and its text's digest. */
export function ruleCampaignId(businessNumber: string, firstSentAtMs: number, body: string): string {
  return `rule:${businessNumber}:${firstSentAtMs}:${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
}

/**
 * The campaign an outgoing message belongs to, if any. `sameText`: the other outgoing
 * messages of the same line with the same text sent within the window either side of it
 * (whatever order they were applied in). A provider's marker is taken as it is; a rule
 * campaign already found nearby is joined; otherwise a window of `windowMinutes` holding
 * the candidate and enough distinct recipients makes a new one of everything in it.
 */
export function campaignFor(candidate: CampaignCandidate, sameText: readonly OutgoingText[], rule: CampaignRule = CAMPAIGN_RULE): CampaignDecision | null {
  if (candidate.providerCampaignId !== null) return { campaignId: candidate.providerCampaignId, members: [candidate.messageId] };
  if (candidate.body.trim() === '') return null;
  const windowMs = rule.windowMinutes * 60_000;
  const near = sameText.filter((m) => m.messageId !== candidate.messageId && Math.abs(m.sentAtMs - candidate.sentAtMs) <= windowMs);
  const joined = near.find((m) => m.campaignId !== null && m.campaignId.startsWith('rule:'));
  if (joined) return { campaignId: joined.campaignId!, members: [candidate.messageId] };
  const all = [...near.filter((m) => m.campaignId === null), candidate].sort((a, b) => a.sentAtMs - b.sentAtMs || a.messageId.localeCompare(b.messageId));
  // Windows that hold the candidate start at some message no later than it.
  for (const start of all) {
    if (start.sentAtMs > candidate.sentAtMs) break;
    const inWindow = all.filter((m) => m.sentAtMs >= start.sentAtMs && m.sentAtMs <= start.sentAtMs + windowMs);
    if (candidate.sentAtMs > start.sentAtMs + windowMs) continue;
    if (new Set(inWindow.map((m) => m.conversationKey)).size >= rule.minRecipients) {
      return { campaignId: ruleCampaignId(candidate.businessNumber, inWindow[0]!.sentAtMs, candidate.body), members: inWindow.map((m) => m.messageId) };
    }
  }
  return null;
}
