import { sendOpenPhoneWebhook, type OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: sends a script of deliveries to a relay on a scaled clock.
 * Each delivery fires `atSeconds` after the script started; the waits between them are
 * the script's divided by `speed`. Rejects when the relay answers a delivery with a non-2xx.
 */

export interface ScriptedDelivery {
  atSeconds: number;
  type: string;
  eventId: string;
  body: string;
}

export interface PlayedStep {
  type: string;
  eventId: string;
  status: number;
  text: string;
}

export interface PlayOptions {
  /** The signing key of the generation sent: legacy base64, or `whsec_…` for 'standard'. */
  secretBase64: string;
  generation: OpenPhoneGeneration;
  /** Time scale: 1 = real time; tests use a large value so a script plays in milliseconds. */
  speed?: number;
  /** Clock for the signatures (default: the system clock). */
  now?: () => Date;
  onStep?: (step: PlayedStep) => void;
}

export async function playDeliveries(relayBaseUrl: string, script: readonly ScriptedDelivery[], options: PlayOptions): Promise<void> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  const now = options.now ?? (() => new Date());
  let elapsedSeconds = 0;
  for (const delivery of [...script].sort((a, b) => a.atSeconds - b.atSeconds)) {
    await sleep(((delivery.atSeconds - elapsedSeconds) * 1000) / speed);
    elapsedSeconds = Math.max(elapsedSeconds, delivery.atSeconds);
    const result = await sendOpenPhoneWebhook(relayBaseUrl, delivery.body, { secretBase64: options.secretBase64, now: now(), generation: options.generation });
    options.onStep?.({ type: delivery.type, eventId: delivery.eventId, ...result });
    if (result.status < 200 || result.status > 299) {
      throw new Error(`the relay answered ${result.status} to ${delivery.type}: ${result.text.slice(0, 500)}`);
    }
  }
}

/** A delivery `atSeconds` into a script. */
export function scripted(atSeconds: number, delivery: { body: string; event: { id: string; type: string } }): ScriptedDelivery {
  return { atSeconds, type: delivery.event.type, eventId: delivery.event.id, body: delivery.body };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
