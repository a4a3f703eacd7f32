import { DateTime } from 'luxon';
import type { JobFieldName, JobStage } from '../../shared/events/model';
import type { JobHappening } from '../../shared/jobs/job-fold';
import { JOB_FIELD_NAMES, URGENCY_NAMES } from '../../shared/jobs/job-words';
import { formatPhone } from '../../shared/phone';
import { formatMoney } from '../../shared/units';

/** The words a person reads about jobs: field names, proposed values, what happened. */

export const FIELD_NAMES = JOB_FIELD_NAMES;

const URGENCY_WORDS: Record<string, string> = URGENCY_NAMES;

/** "Tue 8 Dec, 9:00", in the zone the instant was written in (the business's offset). */
export function timeWords(iso: string): string | null {
  const at = DateTime.fromISO(iso, { setZone: true });
  return at.isValid ? at.toFormat('ccc d LLL, H:mm') : null;
}

/** "Tue 8 Dec, 9:00–12:00", or across days with both dates. */
export function intervalWords(startIso: string, endIso: string | null): string | null {
  const start = DateTime.fromISO(startIso, { setZone: true });
  if (!start.isValid) return null;
  if (endIso === null) return start.toFormat('ccc d LLL, H:mm');
  const end = DateTime.fromISO(endIso, { setZone: true });
  if (!end.isValid) return start.toFormat('ccc d LLL, H:mm');
  return start.hasSame(end, 'day') ? `${start.toFormat('ccc d LLL, H:mm')}–${end.toFormat('H:mm')}` : `${start.toFormat('ccc d LLL, H:mm')} – ${end.toFormat('ccc d LLL, H:mm')}`;
}

/** A proposed value as a person reads it (its normal form turned into words); as it is when it is not in that form. */
export function proposedValueWords(field: JobFieldName, value: string): string {
  switch (field) {
    case 'phone':
      return /^\+[1-9]\d{6,14}$/.test(value) ? formatPhone(value) : value;
    case 'preferredTime': {
      const [start, end] = value.split('/');
      return (start && intervalWords(start, end ?? null)) ?? value;
    }
    case 'price': {
      const match = /^(\d+)\s+([A-Z]{3})$/.exec(value);
      if (!match) return value;
      try {
        return formatMoney({ minor: Number(match[1]), currency: match[2]! });
      } catch {
        return value;
      }
    }
    case 'urgency':
      return URGENCY_WORDS[value] ?? value;
    default:
      return value;
  }
}

/** "3 Dec, 9:14" on this console's clock. */
export function whenWords(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('d LLL, H:mm');
}

const DECISION_WORDS = { accepted: 'accepted', edited: 'corrected', rejected: 'rejected' } as const;

/** One line of a job's history. */
export function happeningWords(happening: JobHappening, stageNames: Record<JobStage, string>): string {
  switch (happening.kind) {
    case 'extracted':
      return happening.again ? 'Read again from the conversation' : 'Made from the conversation';
    case 'created':
      return `Added by ${happening.by}`;
    case 'moved':
      return happening.from === happening.to ? `Reordered in ${stageNames[happening.to]} by ${happening.by}` : `Moved from ${stageNames[happening.from]} to ${stageNames[happening.to]} by ${happening.by}`;
    case 'edited':
      return `Details changed by ${happening.by}`;
    case 'reviewed':
      return `${FIELD_NAMES[happening.field]} ${DECISION_WORDS[happening.decision]} by ${happening.by}`;
    case 'note':
      return `Note added by ${happening.by}`;
    case 'photo':
      return `Photo ${happening.fileName} added by ${happening.by}`;
  }
}
