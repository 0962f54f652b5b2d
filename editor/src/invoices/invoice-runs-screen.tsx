// Invoice runs: billing admins and finance start one for the periods that ended by a day (today
// when left empty), and everyone who reads invoices sees the runs, the latest first, each opening
// on its progress.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { usePeople } from '../people/use-people';
import { Link } from '../shell/link';
import { navigate } from '../shell/navigation';
import { Field, FormProblemSummary, useFormSubmit } from '../ui/field-errors';
import { Pager } from '../ui/pager';
import { ErrorPanel, Loading } from '../ui/status';
import { runPath, type InvoiceRunView } from './invoice-api';

const RUN_PAGE_SIZE = 25;

export function InvoiceRunsScreen({ session }: { session: Session }) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ runs: InvoiceRunView[]; nextOffset: number | null }>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const nameOf = usePeople((page?.runs ?? []).map((run) => run.startedBy.id));

  useEffect(() => {
    let live = true;
    setError(undefined);
    callApi<{ runs: InvoiceRunView[]; nextOffset: number | null }>(
      'GET',
      `/api/v1/invoice-runs?limit=${RUN_PAGE_SIZE}&offset=${offset}`,
    ).then(
      (answer) => live && setPage(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [offset, attempt]);

  return (
    <section aria-labelledby="runs-title" className="invoice-runs">
      <h1 id="runs-title">Invoice runs</h1>
      {sessionCan(session, 'invoice:run') ? (
        <StartRunForm />
      ) : (
        <p className="muted">Billing admins and finance start invoice runs.</p>
      )}
      <section aria-labelledby="run-list-title">
        <h2 id="run-list-title">Runs, the latest first</h2>
        {error && <ErrorPanel message={error} onRetry={() => setAttempt((count) => count + 1)} />}
        {!error && !page && <Loading what="invoice runs" />}
        {page && page.runs.length === 0 && <p className="empty">No invoice run yet.</p>}
        {page && page.runs.length > 0 && (
          <>
            <div className="table-scroll">
              <table className="table" aria-label="Invoice runs">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Started (UTC)</th>
                    <th scope="col">By</th>
                    <th scope="col">Periods ended by</th>
                    <th scope="col">State</th>
                    <th scope="col">Customers</th>
                    <th scope="col">Invoiced</th>
                    <th scope="col">Failed</th>
                  </tr>
                </thead>
                <tbody>
                  {page.runs.map((run) => (
                    <tr key={run.id}>
                      <td>
                        <Link href={runPath(run.id)}>{run.id}</Link>
                      </td>
                      <td>{instant(run.startedAt)}</td>
                      <td>{run.trigger === 'scheduled' ? 'Schedule' : nameOf(run.startedBy.id)}</td>
                      <td>{instant(run.asOf)}</td>
                      <td>
                        <RunState run={run} />
                      </td>
                      <td className="number">{run.counts.customers}</td>
                      <td className="number">{run.counts.invoiced}</td>
                      <td className="number">{run.counts.failed}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              what="runs"
              offset={offset}
              shown={page.runs.length}
              nextOffset={page.nextOffset}
              pageSize={RUN_PAGE_SIZE}
              onOffset={setOffset}
            />
          </>
        )}
      </section>
    </section>
  );
}

export function RunState({ run }: { run: InvoiceRunView }) {
  return run.state === 'running' ? (
    <span className="badge status-draft">Running</span>
  ) : (
    <span className={`badge ${run.counts.failed > 0 ? 'status-rejected' : 'status-published'}`}>
      {run.counts.failed > 0 ? 'Completed with failures' : 'Completed'}
    </span>
  );
}

function StartRunForm() {
  const [asOfDay, setAsOfDay] = useState('');
  const [reason, setReason] = useState('');
  const today = new Date().toISOString().slice(0, 10);
  const { busy, problem, submit } = useFormSubmit(async () => {
    const run = await callApi<InvoiceRunView>('POST', '/api/v1/invoice-runs', {
      ...(asOfDay && { asOf: `${asOfDay}T00:00:00Z` }),
      ...(reason.trim() && { reason: reason.trim() }),
    });
    navigate(runPath(run.id));
  });
  return (
    <form
      className="card form start-run"
      aria-labelledby="start-run-title"
      onSubmit={(event) => void submit(event)}
    >
      <h2 id="start-run-title">Start an invoice run</h2>
      <p className="muted">
        Every billable customer is invoiced for each billing period that ended by then and has no
        invoice yet, with the policies in force; running again never invoices a period twice.
      </p>
      <Field
        label="Periods ended by (UTC day)"
        path="$.asOf"
        problem={problem}
        hint="Periods ending at midnight UTC at the start of this day or earlier; now when empty"
      >
        {(control) => (
          <input
            {...control}
            type="date"
            max={today}
            value={asOfDay}
            onChange={(event) => setAsOfDay(event.target.value)}
          />
        )}
      </Field>
      <Field label="Why (optional, for the audit log)" path="$.reason" problem={problem}>
        {(control) => (
          <input
            {...control}
            value={reason}
            maxLength={2000}
            onChange={(event) => setReason(event.target.value)}
          />
        )}
      </Field>
      <FormProblemSummary problem={problem} shown={['$.asOf', '$.reason']} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start the run'}
        </button>
      </div>
    </form>
  );
}

export function instant(value: string): string {
  return `${value.slice(0, 19).replace('T', ' ')}`;
}
