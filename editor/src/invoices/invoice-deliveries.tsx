// How an issued document reached the customer: each delivery (the e-mail with its PDF, each
// webhook endpoint) with its state and every attempt (when, the outcome, the HTTP status or the
// mail server's answer, why it failed), and, for those who may deliver, sending one again.
import { useEffect, useState } from 'react';
import type {
  DeliveryAttempt,
  DeliveryState,
} from '../../../server/invoicing/delivery/delivery-records';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { ReasonedAction } from '../ui/reasoned-action';
import { InlineError, Loading } from '../ui/status';
import { invoiceApiPath, type InvoiceDetail } from './invoice-api';
import { instant } from './invoice-runs-screen';

export interface DeliveryView {
  id: string;
  channel: 'email' | 'webhook';
  event: string;
  endpointId: string | null;
  state: DeliveryState;
  nextAttemptAt: string | null;
  attemptCount: number;
  attemptLimit: number;
  attempts: DeliveryAttempt[];
  deliveredAt: string | null;
}

const STATE_LABELS: Record<DeliveryView['state'], string> = {
  pending: 'Waiting to be sent',
  sending: 'Being sent',
  delivered: 'Delivered',
  failed: 'Failed: gave up',
  skipped: 'Not sent',
};

function channelLabel(delivery: DeliveryView, email: string): string {
  return delivery.channel === 'email'
    ? `E-mail to ${email}`
    : `Webhook ${delivery.endpointId ?? ''} (${delivery.event})`;
}

function stateLine(delivery: DeliveryView): string {
  const label = STATE_LABELS[delivery.state];
  if (delivery.state === 'delivered' && delivery.deliveredAt)
    return `${label} ${instant(delivery.deliveredAt)} UTC`;
  if (delivery.state === 'pending' && delivery.nextAttemptAt)
    return `${label}: attempt ${delivery.attemptCount + 1} of ${delivery.attemptLimit} at ${instant(delivery.nextAttemptAt)} UTC`;
  return label;
}

function attemptDetail(attempt: DeliveryAttempt): string {
  return [
    attempt.httpStatus !== undefined ? `HTTP ${attempt.httpStatus}` : undefined,
    attempt.smtpResponse,
    attempt.error,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join('; ');
}

export function InvoiceDeliveries(props: { session: Session; invoice: InvoiceDetail }) {
  const { session, invoice } = props;
  const [deliveries, setDeliveries] = useState<DeliveryView[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    callApi<{ deliveries: DeliveryView[] }>('GET', `${invoiceApiPath(invoice.id)}/deliveries`).then(
      (answer) => live && setDeliveries(answer.deliveries),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [invoice.id, attempt]);
  const canDeliver = sessionCan(session, 'invoice:deliver');
  return (
    <section aria-labelledby="deliveries-title" className="deliveries">
      <h2 id="deliveries-title">Deliveries</h2>
      {error && <InlineError message={`The deliveries could not be read: ${error}`} />}
      {!error && !deliveries && <Loading what="its deliveries" />}
      {deliveries?.length === 0 && (
        <p className="empty">Not sent yet: deliveries are planned within seconds of issue.</p>
      )}
      {deliveries?.map((delivery) => (
        <article key={delivery.id} className="card delivery" aria-label={delivery.id}>
          <h3>{channelLabel(delivery, invoice.customer.billing.email)}</h3>
          <p data-testid="delivery-state">{stateLine(delivery)}</p>
          {delivery.attempts.length > 0 && (
            <table className="table" aria-label={`Attempts of ${delivery.id}`}>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((one) => (
                  <tr key={one.number}>
                    <td>{one.number}</td>
                    <td>{instant(one.startedAt)}</td>
                    <td>{one.outcome}</td>
                    <td>{attemptDetail(one)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canDeliver && delivery.state !== 'pending' && delivery.state !== 'sending' && (
            <ReasonedAction
              label="Send again"
              accessibleLabel={channelLabel(delivery, invoice.customer.billing.email)}
              confirm="Send it again"
              onConfirm={async (reason) => {
                await callApi(
                  'POST',
                  `/api/v1/deliveries/${encodeURIComponent(delivery.id)}/redeliver`,
                  {
                    ...(reason !== '' && { reason }),
                  },
                );
                setAttempt((count) => count + 1);
              }}
            />
          )}
        </article>
      ))}
    </section>
  );
}
