import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { QuickBooksTaxMappingView } from '../../../shared/api/quickbooks';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';

const percent = (basisPoints: number | null): string => (basisPoints === null ? 'no rate' : `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`);
const sourceWords = { chosen: 'chosen here', default: 'the one code at this rate', missing: 'choose one: invoices at this rate wait' } as const;

/**
 * Settings → QuickBooks "Tax codes" (issue 11 §1): which of the company's own tax codes each of
 * Ringside's tax rates goes out with. US companies need none (taxable or not taxable per line).
 * Saved as quickbooks.tax_mapping_defined, so every bookkeeper console pushes the same codes.
 */
export function TaxMappingForm({ client }: { client: RingsideClient }) {
  const id = useId();
  const [view, setView] = useState<QuickBooksTaxMappingView | null | undefined>(undefined);
  const [picked, setPicked] = useState<Record<number, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useSubmit();

  useEffect(() => {
    client.invoke('quickbooks.taxMapping', {}).then(
      (answer) => {
        setView(answer);
        setPicked(Object.fromEntries((answer?.rows ?? []).filter((r) => r.taxCodeId !== null).map((r) => [r.taxBasisPoints, r.taxCodeId!])));
      },
      (failure: Error) => setLoadError(failure.message),
    );
  }, [client]);

  if (loadError) {
    return (
      <p className="error" role="alert">
        Could not load the tax codes: {loadError}
      </p>
    );
  }
  if (view === undefined) return <p className="muted">Loading…</p>;
  if (view === null) {
    return (
      <section className="form" data-testid="qb-tax-mapping">
        <h3>Tax codes</h3>
        <p className="hint">Ringside reads the company&rsquo;s tax codes when the bookkeeper console syncs with QuickBooks. Once it has synced, choose them here on any admin or bookkeeper console.</p>
      </section>
    );
  }
  if (view.usesPseudoCodes) {
    return (
      <section className="form" data-testid="qb-tax-mapping">
        <h3>Tax codes</h3>
        <p className="hint">
          This is a US QuickBooks company: each invoice line goes out as taxable when Ringside charges tax on it and not taxable otherwise, so there is nothing to choose.
          {view.automatedSalesTax ? ' QuickBooks works out the sales tax itself (automated sales tax), so its total can differ from Ringside\u2019s; the Sync page lists every difference.' : ''}
        </p>
      </section>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save.run(async () => {
      const codes = Object.entries(picked).map(([bp, taxCodeId]) => ({ taxBasisPoints: Number(bp), taxCodeId }));
      const answer = await client.invoke('quickbooks.defineTaxMapping', { codes });
      if (answer) setView(answer);
      return 'Tax codes saved: invoices go out with them from now on.';
    });
  };

  return (
    <form className="form qb-tax-mapping" onSubmit={submit} data-testid="qb-tax-mapping" noValidate>
      <h3>Tax codes</h3>
      <p className="hint">
        QuickBooks ({view.country}) needs one of its own tax codes on every invoice line. Choose the code for each tax rate Ringside charges; QuickBooks then works the tax out and Ringside
        compares its total with its own.
      </p>
      {view.rows.map((row) => (
        <div className="field" key={row.taxBasisPoints}>
          <label htmlFor={`${id}-${row.taxBasisPoints}`}>
            Ringside&rsquo;s {percent(row.taxBasisPoints)} tax ({row.usedFor.join(', ')})
          </label>
          <select
            id={`${id}-${row.taxBasisPoints}`}
            className="input"
            value={picked[row.taxBasisPoints] ?? ''}
            onChange={(event) => setPicked({ ...picked, [row.taxBasisPoints]: event.target.value })}
            data-testid={`qb-tax-code-${row.taxBasisPoints}`}
          >
            <option value="" disabled>
              Choose a QuickBooks tax code…
            </option>
            {view.codes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({percent(c.rateBasisPoints)}){c.rateBasisPoints !== null && c.rateBasisPoints !== row.taxBasisPoints ? ' — not this rate' : ''}
              </option>
            ))}
          </select>
          <span className={row.source === 'missing' ? 'hint qb-tax-mapping__missing' : 'hint'}>{sourceWords[row.source]}</span>
        </div>
      ))}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={save.busy || Object.keys(picked).length === 0}>
          Save tax codes
        </button>
      </div>
      <SubmitStatus state={save} testId="qb-tax-mapping" />
    </form>
  );
}
