// Invoices (or, on the credit notes screen, the credit and debit notes): narrowed by customer,
// status, kind and the months their periods start in, a page at a time, each opening on its page.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { customerPath } from '../customers/customer-api';
import { Link } from '../shell/link';
import { Pager } from '../ui/pager';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { useSettled } from '../ui/use-settled';
import {
  INVOICE_PAGE_SIZE,
  KIND_LABELS,
  NOTE_KINDS,
  documentName,
  invoicePath,
  monthAfter,
  monthStart,
  periodLabel,
  runPath,
  type InvoicePage,
  type InvoiceSummary,
} from './invoice-api';

interface Filters {
  customer: string;
  status: '' | 'draft' | 'finalized';
  /** Kinds separated by commas, as the API takes them; '' for any. */
  kind: string;
  /** YYYY-MM: periods that start in this month or later. */
  fromMonth: string;
  /** YYYY-MM: periods that start in this month or earlier. */
  throughMonth: string;
  run: string;
}

export function InvoiceListScreen({ notes, query }: { notes: boolean; query: URLSearchParams }) {
  const [filters, setFilters] = useState<Filters>(() => ({
    customer: query.get('customer') ?? '',
    status: '',
    kind: notes ? NOTE_KINDS.join(',') : '',
    fromMonth: '',
    throughMonth: '',
    run: query.get('run') ?? '',
  }));
  const applied = useSettled(filters, 300);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<InvoicePage>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const set = (field: keyof Filters) => (value: string) =>
    setFilters({ ...filters, [field]: value });
  const monthProblem =
    applied.fromMonth && applied.throughMonth && applied.fromMonth > applied.throughMonth
      ? '“Periods from” must be on or before “through”.'
      : undefined;
  const title = notes ? 'Credit and debit notes' : 'Invoices';

  useEffect(() => setOffset(0), [applied]);
  useEffect(() => {
    let live = true;
    setPage(undefined);
    setError(undefined);
    if (monthProblem) return;
    const params = new URLSearchParams({
      limit: String(INVOICE_PAGE_SIZE),
      offset: String(offset),
    });
    if (applied.customer.trim()) params.set('customerId', applied.customer.trim());
    if (applied.status) params.set('status', applied.status);
    if (applied.kind) params.set('kind', applied.kind);
    if (applied.fromMonth) params.set('periodFrom', monthStart(applied.fromMonth));
    if (applied.throughMonth) params.set('periodBefore', monthAfter(applied.throughMonth));
    if (applied.run.trim()) params.set('runId', applied.run.trim());
    callApi<InvoicePage>('GET', `/api/v1/invoices?${params}`).then(
      (answer) => live && setPage(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [applied, offset, attempt, monthProblem]);

  return (
    <section aria-labelledby="invoices-title" className="invoices">
      <h1 id="invoices-title">{title}</h1>
      <div className="filters" role="search" aria-label={`${title} filters`}>
        <label>
          Customer id
          <input
            type="search"
            value={filters.customer}
            maxLength={64}
            placeholder="acme-corp"
            onChange={(event) => set('customer')(event.target.value)}
          />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(event) => set('status')(event.target.value)}>
            <option value="">Any status</option>
            <option value="finalized">Issued</option>
            <option value="draft">Draft</option>
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={(event) => set('kind')(event.target.value)}>
            {notes ? (
              <option value={NOTE_KINDS.join(',')}>Credit and debit notes</option>
            ) : (
              <option value="">Any kind</option>
            )}
            {(notes ? NOTE_KINDS : (['invoice', ...NOTE_KINDS] as const)).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}s
              </option>
            ))}
          </select>
        </label>
        <label>
          Periods from (month)
          <input
            type="month"
            value={filters.fromMonth}
            onChange={(event) => set('fromMonth')(event.target.value)}
          />
        </label>
        <label>
          through (month)
          <input
            type="month"
            value={filters.throughMonth}
            onChange={(event) => set('throughMonth')(event.target.value)}
          />
        </label>
        {filters.run && (
          <label>
            Made by run
            <input value={filters.run} onChange={(event) => set('run')(event.target.value)} />
          </label>
        )}
      </div>
      <InlineError message={monthProblem} />
      {error && <ErrorPanel message={error} onRetry={() => setAttempt((count) => count + 1)} />}
      {!error && !monthProblem && !page && <Loading what={title.toLowerCase()} />}
      {page && page.invoices.length === 0 && (
        <p className="empty">Nothing matches these filters.</p>
      )}
      {page && page.invoices.length > 0 && (
        <>
          <InvoiceTable invoices={page.invoices} label={title} />
          <Pager
            what={title.toLowerCase()}
            offset={offset}
            shown={page.invoices.length}
            nextOffset={page.nextOffset}
            pageSize={INVOICE_PAGE_SIZE}
            onOffset={setOffset}
          />
        </>
      )}
    </section>
  );
}

export function InvoiceTable(props: {
  invoices: InvoiceSummary[];
  label: string;
  /** Leave out the customer column, on a page about one customer's documents. */
  withoutCustomer?: boolean;
}) {
  const { invoices, withoutCustomer } = props;
  const withReferences = invoices.some((invoice) => invoice.references !== null);
  return (
    <div className="table-scroll">
      <table className="table invoice-table" aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Kind</th>
            {!withoutCustomer && <th scope="col">Customer</th>}
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col">Issued</th>
            <th scope="col">Total</th>
            {withReferences && <th scope="col">Corrects</th>}
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                <Link href={invoicePath(invoice.id)}>{documentName(invoice)}</Link>
              </td>
              <td>{KIND_LABELS[invoice.kind]}</td>
              {!withoutCustomer && (
                <td>
                  <Link href={customerPath(invoice.customerId)}>{invoice.customerName}</Link>
                  <div className="muted">{invoice.customerId}</div>
                </td>
              )}
              <td>{periodLabel(invoice.periodStart, invoice.periodEnd)}</td>
              <td>
                <span className={`badge status-${invoice.status}`}>
                  {invoice.status === 'finalized' ? 'Issued' : 'Draft'}
                </span>
              </td>
              <td>{invoice.finalizedAt?.slice(0, 10) ?? '—'}</td>
              <td className="number">
                {invoice.total} {invoice.currency}
              </td>
              {withReferences && (
                <td>
                  {invoice.references ? (
                    <Link href={invoicePath(invoice.references.invoiceId)}>
                      {invoice.references.number}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              )}
              <td>
                {invoice.runId ? (
                  <Link href={runPath(invoice.runId)}>{invoice.runId}</Link>
                ) : (
                  'On request'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
