import type { ApiPushes } from '../../shared/api/contract';
import { formatPhone } from '../../shared/phone';

const PREVIEW_CHARS = 140;

/** What the OS notification for a new text says: who wrote, and the start of what they wrote. */
export function messageNotificationText(arrived: ApiPushes['messages.arrived']): { title: string; body: string } {
  const who = arrived.fromName ?? formatPhone(arrived.from);
  const preview = arrived.preview.trim();
  const body = preview === '' ? 'Sent a photo' : preview.length > PREVIEW_CHARS ? `${preview.slice(0, PREVIEW_CHARS - 1)}…` : preview;
  return { title: `New message from ${who}`, body };
}

/** Only when the agent is not already looking at the console: they see the badge there. */
export function shouldNotifyMessage(consoleWindow: { focused: boolean; visible: boolean } | null): boolean {
  return consoleWindow === null || !consoleWindow.visible || !consoleWindow.focused;
}
