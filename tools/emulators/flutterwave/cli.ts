import { parseArgs } from 'node:util';
import { createFlutterwaveEmulator, emulatorDefaults } from './emulator';
import type { SignatureMode } from './signature';

/**
 * Flutterwave EMULATOR, standalone: `npx tsx tools/emulators/flutterwave/cli.ts --port 8791`.
 * Prints its v3 API base, the secret key it accepts and the secret hash it signs webhooks with.
 */

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8791' },
    host: { type: 'string', default: '127.0.0.1' },
    'webhook-url': { type: 'string' },
    'secret-key': { type: 'string', default: emulatorDefaults.secretKey },
    'secret-hash': { type: 'string', default: emulatorDefaults.secretHash },
    signatures: { type: 'string', default: 'both' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Flutterwave emulator (a local stand-in for Flutterwave's v3 API and hosted checkout)

  --port N               listen port (default 8791; 0 picks a free one)
  --host H               listen address (default 127.0.0.1)
  --webhook-url URL      post signed webhooks to URL (e.g. a relay's /webhooks/flutterwave)
  --secret-key KEY       the secret key API calls must carry as a bearer token (default ${emulatorDefaults.secretKey})
  --secret-hash HASH     the dashboard secret hash webhooks are signed with (default ${emulatorDefaults.secretHash})
  --signatures MODE      both (default) | verif-hash | flutterwave-signature | none`);
  process.exit(0);
}

const modes: SignatureMode[] = ['both', 'verif-hash', 'flutterwave-signature', 'none'];
if (!modes.includes(values.signatures as SignatureMode)) throw new Error(`--signatures must be one of ${modes.join(', ')}, not ${values.signatures}`);

const emulator = createFlutterwaveEmulator({
  secretKey: values['secret-key'],
  secretHash: values['secret-hash'],
  signatureMode: values.signatures as SignatureMode,
  ...(values['webhook-url'] ? { webhookUrl: values['webhook-url'] } : {}),
});

void emulator.listen(Number(values.port), values.host).then(() => {
  console.log(`Flutterwave emulator (not Flutterwave) listening on ${emulator.baseUrl}

  v3 API base        ${emulator.apiBase}   (real: https://api.flutterwave.com/v3)
  hosted checkout    ${emulator.baseUrl}/v3/hosted/pay/<token>
  secret key         ${emulator.secretKey}
  secret hash        ${emulator.secretHash}
  webhooks to        ${values['webhook-url'] ?? '(none: pass --webhook-url)'} (${values.signatures})

  Create a link with POST /v3/payments, open it, press Pay. Ctrl-C stops.`);
});

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
