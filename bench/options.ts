/** `npm run bench -- [--only a,b] [--quick]`: which benchmarks run, and how big. */

export const BENCHMARKS = ['ring-to-card', 'relay-ingest', 'catch-up', 'billing', 'quickbooks-push', 'message-to-thread', 'media-capture', 'openphone-import', 'vapi-assistant-request', 'extraction-accuracy', 'hang-up-to-job', 'relay-backup'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchSizes {
  customers: number;
  pastCalls: number;
  rings: number;
  ingestWebhooks: number;
  ingestSenders: number;
  /** Senders of the ingest bench's second pass, which measures relay CPU per webhook. */
  ingestCpuSenders: number;
  catchUpEvents: number;
  /** Messages timed from webhook to their thread read, and the conversations (and messages in each) already there. */
  threadMessages: number;
  threadConversations: number;
  threadHistoryPerConversation: number;
  /** Recordings captured by the relay, and the seconds of audio in each (about 16 kB a second). */
  mediaRecordings: number;
  mediaRecordingSeconds: number;
  /** OpenPhone history import: conversations in the seeded workspace, seconds paced at the real 10 req/s, and the raised limit the whole import runs at. */
  importConversations: number;
  importPaceSeconds: number;
  importFastRate: number;
  /** Vapi assistant-requests answered one at a time, and the customers in the relay's accounts. */
  vapiRequests: number;
  vapiCustomers: number;
  /** Recorded calls timed from their transcript webhook to the relay's extraction on the stream. */
  hangUpCalls: number;
  /** Calls in the relay.db the backup bench copies. */
  backupEvents: number;
}

export interface BenchOptions {
  /** In the order of BENCHMARKS, whatever order they were named in. */
  benchmarks: BenchmarkName[];
  quick: boolean;
  sizes: BenchSizes;
}

export const FULL_SIZES: BenchSizes = {
  customers: 100_000,
  pastCalls: 1_000_000,
  rings: 1_000,
  ingestWebhooks: 40_000,
  ingestSenders: 8,
  ingestCpuSenders: 32,
  catchUpEvents: 100_000,
  threadMessages: 300,
  threadConversations: 200,
  threadHistoryPerConversation: 10,
  mediaRecordings: 60,
  mediaRecordingSeconds: 240,
  importConversations: 7_000,
  importPaceSeconds: 20,
  importFastRate: 500,
  vapiRequests: 2_000,
  vapiCustomers: 100_000,
  hangUpCalls: 200,
  backupEvents: 500_000,
};

/** A smoke run: every path exercised, in seconds. */
export const QUICK_SIZES: BenchSizes = {
  customers: 10_000,
  pastCalls: 100_000,
  rings: 200,
  ingestWebhooks: 10_000,
  ingestSenders: 8,
  ingestCpuSenders: 32,
  catchUpEvents: 10_000,
  threadMessages: 100,
  threadConversations: 50,
  threadHistoryPerConversation: 4,
  mediaRecordings: 12,
  mediaRecordingSeconds: 120,
  importConversations: 700,
  importPaceSeconds: 10,
  importFastRate: 500,
  vapiRequests: 300,
  vapiCustomers: 10_000,
  hangUpCalls: 40,
  backupEvents: 50_000,
};

export const USAGE = `usage: npm run bench -- [--only ${BENCHMARKS.join(',')}] [--quick]`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: Set<string> | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value.trim() === '') throw new Error(`--only needs a list of benchmarks\n${USAGE}`);
      only = new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''));
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  const unknown = only ? [...only].filter((name) => !(BENCHMARKS as readonly string[]).includes(name)) : [];
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')} (there are ${BENCHMARKS.join(', ')})`);
  return {
    benchmarks: BENCHMARKS.filter((name) => only === null || only.has(name)),
    quick,
    sizes: quick ? QUICK_SIZES : FULL_SIZES,
  };
}
