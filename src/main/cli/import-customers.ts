import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importCustomers } from '../customers/import-customers';
import { relayUrlProblem } from '../relay-link/relay-url';

const USAGE = `usage: npm run import-customers -- --relay URL --token TOKEN --file customers.csv [--region US]

  --relay   the relay's base URL, e.g. https://relay.example.com
  --token   an admin device token (or set RINGSIDE_DEVICE_TOKEN)
  --file    the customers CSV (columns: src/main/customers/README.md)
  --region  region national numbers are read in (default US)

Exit status: 0 all rows imported, 2 some rows rejected (the good ones are imported), 1 failure.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      relay: { type: 'string' },
      token: { type: 'string' },
      file: { type: 'string' },
      region: { type: 'string', default: 'US' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const token = values.token ?? process.env.RINGSIDE_DEVICE_TOKEN;
  if (!values.relay || !token || !values.file) {
    console.error(USAGE);
    return 1;
  }
  // Checked before the file is read: the token must not go to this address at all.
  const relayProblem = relayUrlProblem(values.relay);
  if (relayProblem !== null) {
    console.error(`import failed: ${relayProblem}`);
    return 1;
  }
  const csv = readFileSync(values.file, 'utf8');
  let lastShown = -1;
  const report = await importCustomers({
    csv,
    relay: { url: values.relay, token },
    region: values.region ?? 'US',
    onProgress: ({ done, total }) => {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === lastShown || (percent % 10 !== 0 && done !== total)) return;
      lastShown = percent;
      process.stderr.write(`posted ${done}/${total} events (${percent}%)\n`);
    },
  });
  for (const { line, message } of report.rejected) console.log(`line ${line}: ${message}`);
  console.log(
    `${report.accepted} customers imported, ${report.rejected.length} rows rejected; ` +
      `${report.appended} events appended, ${report.duplicates} already on the relay`,
  );
  return report.rejected.length > 0 ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
