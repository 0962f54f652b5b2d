// Simulating a version that is not published yet over stored customers and a period, beside the
// published versions: the revenue impact per currency and per customer, with the lines that
// change. Every run is kept on the server, and the review shows the latest one of this content.
import { useEffect, useState, type FormEvent } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import type { CustomerImpact, PolicyVersion, SimulationSummary } from './policy-api';
import { SimulationImpact } from './simulation-impact';

interface StoredCustomer {
  id: string;
  name: string;
  facts: { currency: string };
}

/** The calendar month before the current one: the latest complete billing month. */
function lastMonth(): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export function SimulatePanel({ record, dirty }: { record: PolicyVersion; dirty: boolean }) {
  const [customers, setCustomers] = useState<StoredCustomer[]>();
  const [loadError, setLoadError] = useState<string>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [period, setPeriod] = useState(lastMonth);
  const [result, setResult] = useState<{
    simulation: SimulationSummary;
    customers: CustomerImpact[];
  }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    callApi<{ customers: StoredCustomer[] }>('GET', '/api/v1/customers?limit=1000').then(
      (answer) => live && setCustomers(answer.customers),
      (failure: unknown) => live && setLoadError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, []);

  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await callApi<SimulationSummary & { customers: CustomerImpact[] }>(
        'POST',
        '/api/v1/simulations',
        {
          versions: [{ key: record.key, version: record.version }],
          period,
          ...(chosen.size > 0 && { customerIds: [...chosen] }),
        },
      );
      setResult({ simulation: answer, customers: answer.customers });
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="simulate" aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate v{record.version}</h2>
      {loadError && <ErrorPanel message={loadError} />}
      {!loadError && !customers && <Loading what="customers" />}
      {customers && (
        <form className="form" onSubmit={(event) => void run(event)}>
          <div className="filters">
            <label>
              From
              <input
                type="date"
                aria-label="Period start"
                value={period.start}
                onChange={(event) => setPeriod({ ...period, start: event.target.value })}
                required
              />
            </label>
            <label>
              Up to (not included)
              <input
                type="date"
                aria-label="Period end"
                value={period.end}
                onChange={(event) => setPeriod({ ...period, end: event.target.value })}
                required
              />
            </label>
          </div>
          <fieldset className="customers">
            <legend>Customers (none ticked: every stored customer)</legend>
            {customers.map((customer) => (
              <label key={customer.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(customer.id)}
                  onChange={() => toggle(customer.id)}
                />
                {customer.name}{' '}
                <span className="muted">
                  ({customer.id}, {customer.facts.currency})
                </span>
              </label>
            ))}
          </fieldset>
          {dirty && (
            <p className="muted">
              This simulates the saved content: save the draft first to include your edits.
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Simulating…' : 'Simulate'}
            </button>
          </div>
        </form>
      )}
      <InlineError message={error} />
      {result && <SimulationImpact simulation={result.simulation} customers={result.customers} />}
    </section>
  );
}
