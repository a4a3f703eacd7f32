import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';
import { FIELD_LABELS } from './job-words';

/** How often people kept each suggestion as it was: a table, since it is a count so far and not a trend. */
export function AccuracyPanel({ client }: { client: RingsideClient }) {
  const accuracy = useApiQuery(client, 'jobs.accuracy', {});
  const rows = (accuracy.data ?? []).filter((row) => row.reviewed > 0);
  return (
    <section className="panel panel--full job-accuracy" aria-labelledby="job-accuracy-title" data-testid="job-accuracy">
      <h2 id="job-accuracy-title">How often the suggestions were right</h2>
      {rows.length === 0 ? (
        <p className="muted">Nothing checked yet. Each time someone accepts, corrects or rejects a suggestion on a job, it counts here.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">What was heard</th>
                <th scope="col" className="numeric">
                  Checked
                </th>
                <th scope="col" className="numeric">
                  Right
                </th>
                <th scope="col" className="numeric">
                  Corrected
                </th>
                <th scope="col" className="numeric">
                  Wrong
                </th>
                <th scope="col">Right as heard</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const percent = Math.round((row.accuracy ?? 0) * 100);
                return (
                  <tr key={row.field}>
                    <th scope="row">{FIELD_LABELS[row.field]}</th>
                    <td className="numeric">{row.reviewed}</td>
                    <td className="numeric">{row.accepted}</td>
                    <td className="numeric">{row.edited}</td>
                    <td className="numeric">{row.rejected}</td>
                    <td>
                      <span className="job-accuracy__bar" aria-hidden="true">
                        <span style={{ width: `${percent}%` }} />
                      </span>{' '}
                      {percent}%
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
