/**
 * How far the WAL file may be cut back when it next starts over (SQLite's journal_size_limit,
 * applied by the first commit after a restart). A copy that holds a read snapshot for seconds
 * (a backup's VACUUM INTO) keeps checkpoints from finishing, so the WAL grows to hundreds of
 * megabytes; cutting that back in one ftruncate on the log's connection held the event loop for
 * 72–113 ms in the relay-backup bench (150–285 MB cut to 32 MB). Cut back a step at a time
 * instead, each restart after a finished checkpoint taking `stepBytes` off, until the file is
 * down to `floorBytes`: with 64 MiB steps a cut still took 87 ms once (pages under writeback
 * are waited for), with 16 MiB none held the loop 50 ms. Pure.
 */
export function nextWalSizeLimit(walBytes: number, floorBytes: number, stepBytes: number): number {
  return Math.max(floorBytes, walBytes - stepBytes);
}
