import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBillingBench } from './billing';
import { catchUp } from './catch-up';
import { extractionAccuracy } from './extraction-accuracy';
import type { BenchmarkResult } from './figures';
import { describeMachine, machineInfo } from './machine-info';
import { mediaCapture } from './media-capture';
import { messageToThread } from './message-to-thread';
import { openPhoneImportBench } from './openphone-import';
import { parseBenchOptions, type BenchmarkName, type BenchOptions } from './options';
import { runQuickBooksPushBench } from './quickbooks-push';
import { relayIngest } from './relay-ingest';
import { ringToCard } from './ring-to-card';
import { formatResultsTable } from './results-table';
import { hangUpToJob } from './hang-up-to-job';
import { vapiAssistantRequest } from './vapi-assistant-request';
import { relayBackup } from './relay-backup';

/**
 * `npm run bench -- [--only ring-to-card,relay-ingest,catch-up,billing,quickbooks-push,message-to-thread,media-capture,openphone-import,vapi-assistant-request,extraction-accuracy,hang-up-to-job,relay-backup] [--quick]`: runs the
 * benchmarks against real processes over loopback, prints a table (each figure beside
 * its target, with a verdict) and writes bench/results/latest.json.
 */

const BENCH_DIR = __dirname;
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const CACHE_DIR = path.join(BENCH_DIR, '.cache');

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const machine = machineInfo();
  const date = new Date();
  const log = (name: string) => (line: string) => process.stderr.write(`[${name}] ${line}\n`);
  process.stderr.write(`ringside bench${options.quick ? ' (quick)' : ''} on ${describeMachine(machine)}\n`);

  const runs: Record<BenchmarkName, () => Promise<BenchmarkResult>> = {
    'ring-to-card': () =>
      ringToCard({ customers: options.sizes.customers, pastCalls: options.sizes.pastCalls, rings: options.sizes.rings, cacheDir: CACHE_DIR, progress: log('ring-to-card') }),
    'relay-ingest': () => relayIngest({ webhooks: options.sizes.ingestWebhooks, senders: options.sizes.ingestSenders, cpuSenders: options.sizes.ingestCpuSenders, progress: log('relay-ingest') }),
    'catch-up': () => catchUp({ events: options.sizes.catchUpEvents, progress: log('catch-up') }),
    'billing': () => runBillingBench({ quick: options.quick, progress: log('billing') }),
    'quickbooks-push': () => runQuickBooksPushBench({ quick: options.quick, progress: log('quickbooks-push') }),
    'message-to-thread': () =>
      messageToThread({
        messages: options.sizes.threadMessages,
        threads: options.sizes.threadConversations,
        historyPerThread: options.sizes.threadHistoryPerConversation,
        progress: log('message-to-thread'),
      }),
    'media-capture': () => mediaCapture({ recordings: options.sizes.mediaRecordings, recordingSeconds: options.sizes.mediaRecordingSeconds, progress: log('media-capture') }),
    'openphone-import': () =>
      openPhoneImportBench({ conversations: options.sizes.importConversations, paceSeconds: options.sizes.importPaceSeconds, fastRate: options.sizes.importFastRate, progress: log('openphone-import') }),
    'vapi-assistant-request': () => vapiAssistantRequest({ customers: options.sizes.vapiCustomers, requests: options.sizes.vapiRequests, progress: log('vapi-assistant-request') }),
    'extraction-accuracy': () => extractionAccuracy({ progress: log('extraction-accuracy') }),
    'hang-up-to-job': () => hangUpToJob({ calls: options.sizes.hangUpCalls, progress: log('hang-up-to-job') }),
    'relay-backup': () => relayBackup({ events: options.sizes.backupEvents, progress: log('relay-backup') }),
  };
  const results: BenchmarkResult[] = [];
  const started = Date.now();
  for (const name of options.benchmarks) {
    const benchStarted = Date.now();
    results.push(await runs[name]());
    log(name)(`done in ${((Date.now() - benchStarted) / 1000).toFixed(1)} s`);
  }
  const elapsedSeconds = (Date.now() - started) / 1000;

  const lines = [
    `Ringside benchmarks${options.quick ? ' (quick run: reduced sizes)' : ''}, ${date.toISOString()}`,
    `machine: ${describeMachine(machine)}`,
    '',
    formatResultsTable(results),
    '',
    ...results.flatMap((result) => [`${result.name}: ${result.setup}`, ...result.notes.map((note) => `  ${note}`)]),
    '',
    `total ${elapsedSeconds.toFixed(1)} s; figures written to ${path.relative(process.cwd(), RESULTS_FILE)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date: date.toISOString(), machine, quick: options.quick, sizes: options.sizes, elapsedSeconds, results }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
