import type { ServerResponse } from 'node:http';
import type { AppendResponse } from '../../../src/shared/relay-protocol';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { sendJson } from './respond';
import { isUnstorable } from './unstorable';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';

/**
 * Appends durably, then answers {seq, duplicate}. A failed commit answers 503 so the
 * sender retries; it consumed no seq. An event the log can never store answers 400.
 */
export async function appendAndAnswer(res: ServerResponse, event: RingsideEvent, deps: { log: EventLog; logger: Logger }): Promise<void> {
  try {
    const result = await deps.log.append(event);
    const answer: AppendResponse = { seq: result.seq, duplicate: result.duplicate };
    sendJson(res, 200, answer);
  } catch (error) {
    if (isUnstorable(error)) return sendJson(res, 400, { error: `the event can never be stored: ${error.message}` });
    deps.logger.error('append failed', { source: event.source, type: event.type, error: error instanceof Error ? error.message : String(error) });
    sendJson(res, 503, { error: 'the event could not be stored; retry' }, { 'retry-after': '1' });
  }
}
