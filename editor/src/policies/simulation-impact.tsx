// The revenue impact of a simulation: per currency before, after and delta; per customer the
// same with the lines that change; and the customers that could not be rated, and why.
import { usePeople } from '../people/use-people';
import { signed } from '../ui/amounts';
import type { CustomerImpact, SimulationSummary } from './policy-api';

export function SimulationImpact({
  simulation,
  customers,
  onShowInvoice,
}: {
  simulation: SimulationSummary;
  customers: CustomerImpact[];
  /** Offer each customer's whole invoice with the simulated versions. */
  onShowInvoice?: (customerId: string) => void;
}) {
  const nameOf = usePeople([simulation.createdBy]);
  return (
    <>
      <p>
        Simulated {simulation.period.start} to {simulation.period.end} over{' '}
        {simulation.customerCount} {simulation.customerCount === 1 ? 'customer' : 'customers'} by{' '}
        {nameOf(simulation.createdBy)}: {simulation.changedCustomerCount} would change
        {simulation.failureCount > 0 && `, ${simulation.failureCount} could not be rated`}.
      </p>
      <table className="table" aria-label="Revenue impact per currency">
        <thead>
          <tr>
            <th scope="col">Currency</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Delta</th>
            <th scope="col">Customers</th>
          </tr>
        </thead>
        <tbody>
          {simulation.totals.map((total) => (
            <tr key={total.currency}>
              <td>{total.currency}</td>
              <td className="number">{total.before}</td>
              <td className="number">{total.after}</td>
              <td className="number delta">{signed(total.delta)}</td>
              <td className="number">{total.customers}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table" aria-label="Revenue impact per customer">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Delta</th>
            <th scope="col">Lines that change</th>
            {onShowInvoice && <th scope="col">Invoice</th>}
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.customerId}>
              <td>{customer.customerId}</td>
              <td className="number">
                {customer.before} {customer.currency}
              </td>
              <td className="number">
                {customer.after} {customer.currency}
              </td>
              <td className="number delta">{signed(customer.delta)}</td>
              <td>
                {customer.changedLines.length === 0
                  ? 'none'
                  : customer.changedLines
                      .map(
                        (line) =>
                          `${line.description}: ${line.before ?? '—'} → ${line.after ?? '—'}`,
                      )
                      .join('; ')}
              </td>
              {onShowInvoice && (
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Show invoice of ${customer.customerId}`}
                    onClick={() => onShowInvoice(customer.customerId)}
                  >
                    Show invoice
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {simulation.failures.length > 0 && (
        <ul className="failures">
          {simulation.failures.map((failure) => (
            <li key={`${failure.customerId}-${failure.with}`}>
              {failure.customerId} (with the {failure.with}):{' '}
              {failure.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
