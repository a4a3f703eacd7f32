import type { RingsideEvent } from '../../shared/events/model';
import { applyJobEvent } from '../../shared/jobs/job-fold';
import type { ConsoleDatabase } from '../db/open-console-database';
import { databaseLookup, writeJobChanges } from './job-store';

/**
 * Jobs on this console (issue 15 §3): every extraction and job event goes through the shared
 * fold (src/shared/jobs/job-fold.ts), whose changes are written to the jobs tables, so every
 * console, and the relay's calendar feed, hold the same jobs in the same places. Each
 * extraction is also kept as last recorded: the link from a call or thread to its jobs.
 */
export function projectJobs(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  switch (event.type) {
    case 'extraction.recorded': {
      const d = event.data;
      db.sqlite
        .prepare(
          `INSERT INTO job_extractions (extraction_id, subject_kind, subject_id, call_id, conversation_id, customer_id, extractor, outcome, appointment_count, at_ms, seq)
           VALUES (@extraction_id, @subject_kind, @subject_id, @call_id, @conversation_id, @customer_id, @extractor, @outcome, @appointment_count, @at_ms, @seq)
           ON CONFLICT (extraction_id) DO UPDATE SET call_id = excluded.call_id, conversation_id = excluded.conversation_id, customer_id = excluded.customer_id,
             extractor = excluded.extractor, outcome = excluded.outcome, appointment_count = MAX(appointment_count, excluded.appointment_count), at_ms = excluded.at_ms, seq = excluded.seq`,
        )
        .run({
          extraction_id: d.extractionId,
          subject_kind: d.subject.kind,
          subject_id: d.subject.id,
          call_id: d.callId,
          conversation_id: d.conversationId,
          customer_id: d.customerId,
          extractor: d.extractor,
          outcome: d.outcome,
          appointment_count: d.appointments.length,
          at_ms: Date.parse(event.occurredAt),
          seq,
        });
      writeJobChanges(db, seq, applyJobEvent(databaseLookup(db), event));
      if (d.customerId !== null) nameJobsAsOnFile(db, d.extractionId, d.customerId);
      return;
    }
    case 'job.created':
    case 'job.moved':
    case 'job.edited':
    case 'job.field_reviewed':
    case 'job.note_added':
    case 'job.photo_added':
    case 'job_stages.named':
      writeJobChanges(db, seq, applyJobEvent(databaseLookup(db), event));
      return;
    case 'customer.upserted':
      // A renamed customer is renamed on the jobs that took their name from the record.
      db.sqlite
        .prepare(
          `UPDATE jobs SET customer_name = (SELECT name FROM customers WHERE customer_id = jobs.customer_id)
            WHERE customer_id = ? AND extraction_id IS NOT NULL AND person_set_json NOT LIKE '%"customerName"%'
              AND EXISTS (SELECT 1 FROM customers WHERE customer_id = jobs.customer_id)`,
        )
        .run(event.data.customerId);
      return;
    case 'customer.merged':
      // The jobs of the merged customer belong to the one kept.
      db.sqlite.prepare('UPDATE jobs SET customer_id = ? WHERE customer_id = ?').run(event.data.intoCustomerId, event.data.fromCustomerId);
      return;
    default:
      return;
  }
}

/**
 * A job from a known caller's call or thread is named as the customer is on file ("Ada
 * Lovelace"), not as the words had it ("Ada"): the relay matched the caller's number and the
 * extraction carries the customer's id. The fold (shared with the relay) knows no customer
 * records, so the name is filled in here, unless a person set the job's customer name.
 */
function nameJobsAsOnFile(db: ConsoleDatabase, extractionId: string, customerId: string): void {
  db.sqlite
    .prepare(
      `UPDATE jobs SET customer_name = (SELECT name FROM customers WHERE customer_id = @customer_id)
        WHERE extraction_id = @extraction_id AND customer_id = @customer_id AND person_set_json NOT LIKE '%"customerName"%'
          AND EXISTS (SELECT 1 FROM customers WHERE customer_id = @customer_id)`,
    )
    .run({ extraction_id: extractionId, customer_id: customerId });
}
