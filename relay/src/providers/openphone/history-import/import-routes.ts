import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { openPhoneImportRequestSchema, type OpenPhoneImportAnswer } from '../../../../../src/shared/relay-rest/openphone-import';
import type { DeviceRegistry } from '../../../devices/device-registry';
import type { Device } from '../../../devices/device-store';
import { bearerToken } from '../../../devices/device-token';
import { readBody } from '../../../http/body';
import { parseJsonBody } from '../../../http/parse-body';
import type { Handler } from '../../../http/request-context';
import { sendJson, sendTooLarge } from '../../../http/respond';
import type { OpenPhoneHistoryImport } from './history-import';

export const OPENPHONE_IMPORT_PATH = '/v1/openphone/import';

export interface ImportRoutesDeps {
  devices: DeviceRegistry;
  /** Null while OPENPHONE_API_KEY is unset. */
  historyImport: OpenPhoneHistoryImport | null;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The OpenPhone history import, for admin consoles only (src/shared/relay-rest/openphone-import.ts):
 * GET the latest import's progress; POST start / pause / resume.
 */
export function openPhoneImportRoutes(deps: ImportRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const admin = (req: IncomingMessage, res: ServerResponse): Device | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return null;
    }
    if (device.role !== 'admin') {
      sendJson(res, 403, { error: 'Only an admin console may import or watch the OpenPhone history.' });
      return null;
    }
    return device;
  };
  const unconfigured = (res: ServerResponse): void => sendJson(res, 503, { error: 'The OpenPhone history import needs OPENPHONE_API_KEY set on the relay.' });

  return {
    [OPENPHONE_IMPORT_PATH]: {
      GET: (req, res) => {
        if (admin(req, res) === null) return;
        if (deps.historyImport === null) return unconfigured(res);
        const answer: OpenPhoneImportAnswer = { import: deps.historyImport.progress() };
        sendJson(res, 200, answer, NO_STORE);
      },
      POST: async (req, res) => {
        const device = admin(req, res);
        if (device === null) return;
        const read = await readBody(req, deps.maxBodyBytes);
        if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
        if (deps.historyImport === null) return unconfigured(res);
        const body = parseJsonBody(read.body, deps.maxJsonDepth);
        if (!body.ok) return sendJson(res, 400, { error: body.error });
        const parsed = openPhoneImportRequestSchema.safeParse(body.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const request = parsed.data;
        const outcome =
          request.action === 'start'
            ? deps.historyImport.start({ fromDate: request.fromDate, toDate: request.toDate, recordOnly: request.billing === 'record_only', startedBy: device.name })
            : request.action === 'pause'
              ? await deps.historyImport.pause()
              : deps.historyImport.resume();
        if (!outcome.ok) return sendJson(res, outcome.status, { error: outcome.error });
        const answer: OpenPhoneImportAnswer = { import: outcome.progress };
        sendJson(res, 200, answer, NO_STORE);
      },
    },
  };
}
