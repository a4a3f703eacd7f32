import type { Kysely } from 'kysely';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 contract: jobs (jobs capability) fills this in, with its test beside it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  void db;
}
