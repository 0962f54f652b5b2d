// The audit log: whether its chain verifies, the entries of a period narrowed by action, actor
// and target, a page at a time, and the same selection exported as CSV or JSON (the export is
// itself written to the log, so the view refreshes after one).
import { useEffect, useRef, useState } from 'react';
import { callApi, callApiForFile, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { usePeople } from '../people/use-people';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { useSettled } from '../ui/use-settled';
import {
  AUDIT_PAGE_SIZE,
  NO_FILTERS,
  auditQuery,
  type AuditEntryView,
  type AuditFilters,
  type AuditPage,
} from './audit-api';
import { AuditFiltersForm } from './audit-filters';
import { AuditTable } from './audit-table';
import { ChainStatus } from './chain-status';

export function AuditScreen({ session }: { session: Session }) {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const applied = useSettled(filters, 300);
  const [refresh, setRefresh] = useState(0);
  const [entries, setEntries] = useState<AuditEntryView[]>();
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  /** Which listing the entries shown belong to: a later page of an earlier one is dropped. */
  const listing = useRef(0);
  const nameOf = usePeople(
    (entries ?? [])
      .flatMap((entry) => [entry.actor.id, entry.target.id])
      .concat(filters.actor.trim()),
  );
  const periodProblem =
    applied.fromDate && applied.throughDate && applied.fromDate > applied.throughDate
      ? '“From” must be on or before “Through”.'
      : undefined;

  useEffect(() => {
    const current = ++listing.current;
    setEntries(undefined);
    setError(undefined);
    if (periodProblem) return;
    fetchPage(applied, 0).then(
      (page) => {
        if (current !== listing.current) return;
        setEntries(page.entries);
        setNextAfter(page.nextAfter);
      },
      (failure: unknown) => current === listing.current && setError(describeProblem(failure)),
    );
  }, [applied, refresh, periodProblem]);

  const loadMore = async () => {
    if (nextAfter === null) return;
    const current = listing.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage(applied, nextAfter);
      if (current !== listing.current) return;
      setEntries((shown) => [...(shown ?? []), ...page.entries]);
      setNextAfter(page.nextAfter);
    } catch (failure) {
      if (current === listing.current) setError(describeProblem(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section aria-labelledby="audit-title" className="audit">
      <h1 id="audit-title">Audit log</h1>
      <ChainStatus refresh={refresh} />
      <AuditFiltersForm filters={filters} onChange={setFilters} nameOf={nameOf} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </button>
        <button type="button" className="secondary" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
        {sessionCan(session, 'audit:export') && !periodProblem && (
          <AuditExport filters={applied} onExported={() => setRefresh((n) => n + 1)} />
        )}
      </div>
      <InlineError message={periodProblem} />
      {error && <ErrorPanel message={error} onRetry={() => setRefresh((n) => n + 1)} />}
      {!error && !periodProblem && !entries && <Loading what="audit entries" />}
      {entries && entries.length === 0 && (
        <p className="empty">No audit entry matches these filters.</p>
      )}
      {entries && entries.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {entries.length} {entries.length === 1 ? 'entry' : 'entries'} shown
            {nextAfter !== null ? ', more to load' : ''}.
          </p>
          <AuditTable
            entries={entries}
            nameOf={nameOf}
            onActor={(actor) => setFilters({ ...filters, actor })}
            onTarget={(target) =>
              setFilters({ ...filters, targetType: target.type, target: target.id })
            }
          />
          {nextAfter !== null && (
            <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? 'Loading…' : `Load ${AUDIT_PAGE_SIZE} more`}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function fetchPage(filters: AuditFilters, after: number): Promise<AuditPage> {
  const params = auditQuery(filters);
  params.set('limit', String(AUDIT_PAGE_SIZE));
  if (after > 0) params.set('after', String(after));
  return callApi<AuditPage>('GET', `/api/v1/audit/entries?${params}`);
}

/** Downloads the entries of the filters as a file, and says what it holds. */
function AuditExport(props: { filters: AuditFilters; onExported: () => void }) {
  const { filters, onExported } = props;
  const [state, setState] = useState<'idle' | 'exporting' | { done: string } | { error: string }>(
    'idle',
  );

  const download = async (format: 'csv' | 'json') => {
    setState('exporting');
    try {
      const params = auditQuery(filters);
      params.set('format', format);
      const accept = format === 'csv' ? 'text/csv' : 'application/json';
      const file = await callApiForFile('GET', `/api/v1/audit/export?${params}`, accept);
      const fileName = file.fileName ?? `audit-log.${format}`;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(file.blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      setState({ done: `Exported ${fileName}; the export is recorded in the log.` });
      onExported();
    } catch (failure) {
      setState({ error: describeProblem(failure) });
    }
  };

  return (
    <>
      <button type="button" disabled={state === 'exporting'} onClick={() => void download('csv')}>
        Export CSV
      </button>
      <button
        type="button"
        className="secondary"
        disabled={state === 'exporting'}
        onClick={() => void download('json')}
      >
        Export JSON
      </button>
      <span aria-live="polite">
        {state === 'exporting' && 'Exporting…'}
        {typeof state === 'object' && 'done' in state && state.done}
      </span>
      {typeof state === 'object' && 'error' in state && <InlineError message={state.error} />}
    </>
  );
}
