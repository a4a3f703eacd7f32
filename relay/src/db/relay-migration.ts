/** One step of the relay schema: plain SQL, run once, in order, inside one transaction. */
export interface RelayMigration {
  /** The file name without extension: `NNNN-what-it-does`. */
  name: string;
  sql: string;
}
