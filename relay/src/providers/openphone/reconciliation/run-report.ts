import type { RestFailure } from '../rest/openphone-rest-client';
import type { LocalDate } from './business-time';
import type { DifferingFact } from './differing-facts';
import type { ReconciliationTrigger, RecoveredFact } from './reconciliation-store';

/** The words a run's alert and the console say about it. Pure. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "30 November", "28 November to 30 November". */
export function daysInWords(fromDate: LocalDate, toDate: LocalDate): string {
  const day = (date: LocalDate): string => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
  return fromDate === toDate ? day(fromDate) : `${day(fromDate)} to ${day(toDate)}`;
}

export function countInWords(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The one alert of a run that found calls or texts whose webhooks never came. */
export function missingAlertMessage(trigger: ReconciliationTrigger, fromDate: LocalDate, toDate: LocalDate, recovered: readonly RecoveredFact[]): string {
  const calls = recovered.filter((fact) => fact.kind === 'call').length;
  const texts = recovered.length - calls;
  const what = [calls > 0 ? countInWords(calls, 'call', 'calls') : null, texts > 0 ? countInWords(texts, 'text', 'texts') : null].filter((part) => part !== null).join(' and ');
  const when = trigger === 'after_outage' ? `while the relay was down (${daysInWords(fromDate, toDate)})` : `on ${daysInWords(fromDate, toDate)}`;
  const billed = calls > 0 ? ' Calls are billed as usual.' : '';
  return `OpenPhone never told Ringside about ${what} ${when}. Ringside found them in OpenPhone and added them to the history.${billed} If this happens again, check the webhooks in OpenPhone's settings.`;
}

/**
 * What the alert adds about calls and texts the log holds but OpenPhone describes
 * differently: a whole message when nothing was missing, else a sentence after the
 * missing ones.
 */
export function differingAlertWords(trigger: ReconciliationTrigger, fromDate: LocalDate, toDate: LocalDate, differing: readonly DifferingFact[], alone: boolean): string {
  const calls = differing.filter((fact) => fact.kind === 'call').length;
  const texts = differing.length - calls;
  const what = [calls > 0 ? countInWords(calls, 'call', 'calls') : null, texts > 0 ? countInWords(texts, 'text', 'texts') : null].filter((part) => part !== null).join(' and ');
  const when = trigger === 'after_outage' ? `while the relay was down (${daysInWords(fromDate, toDate)})` : `on ${daysInWords(fromDate, toDate)}`;
  const corrected = differing.filter((fact) => fact.corrected).length;
  const left = differing.length - corrected;
  const fixed = corrected > 0 ? ` Ringside corrected the talk time of ${countInWords(corrected, 'call', 'calls')} to OpenPhone's; ${corrected === 1 ? 'it is' : 'they are'} billed again from the new length.` : '';
  const check = left > 0 ? ` ${left === differing.length ? (left === 1 ? 'It is' : 'They are') : `The other ${left === 1 ? 'one is' : `${left} are`}`} listed on the Operations page to check; Ringside left ${left === 1 ? 'it as it was' : 'them as they were'}.` : '';
  const opening = alone ? `OpenPhone and Ringside disagree about ${what} ${when}.` : `OpenPhone also describes ${what} differently from Ringside.`;
  return `${opening}${fixed}${check}`;
}

export function failedAlertMessage(fromDate: LocalDate, toDate: LocalDate, reason: string): string {
  return `Ringside could not check the calls and texts of ${daysInWords(fromDate, toDate)} against OpenPhone: ${reason}. Some may be missing from the history until a check succeeds.`;
}

/** Why listing failed, in plain words (no key, no numbers). */
export function failureInWords(failure: RestFailure, step: string): string {
  switch (failure.kind) {
    case 'refused':
      return failure.httpStatus === 401 || failure.httpStatus === 403 ? "OpenPhone refused Ringside's API key" : `OpenPhone refused to list ${step} (${failure.httpStatus})`;
    case 'rate_limited':
      return 'OpenPhone asked Ringside to slow down and kept refusing';
    case 'server_error':
      return `OpenPhone had a problem listing ${step} (${failure.httpStatus})`;
    case 'unreachable':
      return 'OpenPhone could not be reached';
    case 'no_answer':
      return `OpenPhone did not answer while listing ${step}`;
  }
}

/** The daily summary mailed to the owner when a day's check found nothing missing. */
export function nothingMissingSummary(date: LocalDate, calls: number, texts: number, unreadable: number): string {
  const odd = unreadable > 0 ? ` ${countInWords(unreadable, 'item', 'items')} OpenPhone listed could not be read and ${unreadable === 1 ? 'was' : 'were'} left out.` : '';
  return `${daysInWords(date, date)}: Ringside checked ${countInWords(calls, 'call', 'calls')} and ${countInWords(texts, 'text', 'texts')} against OpenPhone and none were missing.${odd}`;
}
