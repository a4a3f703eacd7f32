import type { Kysely } from 'kysely';

// Frozen in time once released: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 15 §1: who made a call's transcript ('ringside' when the relay's transcription backend did,
  // 'provider' when the event says so; null for provider transcripts that say nothing of it), how it reads
  // as a whole (clear, poor, empty; null when not said), its language; and why the relay could not
  // make one (call.transcription_failed), in the words shown on the call.
  await db.schema.alterTable('call_artifacts').addColumn('transcribed_by', 'text').execute();
  await db.schema.alterTable('call_artifacts').addColumn('transcript_quality', 'text').execute();
  await db.schema.alterTable('call_artifacts').addColumn('transcript_language', 'text').execute();
  await db.schema.alterTable('call_artifacts').addColumn('transcription_failure_reason', 'text').execute();
  await db.schema.alterTable('call_artifacts').addColumn('transcription_failure_detail', 'text').execute();
  // How sure the transcriber was of each line, 0–1; null when it gave none (most providers).
  await db.schema.alterTable('transcript_lines').addColumn('confidence', 'real').execute();
}
