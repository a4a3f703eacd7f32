import type { RingsideClient } from '../../../shared/api/contract';
import { createHarnessClient, harnessApiUrl } from './harness-client';

let client: RingsideClient | null = null;

/**
 * The one way renderer code reaches the console: the preload's `window.ringside`
 * in Electron, otherwise the browser harness's WebSocket on the page's own origin.
 */
export function getRingsideClient(): RingsideClient {
  client ??= window.ringside ?? createHarnessClient(harnessApiUrl(window.location));
  return client;
}
