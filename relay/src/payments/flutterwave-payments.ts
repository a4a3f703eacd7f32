import type { Clock } from '../../../src/shared/clock';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { AlertRaiser } from '../alerts/alert-service';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Handler } from '../http/request-context';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { NoticeEmailSettings } from '../notices/channels/notice-channel-settings';
import { flutterwaveClient } from '../providers/flutterwave/flutterwave-client';
import { FlutterwavePaymentVerifier } from '../providers/flutterwave/payment-verifier';
import type { FlutterwaveSettings } from '../providers/flutterwave/settings';
import { LinkStore } from './link-store';
import { PaymentLinkCreator } from './payment-link-creator';
import { paymentLinkMailer } from './payment-link-mail';
import { paymentLinkRoute } from './payment-link-route';
import { paymentLinkSendRoute } from './payment-link-send-route';
import { THANK_YOU_PATH, thankYouPage } from './thank-you-page';

/**
 * Flutterwave payments on the relay (issue 13 §5): the verifier that turns stored webhooks into
 * verified payments, POST /v1/payments/links (and /send, a link mailed through the notices' mail
 * server), and the page customers come back to. The verifier
 * runs whenever the secret key is set; without it the link route answers 503 in plain words.
 */
export function flutterwavePayments(deps: {
  settings: FlutterwaveSettings | undefined;
  publicUrl: string | null;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  alerts: AlertRaiser;
  devices: DeviceRegistry;
  timeZone: string;
  /** Every business line of the team: payment facts carry them, so every agent console sees them (an agent may send a customer a link). */
  everyLine: () => readonly string[];
  maxBodyBytes: number;
  maxJsonDepth: number;
  /** Who a link is mailed to (the customer's addresses on file). */
  accounts: CustomerAccountsReader;
  /** The notices' sender and mail server; null: links cannot be mailed (the route says so). */
  mail: NoticeEmailSettings | null;
}): {
  routes: Record<string, Partial<Record<string, Handler>>>;
  /** The client portal's top-ups go through the same creator; null while Flutterwave cannot make links (no secret key or no return address). */
  topUps: PaymentLinkCreator | null;
  start(): void;
  close(): Promise<void>;
} {
  const settings = deps.settings;
  const client = settings?.secretKey ? flutterwaveClient({ apiBaseUrl: settings.apiBaseUrl, secretKey: settings.secretKey }) : null;
  const verifier =
    client === null || settings === undefined
      ? null
      : new FlutterwavePaymentVerifier({ db: deps.db, log: deps.log, client, logger: deps.logger, clock: deps.clock, alerts: deps.alerts, settings, timeZone: deps.timeZone, everyLine: deps.everyLine });
  const redirectUrl = settings?.redirectUrl ?? (deps.publicUrl === null ? null : `${deps.publicUrl}${THANK_YOU_PATH}`);
  const creator = new PaymentLinkCreator({ db: deps.db, log: deps.log, logger: deps.logger, clock: deps.clock, client, redirectUrl, paymentPlans: settings?.paymentPlans ?? {}, everyLine: deps.everyLine });
  const mailer = paymentLinkMailer(deps.mail);
  const send = paymentLinkSendRoute({ devices: deps.devices, links: new LinkStore(deps.db), accounts: deps.accounts, mailer, clock: deps.clock, logger: deps.logger, maxBodyBytes: deps.maxBodyBytes, maxJsonDepth: deps.maxJsonDepth });
  return {
    routes: {
      '/v1/payments/links': { POST: paymentLinkRoute({ devices: deps.devices, creator, maxBodyBytes: deps.maxBodyBytes, maxJsonDepth: deps.maxJsonDepth }) },
      '/v1/payments/links/send': { POST: send },
      [THANK_YOU_PATH]: { GET: thankYouPage },
    },
    topUps: client === null || redirectUrl === null ? null : creator,
    start: () => verifier?.start(),
    close: async () => {
      await verifier?.close();
      mailer.close();
    },
  };
}
