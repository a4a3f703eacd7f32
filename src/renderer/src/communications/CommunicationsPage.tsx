import { useId, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { TabList } from '../navigation/TabList';
import { CallsView } from './CallsView';
import { CampaignsView } from './CampaignsView';
import { CommunicationsSearch } from './CommunicationsSearch';
import { MessagesView } from './MessagesView';
import './communications.css';

const tabs = [
  { id: 'calls', label: 'Calls' },
  { id: 'messages', label: 'Messages' },
  { id: 'campaigns', label: 'Campaigns' },
] as const;
type TabId = (typeof tabs)[number]['id'];

/** Every call and message: live and past calls with recordings and transcripts, the shared inbox, campaigns, and one search over all of it. */
export function CommunicationsPage({ client }: { client: RingsideClient }) {
  const id = useId();
  const [tab, setTab] = useState<TabId>('calls');
  const [openCallId, setOpenCallId] = useState<string | null>(null);
  const [openConversation, setOpenConversation] = useState<string | null>(null);
  return (
    <>
      <div className="comms-top">
        <h1>Communications</h1>
        <CommunicationsSearch
          client={client}
          onOpenHit={(hit) => {
            if (hit.kind === 'message') {
              setOpenConversation(hit.conversationKey);
              setTab('messages');
            } else {
              setOpenCallId(hit.callId);
              setTab('calls');
            }
          }}
        />
      </div>
      <TabList<TabId> label="Communications" tabs={tabs} current={tab} onChange={setTab} idPrefix={id} />
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="tab-panel comms-panel">
        {tab === 'calls' ? <CallsView client={client} openCallId={openCallId} onOpenCall={setOpenCallId} /> : null}
        {tab === 'messages' ? <MessagesView client={client} openKey={openConversation} onOpen={setOpenConversation} /> : null}
        {tab === 'campaigns' ? <CampaignsView client={client} /> : null}
      </div>
    </>
  );
}
