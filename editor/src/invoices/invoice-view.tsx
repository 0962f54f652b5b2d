// A rated invoice as a reader wants it: every line with its quantity, period, discounts and
// taxes, and how it was computed (the trace, step by step, with the policy and rule of each
// step); then the totals, the tax summary, notes and warnings. Lines are cards rather than a wide
// table so that the whole invoice reads on a phone.
import type { RatedLine, RatingResult, TraceStep } from '../../../server/rating/types';

export function InvoiceView({ invoice, label }: { invoice: RatingResult; label: string }) {
  const { currency } = invoice;
  return (
    <article className="invoice" aria-label={label}>
      <header className="invoice-head">
        <span>
          <strong>{invoice.customerId}</strong> · {day(invoice.period.start)} to{' '}
          {day(invoice.period.end)} (end not included)
        </span>
        <span className="invoice-total">
          {invoice.totals.total} {currency}
        </span>
      </header>
      <ol className="invoice-lines" aria-label="Lines">
        {invoice.lines.map((line) => (
          <li key={line.id}>
            <InvoiceLine line={line} currency={currency} />
          </li>
        ))}
      </ol>
      {invoice.lines.length === 0 && <p className="empty">No lines: nothing to charge.</p>}
      <table className="table totals" aria-label="Totals">
        <tbody>
          <Amount name="Amount" value={invoice.totals.amount} currency={currency} />
          <Amount name="Discounts" value={negated(invoice.totals.discount)} currency={currency} />
          <Amount name="Net" value={invoice.totals.net} currency={currency} />
          <Amount name="Tax" value={invoice.totals.tax} currency={currency} />
          <Amount name="Total" value={invoice.totals.total} currency={currency} strong />
        </tbody>
      </table>
      {invoice.taxSummary.length > 0 && (
        <table className="table" aria-label="Tax summary">
          <thead>
            <tr>
              <th scope="col">Tax</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Rate</th>
              <th scope="col">Base</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {invoice.taxSummary.map((tax) => (
              <tr key={`${tax.jurisdiction}-${tax.name}-${tax.rate}`}>
                <td>{tax.name}</td>
                <td>{tax.jurisdiction}</td>
                <td className="number">{tax.rate}%</td>
                <td className="number">{tax.base}</td>
                <td className="number">{tax.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {invoice.notes.length > 0 && (
        <ul className="invoice-notes" aria-label="Notes">
          {invoice.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {invoice.warnings.length > 0 && (
        <ul className="invoice-warnings" aria-label="Warnings">
          {invoice.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

function InvoiceLine({ line, currency }: { line: RatedLine; currency: string }) {
  return (
    <section className="invoice-line" aria-label={line.description}>
      <div className="line-head">
        <span className="line-description">{line.description}</span>
        <span className="number line-total">
          {line.total} {currency}
        </span>
      </div>
      <p className="muted line-meta">
        {kindLabel(line.kind)} · quantity {line.quantity} · {day(line.periodStart)} to{' '}
        {day(line.periodEnd)}
      </p>
      <dl className="line-amounts">
        <dt>Amount</dt>
        <dd className="number">{line.amount}</dd>
        {line.discounts.map((discount) => (
          <Pair
            key={`${discount.policy.key}-${discount.rule}`}
            name={discount.label}
            value={negated(discount.amount)}
          />
        ))}
        {line.taxes.map((tax) => (
          <Pair
            key={`${tax.jurisdiction}-${tax.rule}`}
            name={`${tax.name} ${tax.rate}%${tax.inclusive ? ' (included)' : ''}`}
            value={tax.amount}
          />
        ))}
      </dl>
      {line.taxes
        .filter((tax) => tax.note !== undefined)
        .map((tax) => (
          <p key={`note-${tax.rule}`} className="muted">
            {tax.note}
          </p>
        ))}
      <details className="explanation">
        <summary>How this line was computed</summary>
        <ol>
          {line.trace.map((step, index) => (
            <li key={index}>
              <TraceLine step={step} />
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function TraceLine({ step }: { step: TraceStep }) {
  return (
    <>
      <span className="badge">{step.step}</span> {step.explanation}{' '}
      {step.policy && (
        <span className="muted">
          ({step.policy.key} v{step.policy.version}
          {step.rule && `, rule ${step.rule}`})
        </span>
      )}
    </>
  );
}

function Pair({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="number">{value}</dd>
    </>
  );
}

function Amount(props: { name: string; value: string; currency: string; strong?: boolean }) {
  const text = `${props.value} ${props.currency}`;
  return (
    <tr>
      <th scope="row">{props.name}</th>
      <td className="number">{props.strong ? <strong>{text}</strong> : text}</td>
    </tr>
  );
}

const KIND_LABELS: Record<RatedLine['kind'], string> = {
  usage: 'Usage',
  recurring: 'Recurring',
  one_time: 'One-time',
  proration_credit: 'Proration credit',
  true_up: 'Commitment true-up',
};

function kindLabel(kind: RatedLine['kind']): string {
  return KIND_LABELS[kind];
}

/** A deduction as it reads on an invoice: -40.00; nothing deducted stays 0.00. */
export function negated(amount: string): string {
  return /^-|^0(\.0+)?$/.test(amount) ? amount : `-${amount}`;
}

/** An instant as its day when it is midnight UTC, else as it is. */
function day(instant: string): string {
  return instant.endsWith('T00:00:00Z') || instant.endsWith('T00:00:00.000Z')
    ? instant.slice(0, 10)
    : instant;
}
