import type { HealthCheckStatus, ReconciliationRun } from '../../../shared/api/reconciliation';
import { formatPhone } from '../privacy/shown-phone';

/** What the reconciliation panel says about each run and the health check, in plain words. Pure. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function day(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

export function daysOf(run: Pick<ReconciliationRun, 'fromDate' | 'toDate'>): string {
  return run.fromDate === run.toDate ? day(run.fromDate) : `${day(run.fromDate)} – ${day(run.toDate)}`;
}

export function triggerWords(run: Pick<ReconciliationRun, 'trigger'>): string {
  return run.trigger === 'daily' ? 'Nightly check' : run.trigger === 'on_demand' ? 'Checked on request' : 'After the relay was down';
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The run's outcome: what it compared, or what it found missing and added. */
export function outcomeWords(run: ReconciliationRun): string {
  if (run.state === 'running') return 'Checking OpenPhone now…';
  if (run.state === 'failed') return `Could not check: ${run.error ?? 'the relay met a problem'}.`;
  const missing = run.recoveredCalls + run.recoveredMessages;
  const differing = differingWordsOfRun(run);
  if (missing === 0 && differing === null) return `Nothing missing: ${count(run.listedCalls, 'call', 'calls')} and ${count(run.listedMessages, 'text', 'texts')} in OpenPhone, all already in Ringside.`;
  if (missing === 0) return `Nothing missing. ${differing}`;
  const found = [run.recoveredCalls > 0 ? count(run.recoveredCalls, 'call', 'calls') : null, run.recoveredMessages > 0 ? count(run.recoveredMessages, 'text', 'texts') : null].filter(Boolean).join(' and ');
  return `Found ${found} that OpenPhone never sent to Ringside, and added them to the history.${differing === null ? '' : ` ${differing}`}`;
}

/** "2 differ from OpenPhone: 1 call's talk time corrected, 1 left for you to check." */
function differingWordsOfRun(run: ReconciliationRun): string | null {
  if (run.differences === 0) return null;
  const left = run.differences - run.correctedCalls;
  const parts = [run.correctedCalls > 0 ? `the talk time of ${count(run.correctedCalls, 'call', 'calls')} corrected to OpenPhone's` : null, left > 0 ? `${left} left as ${left === 1 ? 'it was' : 'they were'} for you to check` : null].filter(Boolean).join(', ');
  return `${count(run.differences, 'call or text differs', 'calls and texts differ')} from OpenPhone: ${parts}.`;
}

function talkTime(seconds: string | number): string {
  const s = Number(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

const STATUS_WORDS: Record<string, string> = { received: 'received', queued: 'waiting to go', sent: 'sent', delivered: 'delivered', undelivered: 'not delivered', failed: 'failed' };

/** One difference: "Call with +1 617-555-0181 on +1 617-555-0140, 30 Nov, 10:00: talk time 4 min 0 s in Ringside, 5 min 0 s in OpenPhone (corrected)". */
export function differingWords(fact: ReconciliationRun['differing'][number]): string {
  const what = fact.difference === 'duration' ? `talk time ${talkTime(fact.inRingside)} in Ringside, ${talkTime(fact.inOpenPhone)} in OpenPhone${fact.corrected ? ' (corrected)' : ''}`
    : fact.difference === 'answered' ? `${fact.inRingside} in Ringside, ${fact.inOpenPhone} in OpenPhone`
    : `${STATUS_WORDS[String(fact.inRingside)] ?? fact.inRingside} in Ringside, ${STATUS_WORDS[String(fact.inOpenPhone)] ?? fact.inOpenPhone} in OpenPhone`;
  return `${recoveredWords(fact)}: ${what}`;
}

/** One recovered fact: "Call with +1 617-555-0181 on +1 617-555-0140, 16:00". */
export function recoveredWords(fact: ReconciliationRun['recovered'][number]): string {
  const what = fact.kind === 'call' ? 'Call with' : 'Text with';
  const at = new Date(fact.at);
  const time = Number.isNaN(at.getTime()) ? '' : `, ${at.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
  const others = fact.externalNumber.split(', ').map(formatPhone).join(', ');
  return `${what} ${others} on ${formatPhone(fact.businessNumber)}${time}`;
}

export function healthWords(health: HealthCheckStatus): { text: string; tone: 'ok' | 'bad' | 'neutral' } {
  if (!health.configured) return { text: 'Not set up: the relay needs OPENPHONE_HEALTH_CHECK_FROM and OPENPHONE_HEALTH_CHECK_TO (two of your own lines).', tone: 'neutral' };
  const last = health.last;
  if (last === null) return { text: 'No test text sent yet.', tone: 'neutral' };
  const sent = new Date(last.sentAt).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  if (last.state === 'waiting') return { text: `Test text sent ${sent}; waiting for it to come back.`, tone: 'neutral' };
  if (last.state === 'passed') return { text: `Test text sent ${sent} came back: webhooks reach Ringside.`, tone: 'ok' };
  return { text: `Test text sent ${sent} failed: ${last.error ?? 'it did not come back'}.`, tone: 'bad' };
}
