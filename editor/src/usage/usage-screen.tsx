// Usage: one customer's daily aggregates per meter and dimensions over a range of days (what
// rating reads), the raw events of any day with the late ones flagged (they fall in a period
// already invoiced and are settled by a credit or debit note), whether ingestion has caught up,
// and the meters with how they add up and what they group by.
import { useCallback, useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { customerPath } from '../customers/customer-api';
import { Link } from '../shell/link';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { useSettled } from '../ui/use-settled';
import { MetersPanel } from './meters-panel';
import { UsageEvents } from './usage-events';
import { dayAfter, dimensionsLabel, seriesOf, type DailyUsage, type MeterView } from './usage-api';

interface Range {
  customer: string;
  from: string;
  through: string;
  meter: string;
}

/** The first and the last day of the month before today's, UTC. */
function lastMonth(): { from: string; through: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), through: last.toISOString().slice(0, 10) };
}

export function UsageScreen({ session, query }: { session: Session; query: URLSearchParams }) {
  const [range, setRange] = useState<Range>(() => ({
    ...lastMonth(),
    ...(query.get('from') && { from: query.get('from')! }),
    ...(query.get('through') && { through: query.get('through')! }),
    customer: query.get('customer') ?? '',
    meter: query.get('meter') ?? '',
  }));
  const applied = useSettled(range, 400);
  const [meters, setMeters] = useState<MeterView[]>();
  const [metersError, setMetersError] = useState<string>();
  const [days, setDays] = useState<DailyUsage[]>();
  const [error, setError] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const [eventsOf, setEventsOf] = useState<{ day: string; meter: string }>();
  const set = (field: keyof Range) => (value: string) => setRange({ ...range, [field]: value });
  const customer = applied.customer.trim();
  const rangeProblem =
    applied.from && applied.through && applied.from > applied.through
      ? '“From” must be on or before “Through”.'
      : undefined;

  useEffect(() => {
    callApi<{ meters: MeterView[] }>('GET', '/api/v1/meters').then(
      (answer) => setMeters(answer.meters),
      (failure: unknown) => setMetersError(describeProblem(failure)),
    );
  }, []);

  useEffect(() => {
    let live = true;
    setDays(undefined);
    setError(undefined);
    setEventsOf(undefined);
    if (!customer || !applied.from || !applied.through || rangeProblem) return;
    const params = new URLSearchParams({
      customerId: customer,
      from: applied.from,
      to: dayAfter(applied.through),
    });
    if (applied.meter) params.set('meter', applied.meter);
    callApi<{ days: DailyUsage[] }>('GET', `/api/v1/usage/daily?${params}`).then(
      (answer) => live && setDays(answer.days),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [customer, applied.from, applied.through, applied.meter, rangeProblem, refresh]);

  const unitOf = (meterId: string) => meters?.find((meter) => meter.id === meterId)?.unit ?? '';

  return (
    <section aria-labelledby="usage-title" className="usage">
      <h1 id="usage-title">Usage</h1>
      <IngestionStatus refresh={refresh} onRefresh={() => setRefresh((count) => count + 1)} />
      <div className="filters" role="search" aria-label="Usage filters">
        <label>
          Customer id
          <input
            value={range.customer}
            maxLength={64}
            placeholder="acme-corp"
            autoComplete="off"
            onChange={(event) => set('customer')(event.target.value)}
          />
        </label>
        <label>
          From (UTC)
          <input
            type="date"
            value={range.from}
            onChange={(event) => set('from')(event.target.value)}
          />
        </label>
        <label>
          Through (UTC)
          <input
            type="date"
            value={range.through}
            onChange={(event) => set('through')(event.target.value)}
          />
        </label>
        <label>
          Meter
          <select value={range.meter} onChange={(event) => set('meter')(event.target.value)}>
            <option value="">Every meter</option>
            {(meters ?? []).map((meter) => (
              <option key={meter.id} value={meter.id}>
                {meter.name} ({meter.id})
              </option>
            ))}
          </select>
        </label>
      </div>
      <InlineError message={rangeProblem} />
      {!customer && <p className="empty">Enter a customer id to see its usage.</p>}
      {customer && (
        <p>
          <Link href={customerPath(customer)}>Customer {customer}</Link>
        </p>
      )}
      {error && <ErrorPanel message={error} onRetry={() => setRefresh((count) => count + 1)} />}
      {customer && !error && !rangeProblem && !days && <Loading what="usage" />}
      {days && days.length === 0 && (
        <p className="empty">
          No usage for {customer} from {applied.from} through {applied.through}.
        </p>
      )}
      {days && days.length > 0 && (
        <>
          <section aria-labelledby="usage-totals-title">
            <h2 id="usage-totals-title">
              Per meter and dimensions, {applied.from} through {applied.through}
            </h2>
            <div className="table-scroll">
              <table className="table" aria-label="Usage per meter and dimensions">
                <thead>
                  <tr>
                    <th scope="col">Meter</th>
                    <th scope="col">Dimensions</th>
                    <th scope="col">Days with usage</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {seriesOf(days, meters ?? []).map((series) => (
                    <tr key={`${series.meter}|${dimensionsLabel(series.dimensions)}`}>
                      <td>{series.meter}</td>
                      <td>{dimensionsLabel(series.dimensions)}</td>
                      <td className="number">{series.days}</td>
                      <td className="number">
                        {series.total === null ? (
                          <span className="muted">not additive</span>
                        ) : (
                          `${series.total} ${unitOf(series.meter)}`.trim()
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="usage-days-title">
            <h2 id="usage-days-title">Daily aggregates</h2>
            <div className="table-scroll">
              <table className="table" aria-label="Daily usage">
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    <th scope="col">Meter</th>
                    <th scope="col">Dimensions</th>
                    <th scope="col">Quantity</th>
                    <th scope="col">Events</th>
                    <th scope="col">Subscription</th>
                    <th scope="col">Raw events</th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((row) => (
                    <tr
                      key={`${row.day}|${row.meter}|${dimensionsLabel(row.dimensions)}|${row.subscriptionId ?? ''}`}
                    >
                      <td>{row.day}</td>
                      <td>{row.meter}</td>
                      <td>{dimensionsLabel(row.dimensions)}</td>
                      <td className="number">{`${row.quantity} ${unitOf(row.meter)}`.trim()}</td>
                      <td className="number">
                        {row.events ?? <span className="muted">imported total</span>}
                      </td>
                      <td>{row.subscriptionId ?? '—'}</td>
                      <td>
                        {row.events !== null && (
                          <button
                            type="button"
                            className="secondary"
                            aria-label={`Events of ${row.meter} on ${row.day}`}
                            aria-pressed={eventsOf?.day === row.day && eventsOf.meter === row.meter}
                            onClick={() => setEventsOf({ day: row.day, meter: row.meter })}
                          >
                            Events
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {eventsOf && customer && (
        <UsageEvents
          key={`${customer}|${eventsOf.day}|${eventsOf.meter}`}
          customerId={customer}
          day={eventsOf.day}
          meter={eventsOf.meter}
          invoiceLinks={sessionCan(session, 'invoices:read')}
          onClose={() => setEventsOf(undefined)}
        />
      )}
      {metersError ? (
        <ErrorPanel message={`The meters could not be read: ${metersError}`} />
      ) : (
        <MetersPanel meters={meters} />
      )}
    </section>
  );
}

/** How many usage batches are received but not yet in the aggregates above. */
function IngestionStatus({ refresh, onRefresh }: { refresh: number; onRefresh: () => void }) {
  const [waiting, setWaiting] = useState<number>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    setError(undefined);
    callApi<{ waitingBatches: number }>('GET', '/api/v1/usage/status').then(
      (answer) => setWaiting(answer.waitingBatches),
      (failure: unknown) => setError(describeProblem(failure)),
    );
  }, []);
  useEffect(load, [load, refresh]);
  return (
    <section className="card ingestion" aria-labelledby="ingestion-title">
      <h2 id="ingestion-title">Ingestion</h2>
      {error && <InlineError message={`The status could not be read: ${error}`} />}
      {waiting === undefined && !error && <p role="status">Asking the server…</p>}
      {waiting !== undefined && (
        <p data-testid="ingestion-status" aria-live="polite">
          {waiting === 0
            ? 'Up to date: every batch received is in the daily aggregates.'
            : `${waiting} ${waiting === 1 ? 'batch' : 'batches'} received and not yet aggregated: the figures below may be short.`}
        </p>
      )}
      <button type="button" className="secondary" onClick={onRefresh}>
        Refresh
      </button>
    </section>
  );
}
