import type { ChargeRow } from '../../../shared/api/billing';
import { formatPhone } from '../privacy/shown-phone';
import { formatDuration } from '../../../shared/units';
import { VirtualTable } from '../lists/VirtualTable';
import { chargeLineText, formatInstant, money } from './billing-format';

/**
 * Charges with raw → billable time, the buckets that paid, the amount and the trace
 * behind it; only the rows in view are rendered, and `onNearEnd` asks for older ones.
 */
export function ChargesTable({ charges, onOpenCustomer, onNearEnd }: { charges: ChargeRow[]; onOpenCustomer?(customerId: string, name: string): void; onNearEnd?: () => void }) {
  return (
    <VirtualTable
      rows={charges}
      rowKey={(charge) => charge.chargeId}
      className="charges-table"
      testId="charges-table"
      estimateRowHeight={73}
      {...(onNearEnd ? { onNearEnd } : {})}
      head={
        <tr>
          <th scope="col">Call or text</th>
          <th scope="col">Customer</th>
          <th scope="col">Raw → billable</th>
          <th scope="col">Paid from</th>
          <th scope="col" className="numeric">
            Amount
          </th>
          <th scope="col">How it was rated</th>
        </tr>
      }
      renderRow={(charge, props) => (
        <tr
          {...props}
          data-testid="charge-row"
          data-call-id={charge.callId}
          className={charge.reversesChargeId ? 'is-reversal' : charge.reversedByChargeId ? 'is-reversed' : undefined}
        >
          <td>
            {formatInstant(charge.startedAt)}
            {charge.reversesChargeId ? (
              <span className="badge badge--reversal" title={`Cancels charge ${charge.reversesChargeId}`}>
                Reversal
              </span>
            ) : null}
            {charge.reversedByChargeId ? <span className="badge badge--muted">Reversed</span> : null}
          </td>
          <td>
            {charge.customerId && charge.customerName ? (
              onOpenCustomer ? (
                <button type="button" className="link-button" onClick={() => onOpenCustomer(charge.customerId ?? '', charge.customerName ?? '')}>
                  {charge.customerName}
                </button>
              ) : (
                charge.customerName
              )
            ) : (
              <span className="muted">Unknown caller {formatPhone(charge.number)}</span>
            )}
          </td>
          <td className="nowrap">
            {charge.message ? (
              <strong>{charge.message.direction === 'incoming' ? 'Text received' : 'Text sent'}</strong>
            ) : (
              <>
                {formatDuration(charge.rawSeconds)} → <strong>{formatDuration(charge.billableSeconds)}</strong>
              </>
            )}
          </td>
          <td>
            <ul className="plain-list">
              {charge.lines.map((line, index) => (
                <li key={`${line.bucket}-${index}`}>{chargeLineText(line)}</li>
              ))}
            </ul>
          </td>
          <td className="numeric" data-testid="charge-amount">
            {money(charge.totalMinor, charge.currency)}
          </td>
          <td>
            <details className="trace">
              <summary>Trace</summary>
              <ol data-testid="charge-trace">
                {charge.trace.map((step, index) => (
                  <li key={index}>{step}</li>
                ))}
              </ol>
            </details>
          </td>
        </tr>
      )}
    />
  );
}
