import { basicCredential } from '../../media/media-credentials';
import { defaultWebhookAnswer, defineWebhookProvider } from '../webhook-provider';
import { normalizeTwilio, type TwilioFields, type TwilioRequestKind } from './normalize';
import { TwilioRingingLookup } from './ringing-lookup';
import { readTwilioSettings, TWILIO_SETTING_DESCRIPTIONS } from './settings';
import { verifyTwilioSignature } from './signature';
import { answerTwiml } from './twiml';

/**
 * POST /webhooks/twilio?kind=voice|status|recording (spec telephony-providers §2): form
 * bodies signed over RELAY_PUBLIC_URL + path + query + sorted parameters. The voice
 * request is answered with its number's TwiML once its call.ringing is stored; status
 * and recording callbacks with the usual JSON.
 */

const KINDS: ReadonlySet<string> = new Set(['voice', 'status', 'recording']);

export const twilioProvider = defineWebhookProvider({
  name: 'twilio',
  title: 'Twilio',
  settings: TWILIO_SETTING_DESCRIPTIONS,
  readSettings: readTwilioSettings,
  // Recordings of accounts that enforce authenticated media need the account's credentials (§2.3), for Twilio's media origin only.
  mediaCredentials: ({ media }) => (media === null ? [] : [basicCredential(media.origin, media.accountSid, media.authToken)]),
  create: (settings, context) => {
    const { authTokens } = settings;
    const { publicUrl } = context;
    const ringing = new TwilioRingingLookup(context.db);
    const routeOf = (to: string | undefined) => (to === undefined ? undefined : settings.routes.get(to)) ?? settings.defaultRoute;
    const unconfigured =
      authTokens === null
        ? 'Twilio webhooks are not configured: set TWILIO_AUTH_TOKEN on the relay'
        : publicUrl === null
          ? 'Twilio webhooks need RELAY_PUBLIC_URL on the relay: Twilio signs the full URL it called'
          : null;
    return {
      unconfigured,
      summary: `${settings.routes.size} number(s) routed, recording ${settings.record ? 'on' : 'off'}`,
      bodyFormat: 'form',
      verify: (request) => {
        const signature = request.headers['x-twilio-signature'];
        const checked = verifyTwilioSignature({ publicUrl: request.publicUrl, signature: Array.isArray(signature) ? signature[0] : signature, rawBody: request.rawBody }, authTokens ?? []);
        return checked.ok ? { ok: true, deliveryId: null } : checked;
      },
      normalize: (payload, { receivedAt, target }) => {
        const kind = new URL(target ?? '/', 'http://relay').searchParams.get('kind');
        if (kind === null || !KINDS.has(kind)) return { ok: false, error: 'the Twilio URL must end in ?kind=voice, ?kind=status or ?kind=recording' };
        const fields = payload as TwilioFields;
        if (settings.accountSid !== null && fields.AccountSid !== settings.accountSid) return { ok: false, error: 'the request is for another Twilio account (AccountSid is not TWILIO_ACCOUNT_SID)' };
        return normalizeTwilio(fields, {
          kind: kind as TwilioRequestKind,
          receivedAt,
          ringingOf: (callSid) => ringing.ringingOf(callSid),
          talkOfLegStored: (callSid) => ringing.talkOfLegStored(callSid),
          rejected: kind === 'voice' && routeOf(fields.To).kind === 'reject',
        });
      },
      answer: (stored, events) => {
        // The voice request (a retry too: `events` holds the first copy) gets its number's TwiML.
        const voice = events.find((event) => event.id.endsWith(':voice'));
        if (voice === undefined || publicUrl === null) return defaultWebhookAnswer(stored);
        const route = routeOf((voice.raw as TwilioFields | undefined)?.To);
        return { status: 200, contentType: 'text/xml; charset=utf-8', body: answerTwiml(route, { publicUrl, record: settings.record, dialTimeoutSeconds: settings.dialTimeoutSeconds }) };
      },
    };
  },
});
