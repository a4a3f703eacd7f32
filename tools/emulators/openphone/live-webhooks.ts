import { messageEvent, newMessageId } from './message-payloads';
import { callCompletedEvent, callRingingEvent, newCallId, phoneNumberIdFor } from './payloads';
import { sendOpenPhoneWebhook } from './sender';
import { WebhookSwitch } from './webhook-switch';
import { recordLiveCall, recordLiveMessage, type LiveCallInput, type LiveMessageInput } from './workspace/live-activity';
import type { Workspace, WorkspaceCall, WorkspaceMessage } from './workspace/workspace';

/**
 * Live activity in an emulated workspace with the webhooks OpenPhone sends for it: the
 * call or text goes into the workspace (so the REST API lists it) and its legacy webhooks
 * to the relay (call.ringing then call.completed; message.received), each unless the
 * switch withholds it (webhook-switch.ts): a test drops the one webhook reconciliation
 * must find, or turns them all off for the health check to notice.
 */

export interface LiveWebhooksOptions {
  workspace: Workspace;
  /** The relay's base URL; deliveries go to `<url>/webhooks/openphone`. */
  relayUrl: string;
  /** The legacy signing secret (base64). */
  legacySecretBase64: string;
  switch?: WebhookSwitch;
  /** Signing time (default now): the relay checks it against its own clock. */
  now?: () => Date;
}

export interface SentWebhook {
  type: string;
  objectId: string;
  status: number;
}

export class LiveWebhooks {
  readonly switch: WebhookSwitch;
  /** Every webhook sent and what the relay answered. */
  readonly sent: SentWebhook[] = [];

  constructor(private readonly options: LiveWebhooksOptions) {
    this.switch = options.switch ?? new WebhookSwitch();
  }

  /** A call that rang and ended: in the REST API, and its call.ringing and call.completed webhooks. */
  async call(input: LiveCallInput): Promise<WorkspaceCall> {
    const call = recordLiveCall(this.options.workspace, { ...input, id: input.id ?? newCallId() });
    const line = input.line;
    const incoming = call.direction === 'incoming';
    const [from, to] = incoming ? [input.customer, line] : [line, input.customer];
    const ids = { phoneNumberId: call.phoneNumberId, userId: call.userId ?? undefined };
    const createdAt = new Date(call.createdAt);
    await this.deliver('call.ringing', call.id, callRingingEvent({ callId: call.id, from, to, direction: call.direction, at: createdAt, ...ids }).body);
    await this.deliver(
      'call.completed',
      call.id,
      callCompletedEvent({ callId: call.id, from, to, direction: call.direction, createdAt, answeredAt: call.answeredAt === null ? null : new Date(call.answeredAt), completedAt: new Date(call.completedAt!), ...ids }).body,
    );
    return call;
  }

  /** A text received on a line: in the REST API, and its message.received webhook. */
  async textIn(input: Omit<LiveMessageInput, 'direction'>): Promise<WorkspaceMessage> {
    const message = recordLiveMessage(this.options.workspace, { ...input, id: input.id ?? newMessageId(), direction: 'incoming' });
    const body = messageEvent({ type: 'message.received', messageId: message.id, line: input.line, participants: [...input.customers], body: input.text, at: input.createdAt }).body;
    await this.deliver('message.received', message.id, body);
    return message;
  }

  /**
   * A text sent from a line, as the API lists it: still `sent` (its delivery not reported,
   * no webhook yet; see `delivered`) or `delivered` with its message.delivered webhook.
   */
  async textOut(input: Omit<LiveMessageInput, 'direction'>): Promise<WorkspaceMessage> {
    const message = recordLiveMessage(this.options.workspace, { ...input, id: input.id ?? newMessageId(), direction: 'outgoing' });
    if (message.status === 'delivered') await this.reportDelivered(message);
    return message;
  }

  /** The carrier reports a sent text delivered: the API now lists it so, and its message.delivered webhook goes. */
  async delivered(message: WorkspaceMessage): Promise<void> {
    message.status = 'delivered';
    message.updatedAt = (this.options.now?.() ?? new Date()).toISOString();
    await this.reportDelivered(message);
  }

  /**
   * A webhook the switch withheld, sent now: OpenPhone retrying a delivery long after, for
   * example once reconciliation has already recovered its fact. Answers the relay's status.
   */
  async deliverLate(type: string, objectId: string): Promise<number> {
    const key = `${type} ${objectId}`;
    const body = this.held.get(key);
    if (body === undefined) throw new Error(`no ${key} webhook was withheld`);
    this.held.delete(key);
    return this.send(type, objectId, body);
  }

  private readonly held = new Map<string, string>();

  private async reportDelivered(message: WorkspaceMessage): Promise<void> {
    const line = this.options.workspace.lineById(message.phoneNumberId)!.number;
    const body = messageEvent({ type: 'message.delivered', messageId: message.id, line, participants: message.to, body: message.text, at: new Date(message.updatedAt), createdAt: new Date(message.createdAt), userId: message.userId ?? undefined }).body;
    await this.deliver('message.delivered', message.id, body);
  }

  private async deliver(type: string, objectId: string, body: string): Promise<void> {
    if (!this.switch.allows(type, objectId)) {
      this.held.set(`${type} ${objectId}`, body);
      return;
    }
    await this.send(type, objectId, body);
  }

  private async send(type: string, objectId: string, body: string): Promise<number> {
    const answer = await sendOpenPhoneWebhook(this.options.relayUrl, body, { secretBase64: this.options.legacySecretBase64, now: this.options.now?.() });
    this.sent.push({ type, objectId, status: answer.status });
    return answer.status;
  }
}

/**
 * A text sent through the REST API from one workspace line to another, as the receiving
 * line gets it: its own message (OpenPhone keeps one per line's thread) and the
 * message.received webhook's body.
 */
export function internalDelivery(workspace: Workspace | undefined, sent: { from: string; to: string; text: string; createdAt: Date }): { message: WorkspaceMessage | null; body: string; messageId: string } {
  const messageId = newMessageId();
  const known = workspace?.lineById(phoneNumberIdFor(sent.to)) !== undefined;
  const message = workspace === undefined || !known ? null : recordLiveMessage(workspace, { id: messageId, line: sent.to, customers: [sent.from], direction: 'incoming', text: sent.text, createdAt: sent.createdAt });
  const body = messageEvent({ type: 'message.received', messageId, line: sent.to, participants: [sent.from], body: sent.text, at: sent.createdAt }).body;
  return { message, body, messageId };
}
