// One invoice run and its progress, read again every second while it runs: customers looked at,
// invoiced, already invoiced, with nothing to bill, not billable, failed (each failure with the
// customer, the period and why); once completed, its invoices are a link away.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { customerPath } from '../customers/customer-api';
import { usePeople } from '../people/use-people';
import { Link } from '../shell/link';
import { ErrorPanel, Loading } from '../ui/status';
import { day, type InvoiceRunView } from './invoice-api';
import { RunState, instant } from './invoice-runs-screen';

const POLL_MS = 1000;

const COUNT_LABELS: [keyof InvoiceRunView['counts'], string][] = [
  ['customers', 'Customers done'],
  ['invoiced', 'Invoiced'],
  ['alreadyInvoiced', 'Already invoiced'],
  ['empty', 'Nothing to bill'],
  ['notBillable', 'Not billable (no billing profile)'],
  ['failed', 'Failed'],
  ['creditNotes', 'Credit notes issued'],
  ['debitNotes', 'Debit notes issued'],
];

export function InvoiceRunScreen({ runId }: { runId: string }) {
  const [run, setRun] = useState<InvoiceRunView>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const nameOf = usePeople(run ? [run.startedBy.id] : []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const answer = await callApi<InvoiceRunView>(
          'GET',
          `/api/v1/invoice-runs/${encodeURIComponent(runId)}`,
        );
        if (!live) return;
        setRun(answer);
        setError(undefined);
        if (answer.state === 'running') timer = setTimeout(() => void read(), POLL_MS);
      } catch (failure) {
        if (live) setError(describeProblem(failure));
      }
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [runId, attempt]);

  if (error && !run) {
    return <ErrorPanel message={error} onRetry={() => setAttempt((count) => count + 1)} />;
  }
  if (!run) return <Loading what="the invoice run" />;
  return (
    <section aria-labelledby="run-title" className="invoice-run">
      <p>
        <Link href="/invoice-runs">← Invoice runs</Link>
      </p>
      <h1 id="run-title">Invoice run {run.id}</h1>
      {error && (
        <ErrorPanel
          message={`The progress could not be read again: ${error}`}
          onRetry={() => setAttempt((count) => count + 1)}
        />
      )}
      <div className="card">
        <p data-testid="run-state" aria-live="polite">
          <RunState run={run} />{' '}
          {run.state === 'running'
            ? `${run.counts.customers} customers done so far; last progress ${instant(run.updatedAt)} UTC.`
            : `Completed ${instant(run.completedAt ?? run.updatedAt)} UTC.`}
        </p>
        <dl className="facts">
          <dt>Started</dt>
          <dd>
            {instant(run.startedAt)} UTC by{' '}
            {run.trigger === 'scheduled' ? 'the daily schedule' : nameOf(run.startedBy.id)}
          </dd>
          <dt>Periods ended by</dt>
          <dd>{instant(run.asOf)} UTC</dd>
        </dl>
      </div>
      <table className="table run-counts" aria-label="Progress">
        <thead>
          <tr>
            <th scope="col">Customers and periods</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {COUNT_LABELS.map(([name, label]) => (
            <tr key={name}>
              <th scope="row">{label}</th>
              <td className="number" data-testid={`count-${name}`}>
                {run.counts[name] ?? 0}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.state === 'completed' && (
        <p>
          <Link href={`/invoices?run=${encodeURIComponent(run.id)}`}>The invoices of this run</Link>
        </p>
      )}
      {run.failures.length > 0 && (
        <section aria-labelledby="failures-title">
          <h2 id="failures-title">
            Failures{' '}
            {run.counts.failed > run.failures.length &&
              `(the first ${run.failures.length} of ${run.counts.failed})`}
          </h2>
          <div className="table-scroll">
            <table className="table" aria-label="Failures">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Period from</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {run.failures.map((failure) => (
                  <tr key={`${failure.customerId}-${failure.periodStart}`}>
                    <td>
                      <Link href={customerPath(failure.customerId)}>{failure.customerId}</Link>
                    </td>
                    <td>{day(failure.periodStart)}</td>
                    <td>{failure.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}
