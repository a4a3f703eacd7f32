import type { MediaBase } from './envelopes';
import { messageEvent, newMessageId, type EmulatedAttachment, type MessageEventType } from './message-payloads';
import { playDeliveries, scripted, type PlayedStep, type ScriptedDelivery } from './play';
import type { OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: message scenarios as OpenPhone reports them (§1.5, §1.10):
 * an inbound SMS, an inbound MMS with photos, a group text, an outbound message
 * delivered or failed, and a campaign (the same text to many recipients in a short
 * window) followed by some replies. Each scenario is a pure script (`ScriptedDelivery[]`,
 * times from `start`); `playMessages` sends one on a scaled clock. Photos are served by
 * the caller's media host under `mediaBaseUrl` (`mmsPath`). Backs `npm run simulate --
 * message | mms | campaign`.
 */

export interface ScenarioBase {
  /** Our workspace number. */
  line: string;
  generation?: OpenPhoneGeneration;
  /** When the scenario starts (event times follow it). */
  start: Date;
}

export interface MessageScript {
  deliveries: ScriptedDelivery[];
  /** The OpenPhone ids of the messages, in script order. */
  messageIds: string[];
}

/** The path of a message's `index`th photo under the media host. */
export function mmsPath(messageId: string, index: number): string {
  return `/mms/${messageId}-${index}.jpg`;
}

export function inboundSms(input: ScenarioBase & { from: string; body: string }): MessageScript {
  return single(input, { type: 'message.received', participants: [input.from], body: input.body });
}

export function inboundMms(input: ScenarioBase & { from: string; body?: string; photos?: number; mediaBaseUrl: MediaBase }): MessageScript {
  const messageId = newMessageId();
  const attachments: EmulatedAttachment[] = Array.from({ length: input.photos ?? 1 }, (_, index) => ({ path: mmsPath(messageId, index), contentType: 'image/jpeg' }));
  return single(input, { type: 'message.received', participants: [input.from], body: input.body ?? '', messageId, attachments, mediaBaseUrl: input.mediaBaseUrl });
}

/** Several customers texting one thread with our line, one message each, a few seconds apart. */
export function groupText(input: ScenarioBase & { participants: string[]; messages: { from: string; body: string }[] }): MessageScript {
  if (input.participants.length < 2) throw new Error('a group text needs two or more other participants');
  const script: MessageScript = { deliveries: [], messageIds: [] };
  input.messages.forEach((message, index) => {
    const at = new Date(input.start.getTime() + index * 5000);
    const messageId = newMessageId();
    const delivery = messageEvent({ type: 'message.received', generation: input.generation, line: input.line, participants: input.participants, sender: message.from, body: message.body, at, messageId });
    script.deliveries.push(scripted(index * 5, delivery));
    script.messageIds.push(messageId);
  });
  return script;
}

/**
 * An outgoing message's delivery report. `failed` and `undelivered` are new-generation
 * events only (§1.2): a legacy webhook reports nothing for them, so asking is an error.
 */
export function outboundMessage(input: ScenarioBase & { to: string; body: string; outcome: 'delivered' | 'failed' | 'undelivered'; errorCode?: string; messageId?: string }): MessageScript {
  const generation = input.generation ?? 'legacy';
  if (generation === 'legacy' && input.outcome !== 'delivered') throw new Error(`message.${input.outcome} is a new-generation event; legacy webhooks report only deliveries`);
  const type: MessageEventType = `message.${input.outcome}`;
  return single(input, {
    type,
    participants: [input.to],
    body: input.body,
    createdAt: input.start,
    atOffsetSeconds: 2,
    ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
    ...(input.errorCode === undefined ? {} : { errorCode: input.errorCode }),
  });
}

/**
 * A campaign: the same text delivered to every recipient, spread over `windowSeconds`,
 * then replies from some of them (`replies[i].afterSeconds` after the window). OpenPhone
 * marks no campaign in its payloads, so a console recognizes one by its rule alone.
 */
export function campaign(
  input: ScenarioBase & { recipients: string[]; body: string; windowSeconds: number; replies?: { from: string; body: string; afterSeconds: number }[] },
): MessageScript {
  const script: MessageScript = { deliveries: [], messageIds: [] };
  const step = input.recipients.length > 1 ? input.windowSeconds / (input.recipients.length - 1) : 0;
  input.recipients.forEach((recipient, index) => {
    const seconds = index * step;
    const messageId = newMessageId();
    const at = new Date(input.start.getTime() + seconds * 1000);
    script.deliveries.push(scripted(seconds, messageEvent({ type: 'message.delivered', generation: input.generation, line: input.line, participants: [recipient], body: input.body, at, messageId })));
    script.messageIds.push(messageId);
  });
  for (const reply of input.replies ?? []) {
    const seconds = input.windowSeconds + reply.afterSeconds;
    const messageId = newMessageId();
    const at = new Date(input.start.getTime() + seconds * 1000);
    script.deliveries.push(scripted(seconds, messageEvent({ type: 'message.received', generation: input.generation, line: input.line, participants: [reply.from], body: reply.body, at, messageId })));
    script.messageIds.push(messageId);
  }
  return script;
}

export interface PlayMessagesOptions {
  secretBase64: string;
  generation?: OpenPhoneGeneration;
  speed?: number;
  now?: () => Date;
  onStep?: (step: PlayedStep) => void;
}

/** Sends a scenario; rejects when the relay answers a delivery with a non-2xx. */
export function playMessages(relayBaseUrl: string, script: MessageScript, options: PlayMessagesOptions): Promise<void> {
  const { generation, ...rest } = options;
  return playDeliveries(relayBaseUrl, script.deliveries, { ...rest, generation: generation ?? 'legacy' });
}

function single(
  input: ScenarioBase,
  message: { type: MessageEventType; participants: string[]; body: string; messageId?: string; attachments?: EmulatedAttachment[]; mediaBaseUrl?: MediaBase; createdAt?: Date; atOffsetSeconds?: number; errorCode?: string },
): MessageScript {
  const { atOffsetSeconds = 0, ...fields } = message;
  const messageId = message.messageId ?? newMessageId();
  const at = new Date(input.start.getTime() + atOffsetSeconds * 1000);
  const delivery = messageEvent({ ...fields, messageId, generation: input.generation, line: input.line, at });
  return { deliveries: [scripted(atOffsetSeconds, delivery)], messageIds: [messageId] };
}
