// One customer as billing keeps it: the profile (billing currency, country, tax id, anchor day,
// where invoices go), its subscriptions and contracts with their dates, term, next renewal and
// notice date; billing admins and revenue operations change the profile and the subscriptions
// here. Its usage and its invoices are a link away.
import { useCallback, useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { INVOICE_PAGE_SIZE, type InvoicePage } from '../invoices/invoice-api';
import { InvoiceTable } from '../invoices/invoice-list-screen';
import { Link } from '../shell/link';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { customerApiPath, day, type CustomerView, type SubscriptionView } from './customer-api';
import { CustomerForm } from './customer-form';
import { SubscriptionForm } from './subscription-form';

export function CustomerScreen({ session, customerId }: { session: Session; customerId: string }) {
  const [customer, setCustomer] = useState<CustomerView>();
  const [subscriptions, setSubscriptions] = useState<SubscriptionView[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<'none' | 'profile' | 'new' | string>('none');
  const [notice, setNotice] = useState<string>();
  const mayWrite = sessionCan(session, 'customer:write');

  const load = useCallback(async () => {
    setError(undefined);
    try {
      const [loaded, list] = await Promise.all([
        callApi<CustomerView>('GET', customerApiPath(customerId)),
        callApi<{ subscriptions: SubscriptionView[] }>(
          'GET',
          `${customerApiPath(customerId)}/subscriptions`,
        ),
      ]);
      setCustomer(loaded);
      setSubscriptions(list.subscriptions);
    } catch (failure) {
      setError(describeProblem(failure));
    }
  }, [customerId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorPanel message={error} onRetry={() => void load()} />;
  if (!customer || !subscriptions) return <Loading what={`customer ${customerId}`} />;

  const saved = (message: string) => {
    setEditing('none');
    setNotice(message);
    void load();
  };

  return (
    <section aria-labelledby="customer-title" className="customer">
      <p>
        <Link href="/customers">← Customers</Link>
      </p>
      <h1 id="customer-title">
        {customer.name} <span className="muted">{customer.id}</span>
      </h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="actions">
        <Link
          className="button-link secondary"
          href={`/usage?customer=${encodeURIComponent(customer.id)}`}
        >
          Usage
        </Link>
        {sessionCan(session, 'invoices:read') && (
          <Link
            className="button-link secondary"
            href={`/invoices?customer=${encodeURIComponent(customer.id)}`}
          >
            Invoices
          </Link>
        )}
      </div>
      {editing === 'profile' ? (
        <CustomerForm
          title={`Change ${customer.name}`}
          customer={customer}
          onSaved={(changed) => saved(`${changed.name} is saved (revision ${changed.revision}).`)}
          onCancel={() => setEditing('none')}
        />
      ) : (
        <CustomerProfile
          customer={customer}
          onEdit={mayWrite ? () => setEditing('profile') : undefined}
        />
      )}
      <section aria-labelledby="subscriptions-title" className="subscriptions">
        <h2 id="subscriptions-title">Subscriptions and contracts</h2>
        {subscriptions.length === 0 ? (
          <p className="empty">No subscription yet.</p>
        ) : (
          <SubscriptionTable
            subscriptions={subscriptions}
            onEdit={mayWrite ? (id) => setEditing(`subscription:${id}`) : undefined}
          />
        )}
        {subscriptions
          .filter((view) => editing === `subscription:${view.subscription.id}`)
          .map((view) => (
            <SubscriptionForm
              key={view.subscription.id}
              customerId={customer.id}
              subscription={view}
              onSaved={(changed) => saved(`Subscription ${changed.subscription.id} is saved.`)}
              onCancel={() => setEditing('none')}
            />
          ))}
        {mayWrite &&
          (editing === 'new' ? (
            <SubscriptionForm
              customerId={customer.id}
              onSaved={(added) => saved(`Subscription ${added.subscription.id} is added.`)}
              onCancel={() => setEditing('none')}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setEditing('new')}>
                Add a subscription
              </button>
            </div>
          ))}
      </section>
      {sessionCan(session, 'invoices:read') && <CustomerInvoices customerId={customer.id} />}
    </section>
  );
}

/** The customer's latest invoices and notes; the whole list is on the invoices screen. */
function CustomerInvoices({ customerId }: { customerId: string }) {
  const [page, setPage] = useState<InvoicePage>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const params = new URLSearchParams({ customerId, limit: String(INVOICE_PAGE_SIZE) });
    callApi<InvoicePage>('GET', `/api/v1/invoices?${params}`).then(
      (answer) => live && setPage(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [customerId]);
  return (
    <section aria-labelledby="customer-invoices-title">
      <h2 id="customer-invoices-title">Invoices and notes</h2>
      {error && <InlineError message={`The invoices could not be read: ${error}`} />}
      {!error && !page && <Loading what="invoices" />}
      {page && page.invoices.length === 0 && <p className="empty">None issued yet.</p>}
      {page && page.invoices.length > 0 && (
        <>
          <InvoiceTable
            invoices={page.invoices}
            label={`Invoices of ${customerId}`}
            withoutCustomer
          />
          {page.nextOffset !== null && (
            <p>
              <Link href={`/invoices?customer=${encodeURIComponent(customerId)}`}>All of them</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function CustomerProfile(props: { customer: CustomerView; onEdit?: () => void }) {
  const { facts, billing } = props.customer;
  return (
    <section aria-labelledby="profile-title" className="card profile">
      <h2 id="profile-title">Profile</h2>
      <dl className="facts">
        <dt>Billing currency</dt>
        <dd>{facts.currency}</dd>
        <dt>Country</dt>
        <dd>
          {facts.country}
          {facts.region && ` (${facts.region})`}
        </dd>
        <dt>Tax id</dt>
        <dd>{facts.taxId ?? 'None'}</dd>
        <dt>Tax</dt>
        <dd>{facts.taxExempt ? 'Exempt' : 'Taxed'}</dd>
        <dt>Type</dt>
        <dd>{facts.type ?? 'Not said'}</dd>
        <dt>Segment</dt>
        <dd>{facts.segment ?? 'None'}</dd>
        <dt>Promotion codes</dt>
        <dd>{props.customer.promoCodes.join(', ') || 'None'}</dd>
        <dt>Billing e-mail</dt>
        <dd>{billing?.email ?? 'Not billable yet: no billing profile'}</dd>
        {billing && (
          <>
            <dt>Billing address</dt>
            <dd>
              <address>
                {billing.address.lines.map((line) => (
                  <span key={line} className="address-line">
                    {line}
                  </span>
                ))}
                <span className="address-line">
                  {[billing.address.postalCode, billing.address.city, billing.address.region]
                    .filter(Boolean)
                    .join(' ')}
                </span>
                <span className="address-line">{billing.address.country}</span>
              </address>
            </dd>
            <dt>Anchor day</dt>
            <dd>
              {billing.anchorDay ?? 1}
              <span className="muted"> (periods start on this day of the month)</span>
            </dd>
            <dt>Document language</dt>
            <dd>{billing.locale ?? 'en-US'}</dd>
          </>
        )}
      </dl>
      <p className="muted">
        Revision {props.customer.revision}, changed {props.customer.updatedAt.slice(0, 10)}
      </p>
      {props.onEdit && (
        <button type="button" onClick={props.onEdit}>
          Edit the profile
        </button>
      )}
    </section>
  );
}

function SubscriptionTable(props: {
  subscriptions: SubscriptionView[];
  onEdit?: (id: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Subscriptions">
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Billed</th>
            <th scope="col">Quantity</th>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Term</th>
            <th scope="col">Next renewal</th>
            <th scope="col">Notice by</th>
            {props.onEdit && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {props.subscriptions.map((view) => {
            const { subscription, renewal } = view;
            return (
              <tr key={subscription.id}>
                <td>
                  {subscription.product}
                  <div className="muted">
                    {subscription.id}
                    {subscription.sku && ` · ${subscription.sku}`}
                  </div>
                </td>
                <td>{subscription.type === 'recurring' ? 'Every period' : 'Once'}</td>
                <td className="number">{subscription.quantity ?? '—'}</td>
                <td>{day(subscription.start)}</td>
                <td>{subscription.end ? day(subscription.end) : 'Open-ended'}</td>
                <td>
                  {subscription.termMonths === undefined
                    ? '—'
                    : `${subscription.termMonths} months, ${subscription.autoRenew === false ? 'ends with the term' : 'renews'}`}
                </td>
                <td>{renewal ? day(renewal.at) : '—'}</td>
                <td>
                  {renewal?.noticeBy
                    ? `${day(renewal.noticeBy)} (${view.renewalNoticeDays} days)`
                    : '—'}
                </td>
                {props.onEdit && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Edit subscription ${subscription.id}`}
                      onClick={() => props.onEdit!(subscription.id)}
                    >
                      Edit
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
