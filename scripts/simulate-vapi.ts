/**
 * `npm run simulate -- vapi --relay URL --from +1... --to +1... [--duration S]`: one call to a
 * Vapi number, played by the Vapi emulator against a relay: the assistant-request, answered
 * from the relay's accounts (served, refused or forwarded), then what Vapi sends after that
 * answer (status updates and the end-of-call report). Signed with VAPI_SECRET as the relay's
 * VAPI_AUTH_MODE says (VAPI_AUTH_MODE=hmac in the environment signs with Vapi's HMAC credential).
 */
import { playVapiCall } from '../tools/emulators/vapi/call-script';
import type { VapiAuth } from '../tools/emulators/vapi/signature';

export const vapiUsage = `       npm run simulate -- vapi --relay URL --from +1... --to +1... [--duration S]
  vapi            one call to the Vapi number --to from --from: the relay decides from its
                  accounts whether the AI agent takes it (time or credit left), refuses it or
                  forwards it, and the call's history shows why; served calls last --duration
                  seconds (default 95) and are billed. Needs VAPI_SECRET (and VAPI_AUTH_MODE=hmac
                  when the relay uses Vapi's HMAC credential)`;

export const VAPI_COMMANDS: readonly string[] = ['vapi'];

export interface VapiOptions {
  relay?: string;
  from?: string;
  to?: string;
  duration?: string;
}

export async function simulateVapi(options: VapiOptions, fail: (message: string) => never, seconds: (name: string, value: string | undefined, fallback: number) => number): Promise<void> {
  const secret = process.env['VAPI_SECRET'];
  if (!secret) fail('VAPI_SECRET is not set: the secret the relay expects from Vapi');
  if (!options.relay || !options.from || !options.to) fail('vapi needs --relay, --from and --to');
  const auth: VapiAuth = process.env['VAPI_AUTH_MODE'] === 'hmac' ? { mode: 'hmac', secretKey: secret } : { mode: 'secret', secret };
  const played = await playVapiCall({
    serverUrl: `${options.relay.replace(/\/+$/, '')}/webhooks/vapi`,
    auth,
    phoneNumber: options.to,
    caller: options.from,
    talkSeconds: seconds('duration', options.duration, 95),
  });
  const { outcome } = played;
  const said =
    outcome.kind === 'assistant'
      ? `the AI agent took the call (assistant ${outcome.assistantId ?? 'inline'}, variables ${JSON.stringify(outcome.variables)})`
      : outcome.kind === 'forward'
        ? `the call was forwarded to ${outcome.number ?? outcome.sipUri}`
        : outcome.kind === 'rejected'
          ? `the caller heard "${outcome.spoken}" and the call ended`
          : `the assistant-request failed (${outcome.endedReason}): ${outcome.detail}`;
  console.log(`Vapi call ${played.call.id}: ${said}; answered in ${Math.round(outcome.elapsedMs)} ms`);
}
