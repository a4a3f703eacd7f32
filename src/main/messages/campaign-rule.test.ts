import { describe, expect, it } from 'vitest';
import { campaignFor, ruleCampaignId, type CampaignCandidate, type OutgoingText } from './campaign-rule';

const LINE = '+16175550199';
const T0 = Date.parse('2026-03-02T15:00:00.000Z');
const recipient = (i: number) => `${LINE}|+1617555${String(1000 + i)}`;
const sent = (i: number, minutes: number, campaignId: string | null = null): OutgoingText => ({ messageId: `m${i}`, conversationKey: recipient(i), sentAtMs: T0 + minutes * 60_000, campaignId });
const candidate = (i: number, minutes: number, overrides: Partial<CampaignCandidate> = {}): CampaignCandidate => ({
  ...sent(i, minutes),
  businessNumber: LINE,
  body: 'Spring sale: 20% off this week',
  providerCampaignId: null,
  ...overrides,
});

describe('the campaign rule', () => {
  it('the provider’s campaign marker is taken as it is, whatever else was sent', () => {
    expect(campaignFor(candidate(1, 0, { providerCampaignId: 'CP42' }), [])).toEqual({ campaignId: 'CP42', members: ['m1'] });
  });

  it('the same text to nine recipients is not a campaign; the tenth within 30 minutes makes one of all ten', () => {
    const nine = Array.from({ length: 9 }, (_, i) => sent(i, i * 3));
    expect(campaignFor(candidate(8, 24), nine.slice(0, 8))).toBeNull();
    const decision = campaignFor(candidate(9, 27), nine);
    expect(decision?.members).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(decision?.campaignId).toBe(ruleCampaignId(LINE, T0, 'Spring sale: 20% off this week'));
  });

  it('ten texts spread over more than 30 minutes are ordinary replies', () => {
    const spread = Array.from({ length: 9 }, (_, i) => sent(i, i * 5));
    expect(campaignFor(candidate(9, 45), spread)).toBeNull();
  });

  it('ten texts to the same person are not ten recipients', () => {
    const same = Array.from({ length: 12 }, (_, i) => ({ ...sent(i, i), conversationKey: recipient(1) }));
    expect(campaignFor({ ...candidate(12, 12), conversationKey: recipient(1) }, same)).toBeNull();
  });

  it('a text after the campaign was found joins it', () => {
    const id = ruleCampaignId(LINE, T0, 'Spring sale: 20% off this week');
    expect(campaignFor(candidate(11, 31), [sent(10, 29, id)])).toEqual({ campaignId: id, members: ['m11'] });
  });

  it('a text of its own is never a campaign, nor an empty one (a photo alone)', () => {
    expect(campaignFor(candidate(1, 0, { body: '  ' }), Array.from({ length: 20 }, (_, i) => sent(i + 2, 0)))).toBeNull();
    expect(campaignFor(candidate(1, 0), [])).toBeNull();
  });
});
