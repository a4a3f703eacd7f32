import { useEffect, useId, useState } from 'react';
import type { MessagingPolicy } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { useConsoleIdentity } from '../team/console-identity';

/**
 * The campaign rule (which bulk texts the inbox hides): an admin changes it here, posted
 * through the relay as messaging_policy.defined so every console hides the same texts;
 * other roles read it. It applies to texts from then on.
 */
export function CampaignRuleForm({ client }: { client: RingsideClient }) {
  const policy = useApiQuery(client, 'messages.policy', {});
  const identity = useConsoleIdentity();
  // Unknown role (relay not reached yet): the form shows, and the relay still refuses non-admins.
  const mayChange = identity === null || identity.role === 'admin';
  if (!policy.data) return null;
  return mayChange ? <RuleEditor client={client} policy={policy.data} /> : <RuleReadOnly policy={policy.data} role={identity?.role ?? 'agent'} />;
}

function ruleText(policy: Pick<MessagingPolicy, 'campaignMinRecipients' | 'campaignWindowMinutes'>): string {
  return `The same text sent to at least ${policy.campaignMinRecipients} people within ${policy.campaignWindowMinutes} minutes is treated as a campaign.`;
}

function RuleReadOnly({ policy, role }: { policy: MessagingPolicy; role: string }) {
  return (
    <p className="hint" data-testid="campaign-rule">
      {ruleText(policy)} {policy.isDefault ? '(the default)' : null} Only an admin console can change this; this is {role === 'bookkeeper' ? 'the bookkeeper console' : 'an agent console'}.
    </p>
  );
}

function RuleEditor({ client, policy }: { client: RingsideClient; policy: MessagingPolicy }) {
  const ids = useId();
  const submit = useSubmit();
  const [recipients, setRecipients] = useState(String(policy.campaignMinRecipients));
  const [minutes, setMinutes] = useState(String(policy.campaignWindowMinutes));
  // Another console may change it: show the rule in force once it arrives.
  useEffect(() => {
    setRecipients(String(policy.campaignMinRecipients));
    setMinutes(String(policy.campaignWindowMinutes));
  }, [policy.campaignMinRecipients, policy.campaignWindowMinutes]);
  return (
    <form
      className="campaign-rule"
      data-testid="campaign-rule-form"
      onSubmit={(event) => {
        event.preventDefault();
        const campaignMinRecipients = Number(recipients);
        const campaignWindowMinutes = Number(minutes);
        if (!Number.isInteger(campaignMinRecipients) || campaignMinRecipients < 2) return submit.fail('The number of people must be a whole number, at least 2.');
        if (!Number.isInteger(campaignWindowMinutes) || campaignWindowMinutes < 1 || campaignWindowMinutes > 10_080) return submit.fail('The minutes must be a whole number from 1 to 10,080 (a week).');
        void submit.run(async () => {
          await client.invoke('messages.definePolicy', { campaignMinRecipients, campaignWindowMinutes });
          return 'Saved. Texts from now on follow the new rule; earlier ones keep theirs.';
        });
      }}
    >
      <p className="campaign-rule__sentence">
        <label htmlFor={`${ids}-n`}>Treat the same text sent to at least</label>{' '}
        <input id={`${ids}-n`} className="input campaign-rule__number" type="number" min={2} max={10_000} step={1} value={recipients} onChange={(event) => setRecipients(event.target.value)} />{' '}
        <label htmlFor={`${ids}-m`}>people within</label>{' '}
        <input id={`${ids}-m`} className="input campaign-rule__number" type="number" min={1} max={10_080} step={1} value={minutes} onChange={(event) => setMinutes(event.target.value)} /> minutes as a campaign.{' '}
        <button type="submit" className="button" disabled={submit.busy}>
          Save rule
        </button>
      </p>
      <p className="hint">
        {policy.isDefault ? 'This is the default (10 people within 30 minutes).' : `Set ${new Date(policy.definedAt ?? '').toLocaleString()}.`} A provider&apos;s own campaign marker is always
        followed.
      </p>
      <SubmitStatus state={submit} testId="campaign-rule-status" />
    </form>
  );
}
