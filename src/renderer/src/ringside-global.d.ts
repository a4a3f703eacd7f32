import type { RingsideClient } from '../../shared/api/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser harness. */
    ringside?: RingsideClient;
  }
}
