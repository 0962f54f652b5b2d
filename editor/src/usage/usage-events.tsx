// The raw events behind one day of one meter, as received, a page at a time. An event that
// arrived after its period was invoiced is flagged with the invoice it adjusts.
import { useEffect, useRef, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { Link } from '../shell/link';
import { ErrorPanel, Loading } from '../ui/status';
import { dimensionsLabel, type UsageEventView } from './usage-api';

const EVENTS_PAGE_SIZE = 100;

export function UsageEvents(props: {
  customerId: string;
  day: string;
  meter: string;
  /** Whether the user may open invoices, to follow a late event to the one it adjusts. */
  invoiceLinks: boolean;
  onClose: () => void;
}) {
  const { customerId, day, meter } = props;
  const [events, setEvents] = useState<UsageEventView[]>();
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  const fetchPage = (offset: number) => {
    const params = new URLSearchParams({
      customerId,
      day,
      meter,
      limit: String(EVENTS_PAGE_SIZE),
      offset: String(offset),
    });
    return callApi<{ events: UsageEventView[]; nextOffset: number | null }>(
      'GET',
      `/api/v1/usage/events?${params}`,
    );
  };

  useEffect(() => {
    let live = true;
    setError(undefined);
    fetchPage(0).then(
      (page) => {
        if (!live) return;
        setEvents(page.events);
        setNextOffset(page.nextOffset);
        heading.current?.focus();
      },
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
    // fetchPage reads only the props of this panel, which is keyed by them.
  }, [attempt]);

  const more = async () => {
    if (nextOffset === null) return;
    try {
      const page = await fetchPage(nextOffset);
      setEvents((shown) => [...(shown ?? []), ...page.events]);
      setNextOffset(page.nextOffset);
    } catch (failure) {
      setError(describeProblem(failure));
    }
  };

  const late = events?.filter((event) => event.adjustment !== null).length ?? 0;
  return (
    <section aria-labelledby="events-title" className="card usage-events">
      <h2 id="events-title" ref={heading} tabIndex={-1}>
        Events of {meter} on {day}
      </h2>
      {error && <ErrorPanel message={error} onRetry={() => setAttempt((count) => count + 1)} />}
      {!error && !events && <Loading what="events" />}
      {events && events.length === 0 && (
        <p className="empty">
          No raw event is kept for this day: they are kept for a while after aggregation.
        </p>
      )}
      {events && events.length > 0 && (
        <>
          <p className="muted">
            {events.length} {events.length === 1 ? 'event' : 'events'} shown
            {nextOffset !== null ? ', more to load' : ''}
            {late > 0 && `; ${late} arrived after the period was invoiced`}.
          </p>
          <div className="table-scroll">
            <table className="table" aria-label={`Events of ${meter} on ${day}`}>
              <thead>
                <tr>
                  <th scope="col">Event id</th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Dimensions</th>
                  <th scope="col">Subscription</th>
                  <th scope="col">Received (UTC)</th>
                  <th scope="col">Late</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id}>
                    <td>
                      <code>{event.id}</code>
                    </td>
                    <td>{instant(event.timestamp)}</td>
                    <td className="number">{event.quantity}</td>
                    <td>{dimensionsLabel(event.dimensions)}</td>
                    <td>{event.subscriptionId ?? '—'}</td>
                    <td>{instant(event.receivedAt)}</td>
                    <td>
                      {event.adjustment ? (
                        <>
                          <span className="badge late">Adjustment</span> after{' '}
                          {props.invoiceLinks ? (
                            <Link
                              href={`/invoices/${encodeURIComponent(event.adjustment.invoiceId)}`}
                            >
                              {event.adjustment.invoiceId}
                            </Link>
                          ) : (
                            event.adjustment.invoiceId
                          )}
                        </>
                      ) : (
                        'No'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {nextOffset !== null && (
            <button type="button" onClick={() => void more()}>
              Load {EVENTS_PAGE_SIZE} more
            </button>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={props.onClose}>
          Close the events
        </button>
      </div>
    </section>
  );
}

function instant(value: string): string {
  return value.slice(0, 19).replace('T', ' ');
}
