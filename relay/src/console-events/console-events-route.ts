import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../src/shared/clock';
import { consoleEventInputSchema, consoleEventRoles } from '../../../src/shared/events/model';
import { z } from 'zod';
import type { CallLines } from '../calls/call-lines';
import { bearerToken } from '../devices/device-token';
import { roleConsole } from '../devices/role-words';
import type { DeviceRegistry } from '../devices/device-registry';
import { appendAndAnswer } from '../http/append-and-answer';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { consoleEvent, futureOccurredAt } from './console-event';
import { stampAuthor } from './event-author';
import { consoleEventLines, mayPostAbout, notYourLines } from './event-lines';
import type { JobPostingCheck } from '../jobs/job-posting';

export interface ConsoleEventsRouteDeps {
  devices: DeviceRegistry;
  /** The lines of each call, for the team's facts about a call (event-lines.ts). */
  callLines: Pick<CallLines, 'linesOf'>;
  /** The relay's jobs: each job's lines, and what else a job event must satisfy (relay/src/jobs/job-posting.ts). */
  jobs: Pick<JobPostingCheck, 'linesOf' | 'check'>;
  maxBodyBytes: number;
  /** RELAY_MAX_JSON_DEPTH. */
  maxJsonDepth: number;
  /** RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS, in ms. */
  futureToleranceMs: number;
  log: EventLog;
  logger: Logger;
  clock: Clock;
}

/**
 * POST /v1/events: a console appends a fact (customer, plan, subscription...). The
 * device's role must be allowed to post that type; the console's id dedupes retries.
 * The relay stamps receivedAt with its own clock. occurredAt is the console's word: a
 * back-dated fact (a payment taken yesterday) is fine, but one dated further ahead than
 * the tolerance would sit in everyone's future, so it is refused with 422. A fact about
 * a conversation or a call is stored with that line (event-lines.ts), so only the
 * agents of the line see it, and an agent may post it only about its own lines; a job event
 * takes its job's lines (the call's or thread's it came from) and is checked by
 * relay/src/jobs/job-posting.ts (a job id made once, only photos the device may see). Every
 * `by` is the device's name (event-author.ts).
 */
export function consoleEventsRoute(deps: ConsoleEventsRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    const body = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!body.ok) return sendJson(res, 400, { error: body.error });
    const parsed = consoleEventInputSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    const stamped = stampAuthor(parsed.data, device.name);
    const allowed: readonly string[] = consoleEventRoles[stamped.type];
    if (!allowed.includes(device.role)) {
      // Said so a receptionist can read it: no event names, the role with its article.
      return sendJson(res, 403, { error: `${roleConsole(device.role)} may not make this change; only ${allowed.join(' or ')} consoles may.` });
    }
    const lines = consoleEventLines(stamped, (callId) => deps.callLines.linesOf(callId), (jobId) => deps.jobs.linesOf(jobId));
    if (!lines.ok) return sendJson(res, 422, { error: lines.error });
    if (!mayPostAbout(device, lines)) return sendJson(res, 403, { error: notYourLines(device, stamped.type, lines.lines) });
    const job = deps.jobs.check(stamped, device);
    if (!job.ok) return sendJson(res, job.status, { error: job.error });
    const input = job.input;
    const now = deps.clock();
    const future = futureOccurredAt(input.occurredAt, now, deps.futureToleranceMs);
    if (future !== null) return sendJson(res, 422, { error: future });
    await appendAndAnswer(res, consoleEvent(input, lines.lines, new Date(now).toISOString()), deps);
  };
}
