import type { QuickBooksSyncStatus } from '../../../shared/api/quickbooks';

const percent = (basisPoints: number): string => `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`;

/**
 * What the connected company means for invoices (issue 11 §1), on Settings → QuickBooks and on
 * the Sync page: QuickBooks numbering invoices itself, rates without a tax code, automated sales
 * tax. Shown whenever it applies; never silent.
 */
export function CompanyTaxNotices({ status }: { status: QuickBooksSyncStatus | null }) {
  const company = status?.company ?? null;
  if (!company) return null;
  const unmapped = company.usesPseudoCodes ? [] : company.unmappedRates;
  if (!company.customNumbersWarning && unmapped.length === 0 && !company.automatedSalesTax) return null;
  return (
    <div className="qb-notices" data-testid="qb-company-notices">
      {company.customNumbersWarning ? (
        <p className="qb-notice" role="status" data-testid="qb-custom-numbers-warning">
          {company.customNumbersWarning}
        </p>
      ) : null}
      {unmapped.length > 0 ? (
        <p className="qb-notice" role="status" data-testid="qb-unmapped-rates">
          Invoices taxed at {unmapped.map(percent).join(' or ')} wait in Ringside until you choose which QuickBooks tax code they go out with (Settings → QuickBooks, Tax codes).
        </p>
      ) : null}
      {company.automatedSalesTax ? (
        <p className="hint" data-testid="qb-automated-sales-tax">
          This company uses QuickBooks&rsquo; automated sales tax: QuickBooks works out the sales tax itself, so its total can differ from Ringside&rsquo;s. Every difference is listed on the Sync page and on the invoice.
        </p>
      ) : null}
    </div>
  );
}

/** The Sync page's list of invoices whose total in QuickBooks is not Ringside's. */
export function TotalDifferences({ status }: { status: QuickBooksSyncStatus | null }) {
  const differences = status?.totalDifferences ?? [];
  if (differences.length === 0) return null;
  return (
    <section className="panel panel--full" aria-labelledby="sync-differences-heading" data-testid="sync-total-differences">
      <h2 id="sync-differences-heading">Totals that differ in QuickBooks</h2>
      <p className="hint">QuickBooks worked out the tax on these invoices itself. Check them in QuickBooks before the customer pays: the customer is billed QuickBooks&rsquo; total.</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Customer</th>
              <th scope="col">What differs</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr key={d.invoiceKey} data-testid="sync-total-difference">
                <td>{d.docNumber ? `#${d.docNumber}` : `the invoice of ${d.issueDate ?? 'unknown date'} for ${d.customerName ?? 'an unnamed customer'}`}</td>
                <td>{d.customerName ?? '—'}</td>
                <td>{d.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
