import type { MediaItem, RingsideEvent } from '../../../src/shared/events/model';

/**
 * The media an event carries, with what the relay needs to capture it and to word an
 * alert about it: a call's voicemail (call.completed, call.voicemail_ready), its
 * recordings (call.recording_ready), a message's attachments (message.recorded). Pure.
 */

export type MediaKind = 'recording' | 'voicemail' | 'attachment';

export interface CarriedMedia {
  item: MediaItem;
  kind: MediaKind;
  /** The carrying event's lines: who may see the media, and the lines of its media.captured fact. */
  lines: readonly string[];
  /** The call it belongs to, when it is a call's; its other party is looked up for an alert when not known here. */
  callId: string | null;
  /** The other party (the caller, the texter), when the event says. */
  party: string | null;
  direction: 'incoming' | 'outgoing' | null;
}

export function mediaCarriedBy(event: RingsideEvent): CarriedMedia[] {
  const from = (kind: MediaKind, items: readonly MediaItem[], rest: Omit<CarriedMedia, 'item' | 'kind' | 'lines'>): CarriedMedia[] =>
    items.filter((item) => item.url !== '').map((item) => ({ item, kind, lines: event.lines, ...rest }));
  switch (event.type) {
    case 'call.completed': {
      const { data } = event;
      return data.voicemail === null ? [] : from('voicemail', [data.voicemail], { callId: data.callId, party: data.externalNumber, direction: data.direction });
    }
    case 'call.recording_ready':
      return from('recording', event.data.recordings, { callId: event.data.callId, party: null, direction: null });
    case 'call.voicemail_ready':
      return from('voicemail', [event.data.voicemail], { callId: event.data.callId, party: null, direction: 'incoming' });
    case 'message.recorded': {
      const { data } = event;
      const party = data.direction === 'incoming' ? data.from : data.participants.length === 1 ? data.participants[0]! : null;
      return from('attachment', data.media, { callId: null, party, direction: data.direction });
    }
    default:
      return [];
  }
}
