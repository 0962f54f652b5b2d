// One invoice, credit note or debit note: its header (number, the customer as billed, period,
// currency, totals, when it was issued and its seal), every line with how it was computed, how
// it was delivered (and sending it again), the PDF as the customer gets it, and how it relates to
// other documents: a note names the invoice it corrects, and an invoice lists its notes.
import { useEffect, useRef, useState } from 'react';
import { callApi, callApiForFile, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { customerPath } from '../customers/customer-api';
import { Link } from '../shell/link';
import { navigate } from '../shell/navigation';
import { ReasonedAction } from '../ui/reasoned-action';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import {
  KIND_LABELS,
  documentName,
  invoiceApiPath,
  invoicePath,
  periodLabel,
  runPath,
  type InvoiceDetail,
  type InvoicePage,
  type InvoiceSummary,
} from './invoice-api';
import { InvoiceDeliveries } from './invoice-deliveries';
import { InvoiceTable } from './invoice-list-screen';
import { InvoiceView, negated } from './invoice-view';

export function InvoiceScreen({ session, invoiceId }: { session: Session; invoiceId: string }) {
  const [invoice, setInvoice] = useState<InvoiceDetail>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    let live = true;
    setInvoice(undefined);
    setError(undefined);
    callApi<InvoiceDetail>('GET', invoiceApiPath(invoiceId)).then(
      (answer) => live && setInvoice(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [invoiceId, attempt]);

  if (error) return <ErrorPanel message={error} onRetry={() => setAttempt((count) => count + 1)} />;
  if (!invoice) return <Loading what="the invoice" />;
  const name = documentName(invoice);
  const isNote = invoice.kind !== 'invoice';
  return (
    <section aria-labelledby="invoice-title" className="invoice-page">
      <p>
        <Link href={isNote ? '/credit-notes' : '/invoices'}>
          ← {isNote ? 'Credit and debit notes' : 'Invoices'}
        </Link>
      </p>
      <h1 id="invoice-title">
        {KIND_LABELS[invoice.kind]} {invoice.number ?? '(draft, not numbered yet)'}
      </h1>
      {invoice.references && (
        <p className="references" data-testid="references">
          {invoice.kind === 'credit_note' ? 'Credits' : 'Adds to'} invoice{' '}
          <Link href={invoicePath(invoice.references.invoiceId)}>{invoice.references.number}</Link>
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {invoice.kind === 'invoice' &&
        invoice.status === 'finalized' &&
        sessionCan(session, 'invoice:run') && (
          <div className="actions">
            <ReasonedAction
              label="Rate again and correct"
              accessibleLabel={name}
              confirm="Rate the period again"
              onConfirm={async (reason) => {
                const answer = await callApi<{ outcome: string; note?: InvoiceSummary }>(
                  'POST',
                  `${invoiceApiPath(invoice.id)}/corrections`,
                  { reason },
                );
                if (answer.note) navigate(invoicePath(answer.note.id));
                else
                  setNotice(
                    `Rated again with the usage and the policies as they are now: it comes to what was billed, so no note is issued.`,
                  );
              }}
            />
          </div>
        )}
      <InvoiceHeader invoice={invoice} />
      {invoice.adjustment && <NoteAdjustmentPanel invoice={invoice} />}
      {invoice.kind === 'invoice' && <NotesOfInvoice invoice={invoice} />}
      <section aria-labelledby="lines-title">
        <h2 id="lines-title">Lines and how each was computed</h2>
        <InvoiceView invoice={invoice.rating} label={`Lines of ${name}`} />
      </section>
      {invoice.status === 'finalized' && <InvoiceDeliveries session={session} invoice={invoice} />}
      {invoice.status === 'finalized' ? (
        <InvoicePdf invoice={invoice} />
      ) : (
        <p className="muted">A draft has no PDF: it is printed once issued.</p>
      )}
    </section>
  );
}

function InvoiceHeader({ invoice }: { invoice: InvoiceDetail }) {
  const { customer, rating } = invoice;
  const { address } = customer.billing;
  return (
    <section aria-labelledby="header-title" className="card invoice-header">
      <h2 id="header-title">Header</h2>
      <div className="header-columns">
        <dl className="facts">
          <dt>Number</dt>
          <dd>{invoice.number ?? 'Not yet: a draft'}</dd>
          <dt>Status</dt>
          <dd>
            {invoice.status === 'finalized'
              ? `Issued ${invoice.finalizedAt?.slice(0, 19).replace('T', ' ')} UTC`
              : 'Draft'}
          </dd>
          <dt>Period</dt>
          <dd>{periodLabel(invoice.periodStart, invoice.periodEnd)}</dd>
          <dt>Currency</dt>
          <dd>{invoice.currency}</dd>
          <dt>Made by</dt>
          <dd>
            {invoice.runId ? (
              <Link href={runPath(invoice.runId)}>{invoice.runId}</Link>
            ) : (
              'A correction asked for by hand'
            )}
          </dd>
          {invoice.contentHash && (
            <>
              <dt>Seal (SHA-256 of its content)</dt>
              <dd>
                <code className="hash">{invoice.contentHash}</code>
              </dd>
            </>
          )}
        </dl>
        <dl className="facts">
          <dt>Billed to</dt>
          <dd>
            <Link href={customerPath(invoice.customerId)}>{customer.name}</Link>{' '}
            <span className="muted">({invoice.customerId})</span>
            <address>
              {address.lines.map((line) => (
                <span key={line} className="address-line">
                  {line}
                </span>
              ))}
              <span className="address-line">
                {[address.postalCode, address.city, address.region].filter(Boolean).join(' ')}
              </span>
              <span className="address-line">{address.country}</span>
            </address>
          </dd>
          <dt>Billing e-mail</dt>
          <dd>{customer.billing.email}</dd>
          <dt>Tax id</dt>
          <dd>{customer.taxId ?? 'None'}</dd>
        </dl>
        <table className="table totals" aria-label="Invoice totals">
          <tbody>
            {(
              [
                ['Amount', rating.totals.amount],
                ['Discounts', negated(rating.totals.discount)],
                ['Net', rating.totals.net],
                ['Tax', rating.totals.tax],
              ] as const
            ).map(([label, amount]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="number">
                  {amount} {invoice.currency}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td className="number" data-testid="invoice-total">
                <strong>
                  {invoice.total} {invoice.currency}
                </strong>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Why a note was issued, each line it changes as billed and as corrected, and the new totals. */
function NoteAdjustmentPanel({ invoice }: { invoice: InvoiceDetail }) {
  const adjustment = invoice.adjustment!;
  const { currency } = invoice;
  return (
    <section aria-labelledby="adjustment-title" className="card adjustment">
      <h2 id="adjustment-title">Why this note, and what it changes</h2>
      <ul aria-label="Reasons">
        {adjustment.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {adjustment.changes.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Changed lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Quantity billed</th>
                <th scope="col">Quantity corrected</th>
                <th scope="col">Total billed</th>
                <th scope="col">Total corrected</th>
              </tr>
            </thead>
            <tbody>
              {adjustment.changes.map((change) => (
                <tr key={change.description}>
                  <td>{change.description}</td>
                  <td className="number">{change.before.quantity}</td>
                  <td className="number">{change.after.quantity}</td>
                  <td className="number">
                    {change.before.total} {currency}
                  </td>
                  <td className="number">
                    {change.after.total} {currency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p data-testid="corrected-total">
        The period comes to {adjustment.corrected.total} {currency} with this note (tax{' '}
        {adjustment.corrected.tax} {currency}).
      </p>
    </section>
  );
}

/** The credit and debit notes issued against the invoice. */
function NotesOfInvoice({ invoice }: { invoice: InvoiceDetail }) {
  const [notes, setNotes] = useState<InvoiceSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const params = new URLSearchParams({
      references: invoice.id,
      kind: 'credit_note,debit_note',
      limit: '1000',
    });
    callApi<InvoicePage>('GET', `/api/v1/invoices?${params}`).then(
      (answer) => live && setNotes(answer.invoices),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [invoice.id]);
  return (
    <section aria-labelledby="notes-title" className="invoice-notes-of">
      <h2 id="notes-title">Credit and debit notes of this invoice</h2>
      {error && <InlineError message={`The notes could not be read: ${error}`} />}
      {!error && !notes && <Loading what="its notes" />}
      {notes && notes.length === 0 && <p className="empty">None: the invoice stands as issued.</p>}
      {notes && notes.length > 0 && (
        <InvoiceTable
          invoices={notes}
          label={`Notes of ${documentName(invoice)}`}
          withoutCustomer
        />
      )}
    </section>
  );
}

/** The PDF the customer gets, shown in the page, and its download. */
function InvoicePdf({ invoice }: { invoice: InvoiceDetail }) {
  const [pdf, setPdf] = useState<{ url: string; size: number; fileName: string }>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const shown = useRef<string>(undefined);
  const pdfPath = `${invoiceApiPath(invoice.id)}/pdf`;

  useEffect(() => {
    let live = true;
    setError(undefined);
    // Fetched rather than framed by address: the server sends it as an attachment (a download),
    // and a refusal (no seller settings yet, Chromium missing) must read as a sentence.
    callApiForFile('GET', pdfPath, 'application/pdf').then(
      (file) => {
        if (!live) return;
        const url = URL.createObjectURL(file.blob);
        shown.current = url;
        setPdf({ url, size: file.blob.size, fileName: file.fileName ?? `${invoice.number}.pdf` });
      },
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [pdfPath, invoice.number, attempt]);
  useEffect(
    () => () => {
      if (shown.current) URL.revokeObjectURL(shown.current);
    },
    [],
  );

  return (
    <section aria-labelledby="pdf-title" className="pdf-preview">
      <h2 id="pdf-title">PDF</h2>
      {error && (
        <ErrorPanel
          message={`The PDF cannot be shown: ${error}`}
          onRetry={() => setAttempt((count) => count + 1)}
        />
      )}
      {!error && !pdf && <Loading what="the PDF" />}
      {pdf && (
        <>
          <div className="actions">
            <a href={pdfPath} download={pdf.fileName}>
              Download {pdf.fileName} ({Math.max(1, Math.round(pdf.size / 1024))} KB)
            </a>
          </div>
          <iframe className="pdf-frame" title={`PDF of ${documentName(invoice)}`} src={pdf.url} />
        </>
      )}
    </section>
  );
}
