import { parseArgs } from 'node:util';
import { createQuickBooksEmulator, emulatorDefaults } from './emulator';
import type { ConsentMode } from './oauth-routes';

/**
 * QuickBooks Online EMULATOR, standalone: `npm run emulator:quickbooks -- --port 8790`.
 * Prints where its OAuth and Accounting API endpoints are and the app credentials it accepts.
 */

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    'redirect-uri': { type: 'string', multiple: true },
    consent: { type: 'string', default: 'page' },
    seed: { type: 'string', default: 'sandbox' },
    customers: { type: 'string', default: '0' },
    'webhook-url': { type: 'string' },
    'webhook-format': { type: 'string', default: 'legacy' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`QuickBooks Online emulator (a local stand-in for Intuit's OAuth and Accounting API)

  --port N               listen port (default 8790; 0 picks a free one)
  --host H               listen address (default 127.0.0.1)
  --redirect-uri URI     a registered redirect URI (repeat for several; default ${emulatorDefaults.redirectUri})
  --consent MODE         page (Connect/Cancel page, default) | auto (redirect at once) | deny
  --seed KIND            sandbox (sample customers and items, default) | empty
  --customers N          add N generated customers (mixed phone formats, some shared, some unparseable)
  --webhook-url URL      deliver signed webhooks for every change to URL (e.g. a relay's /webhooks/quickbooks)
  --webhook-format F     legacy (default) | cloudevents`);
  process.exit(0);
}

const consent = values.consent as ConsentMode;
if (!['page', 'auto', 'deny'].includes(consent)) throw new Error(`--consent must be page, auto or deny, not ${values.consent}`);
const webhookFormat = values['webhook-format'] === 'cloudevents' ? 'cloudevents' : 'legacy';

const emulator = createQuickBooksEmulator({
  redirectUris: values['redirect-uri'] ?? [emulatorDefaults.redirectUri],
  consent,
  seed: values.seed === 'empty' ? 'empty' : 'sandbox',
  ...(values['webhook-url'] ? { webhooks: { url: values['webhook-url'], format: webhookFormat } } : {}),
});
const extra = Number(values.customers);
if (extra > 0) emulator.addCustomers(extra);

void emulator.listen(Number(values.port), values.host).then(() => {
  const u = emulator.urls;
  console.log(`QuickBooks Online emulator (not Intuit) listening on ${u.base}

  OAuth authorize    ${u.authorize}
  OAuth token        ${u.token}
  OAuth revoke       ${u.revoke}
  OIDC userinfo      ${u.userinfo}
  Accounting API     ${u.base}   (company: ${u.company})

  client id          ${emulator.clientId}
  client secret      ${emulator.clientSecret}
  redirect URI(s)    ${emulator.redirectUris.join(', ')}
  realm id           ${emulator.realmId}  (${emulator.companyName})
  webhook verifier   ${emulator.webhookVerifierToken}${values['webhook-url'] ? `\n  webhooks to        ${values['webhook-url']} (${webhookFormat})` : ''}
  consent            ${consent}

  ${emulator.customers().length} customers, ${emulator.items().length} items. Ctrl-C stops.`);
});

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
