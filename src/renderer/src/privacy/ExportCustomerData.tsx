import { useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { ExportProgress } from '../../../shared/api/privacy';
import './privacy.css';

/**
 * "Export data" on the customer page: everything this console holds about the customer
 * (calls, transcripts, texts, pictures, billing, jobs) as one zip file on this computer,
 * with progress while the relay sends the files, then where it was saved.
 */
export function ExportCustomerData({ client, customerId }: { client: RingsideClient; customerId: string }) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [saved, setSaved] = useState<{ path: string; missing: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => client.on('privacy.exportProgress', (next) => next.customerId === customerId && setProgress(next)), [client, customerId]);
  // Another customer's page (after a merge, say) does not show this one's file.
  useEffect(() => {
    setSaved(null);
    setError(null);
    setProgress(null);
  }, [customerId]);

  async function run(): Promise<void> {
    setBusy(true);
    setSaved(null);
    setError(null);
    setProgress(null);
    try {
      const result = await client.invoke('privacy.exportCustomer', { customerId });
      setSaved({ path: result.path, missing: result.missingMedia });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export-data">
      <button type="button" className="button" disabled={busy} onClick={() => void run()} data-testid="export-customer">
        {busy ? 'Exporting…' : 'Export data'}
      </button>
      {busy && progress ? (
        <div className="privacy-progress" role="status" data-testid="export-progress">
          <progress max={progress.total} value={progress.done} />
          <span className="muted">{progress.words}</span>
        </div>
      ) : null}
      {saved ? (
        <div className="success export-data__saved" role="status" data-testid="export-saved" data-path={saved.path} title={saved.path}>
          <p>
            Saved as <strong className="export-data__file">{fileNameOf(saved.path)}</strong>
            {saved.missing > 0 ? ` (${saved.missing} ${saved.missing === 1 ? 'file' : 'files'} the relay no longer has: the README inside says which).` : '.'}
          </p>
          <p className="hint export-data__folder">In the folder {folderOf(saved.path)}</p>
        </div>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The file's own name from the path the core saved it at (either kind of slash). */
function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}
