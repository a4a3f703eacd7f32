import { DEFAULT_NOTICE_TEMPLATES } from '../../../src/shared/notices/default-templates';
import type { Clock } from '../../../src/shared/clock';
import { renderNotice } from '../../../src/shared/notices/notice-template';
import type { NoticeEntry } from '../../../src/shared/relay-rest/notices';
import { UNSUBSCRIBE_PATH_PREFIX } from '../../../src/shared/relay-rest/notices';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Handler } from '../http/request-context';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { NoticeChannel } from './notice-channel';
import { NoticeOutbox, noticeEntryOf } from './notice-outbox';
import type { NoticeRunSettings } from './notice-relay-settings';
import type { NoticeRequest, NoticeRequests } from './notice-requests';
import { noticeRoutes } from './notice-routes';
import { NoticeRunner } from './notice-runner';
import { NoticeSetupStore } from './notice-setup-store';
import { unsubscribeRoute } from './unsubscribe-route';
import { Unsubscribes } from './unsubscribes';

export interface RelayNoticesDeps {
  db: RelayDatabase;
  log: EventLog;
  accounts: CustomerAccountsReader;
  devices: DeviceRegistry;
  /** From createNoticeChannels (relay/src/notices/channels). */
  channels: readonly NoticeChannel[];
  settings: NoticeRunSettings;
  timeZone: string;
  /** RELAY_BUSINESS_NAME; null: notices leave the name out (the sign-off line is left out, no "from us"). */
  businessName: string | null;
  publicUrl: string | null;
  maxBodyBytes: number;
  maxJsonDepth: number;
  clock: Clock;
  logger: Logger;
}

export interface RelayNotices {
  routes: Record<string, Partial<Record<string, Handler>>>;
  requests: NoticeRequests;
  runner: NoticeRunner;
  start(): void;
  close(): Promise<void>;
}

/** Events after which the rules look again at once: whatever moves an invoice, a balance or a subscription. */
const BILLING_EVENT = /"type":"(invoice\.|payment\.|wallet\.|subscription\.|adjustment\.|call\.completed|call\.corrected|customer\.)/;

/** Retries of a notice: from 30 s apart up to an hour (the shared backoff, full jitter). */
const NOTICE_BACKOFF = { baseMs: 30_000, capMs: 3_600_000 };

/** The notices of issue 14 §2, put together: stores, the runner, the REST and the unsubscribe pages. */
export function relayNotices(deps: RelayNoticesDeps): RelayNotices {
  const setup = new NoticeSetupStore(deps.db);
  const outbox = new NoticeOutbox(deps.db);
  const unsubscribes = new Unsubscribes(deps.db);
  const business = deps.businessName ?? '';
  const runner = new NoticeRunner({
    db: deps.db,
    accounts: deps.accounts,
    setup,
    outbox,
    unsubscribes,
    channels: deps.channels,
    headSeq: () => deps.log.headSeq,
    clock: deps.clock,
    logger: deps.logger,
    timeZone: deps.timeZone,
    business,
    portalUrl: deps.settings.portalUrl,
    publicUrl: deps.publicUrl,
    runEveryMs: deps.settings.runEveryMs,
    maxAttempts: deps.settings.maxAttempts,
    backoff: NOTICE_BACKOFF,
  });
  let stopListening: (() => void) | null = null;

  const requests: NoticeRequests = {
    request(request: NoticeRequest): NoticeEntry {
      const known = outbox.byKey(request.noticeKey);
      if (known !== null) return noticeEntryOf(known);
      const template = setup.templates().find((candidate) => candidate.kind === request.kind) ?? DEFAULT_NOTICE_TEMPLATES[request.kind];
      const rendered = renderNotice(template, { business, ...request.values });
      const survivor = deps.accounts.survivorOf(request.customerId) ?? request.customerId;
      const name = deps.accounts.accountOf(survivor, deps.clock())?.name ?? request.customerId;
      outbox.add(
        { noticeKey: request.noticeKey, customerId: request.customerId, customerName: name, kind: request.kind, channel: request.channel, recipient: request.recipient, ...rendered, invoiceKey: null, redact: request.redactAfterSend },
        new Date(deps.clock()).toISOString(),
      );
      runner.nudge();
      return noticeEntryOf(outbox.byKey(request.noticeKey)!);
    },
  };

  return {
    routes: {
      ...noticeRoutes({
        devices: deps.devices,
        setup,
        outbox,
        unsubscribes,
        runner,
        accounts: deps.accounts,
        headSeq: () => deps.log.headSeq,
        clock: deps.clock,
        business,
        portalUrl: deps.settings.portalUrl,
        publicUrl: deps.publicUrl,
        maxBodyBytes: deps.maxBodyBytes,
        maxJsonDepth: deps.maxJsonDepth,
      }),
      [UNSUBSCRIBE_PATH_PREFIX]: unsubscribeRoute({ unsubscribes, business, clock: deps.clock }),
    },
    requests,
    runner,
    start() {
      stopListening = deps.log.onCommitted((entries) => {
        if (entries.some((entry) => BILLING_EVENT.test(entry.json))) runner.nudge();
      });
      runner.start();
    },
    async close() {
      stopListening?.();
      await runner.close();
    },
  };
}
