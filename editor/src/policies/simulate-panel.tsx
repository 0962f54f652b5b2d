// Simulating a version that is not published yet, beside the published versions: over stored
// customers and a period (the revenue impact per currency and per customer, with the lines that
// change, and any customer's whole invoice), or on a pasted rating request. Every run over
// customers is kept on the server, and the review shows the latest one of this content.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { InvoicePreview } from './invoice-preview';
import { PastedRequestPreview } from './pasted-request-preview';
import type { CustomerImpact, PolicyVersion, RatingPreview, SimulationSummary } from './policy-api';
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
  const [mode, setMode] = useState<'customers' | 'pasted'>('customers');
  const [invoice, setInvoice] = useState<
    { customerId: string } & ({ preview: RatingPreview } | { error: string } | { loading: true })
  >();

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
    setInvoice(undefined);
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

  const invoiceAsked = useRef(0);
  const showInvoice = async (customerId: string) => {
    const simulated = result?.simulation.period ?? period;
    // Only the invoice asked for last is shown, however the answers arrive.
    const asked = ++invoiceAsked.current;
    setInvoice({ customerId, loading: true });
    try {
      const preview = await callApi<RatingPreview>('POST', '/api/v1/simulations/preview', {
        versions: [{ key: record.key, version: record.version }],
        customerId,
        period: simulated,
      });
      if (asked === invoiceAsked.current) setInvoice({ customerId, preview });
    } catch (failure) {
      if (asked === invoiceAsked.current) {
        setInvoice({ customerId, error: describeProblem(failure) });
      }
    }
  };

  return (
    <section className="simulate" aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate v{record.version}</h2>
      <div className="segmented" role="radiogroup" aria-label="Simulate over">
        <label className="check">
          <input
            type="radio"
            name="simulate-mode"
            checked={mode === 'customers'}
            onChange={() => setMode('customers')}
          />
          Stored customers
        </label>
        <label className="check">
          <input
            type="radio"
            name="simulate-mode"
            checked={mode === 'pasted'}
            onChange={() => setMode('pasted')}
          />
          A pasted rating request
        </label>
      </div>
      {mode === 'pasted' && <PastedRequestPreview record={record} period={period} />}
      {mode === 'customers' && loadError && <ErrorPanel message={loadError} />}
      {mode === 'customers' && !loadError && !customers && <Loading what="customers" />}
      {mode === 'customers' && customers && (
        <form className="form" onSubmit={(event) => void run(event)}>
          <div className="filters">
            <label>
              Period from
              <input
                type="date"
                value={period.start}
                onChange={(event) => setPeriod({ ...period, start: event.target.value })}
                required
              />
            </label>
            <label>
              Period up to (not included)
              <input
                type="date"
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
      {mode === 'customers' && (
        <>
          <InlineError message={error} />
          {result && (
            <SimulationImpact
              simulation={result.simulation}
              customers={result.customers}
              onShowInvoice={(customerId) => void showInvoice(customerId)}
            />
          )}
          {invoice && (
            <section aria-label={`Invoice of ${invoice.customerId}`}>
              <h3>Invoice of {invoice.customerId}</h3>
              {'loading' in invoice && <Loading what={`the invoice of ${invoice.customerId}`} />}
              {'error' in invoice && <ErrorPanel message={invoice.error} />}
              {'preview' in invoice && <InvoicePreview preview={invoice.preview} />}
            </section>
          )}
        </>
      )}
    </section>
  );
}
