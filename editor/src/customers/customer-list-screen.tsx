// The customers: searched by id or name, a page at a time; billing admins and revenue operations
// create one here or import many from a CSV file, and anyone who reads customers exports them all.
import { useEffect, useState } from 'react';
import { callApi, callApiForFile, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { Link } from '../shell/link';
import { navigate } from '../shell/navigation';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { Pager } from '../ui/pager';
import { useSettled } from '../ui/use-settled';
import {
  CUSTOMER_PAGE_SIZE,
  customerPath,
  type CustomerPage,
  type CustomerView,
} from './customer-api';
import { CustomerForm } from './customer-form';
import { CustomerImport } from './customer-import';

type Panel = 'none' | 'new' | 'import';

export function CustomerListScreen({ session }: { session: Session }) {
  const [search, setSearch] = useState('');
  const applied = useSettled(search.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<CustomerPage>();
  const [error, setError] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const [panel, setPanel] = useState<Panel>('none');
  const mayWrite = sessionCan(session, 'customer:write');

  useEffect(() => setOffset(0), [applied]);
  useEffect(() => {
    let live = true;
    setPage(undefined);
    setError(undefined);
    const params = new URLSearchParams({
      limit: String(CUSTOMER_PAGE_SIZE),
      offset: String(offset),
    });
    if (applied) params.set('q', applied);
    callApi<CustomerPage>('GET', `/api/v1/customers?${params}`).then(
      (answer) => live && setPage(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [applied, offset, refresh]);

  const toggle = (wanted: Panel) => setPanel((shown) => (shown === wanted ? 'none' : wanted));

  return (
    <section aria-labelledby="customers-title" className="customers">
      <h1 id="customers-title">Customers</h1>
      <div className="filters" role="search" aria-label="Customer search">
        <label>
          Search by id or name
          <input
            type="search"
            value={search}
            maxLength={100}
            placeholder="acme, Globex…"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
      </div>
      <div className="actions">
        {mayWrite && (
          <button type="button" aria-expanded={panel === 'new'} onClick={() => toggle('new')}>
            New customer
          </button>
        )}
        {mayWrite && (
          <button
            type="button"
            className="secondary"
            aria-expanded={panel === 'import'}
            onClick={() => toggle('import')}
          >
            Import CSV
          </button>
        )}
        <CustomerExport />
      </div>
      {panel === 'new' && (
        <CustomerForm
          title="New customer"
          onSaved={(saved) => navigate(customerPath(saved.id))}
          onCancel={() => setPanel('none')}
        />
      )}
      {panel === 'import' && <CustomerImport onImported={() => setRefresh((count) => count + 1)} />}
      {error && <ErrorPanel message={error} onRetry={() => setRefresh((count) => count + 1)} />}
      {!error && !page && <Loading what="customers" />}
      {page && page.customers.length === 0 && (
        <p className="empty">
          {applied ? `No customer's id or name contains “${applied}”.` : 'No customer yet.'}
        </p>
      )}
      {page && page.customers.length > 0 && (
        <>
          <CustomerTable customers={page.customers} />
          <Pager
            what="customers"
            offset={offset}
            shown={page.customers.length}
            nextOffset={page.nextOffset}
            pageSize={CUSTOMER_PAGE_SIZE}
            onOffset={setOffset}
          />
        </>
      )}
    </section>
  );
}

function CustomerTable({ customers }: { customers: CustomerView[] }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Customers">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Country</th>
            <th scope="col">Currency</th>
            <th scope="col">Tax id</th>
            <th scope="col">Billing e-mail</th>
            <th scope="col">Anchor day</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id}>
              <td>
                <Link href={customerPath(customer.id)}>{customer.name}</Link>
                <div className="muted">{customer.id}</div>
              </td>
              <td>{customer.facts.country}</td>
              <td>{customer.facts.currency}</td>
              <td>{customer.facts.taxId ?? '—'}</td>
              <td>{customer.billing?.email ?? <span className="muted">Not billable yet</span>}</td>
              <td className="number">
                {customer.billing ? (customer.billing.anchorDay ?? 1) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every customer as the CSV file the import reads back. */
function CustomerExport() {
  const [state, setState] = useState<'idle' | 'exporting' | { error: string }>('idle');
  const download = async () => {
    setState('exporting');
    try {
      const file = await callApiForFile('GET', '/api/v1/customer-export', 'text/csv');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(file.blob);
      link.download = file.fileName ?? 'customers.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      setState('idle');
    } catch (failure) {
      setState({ error: describeProblem(failure) });
    }
  };
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={state === 'exporting'}
        onClick={() => void download()}
      >
        {state === 'exporting' ? 'Exporting…' : 'Export CSV'}
      </button>
      {typeof state === 'object' && <InlineError message={state.error} />}
    </>
  );
}
