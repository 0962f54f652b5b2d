// One e-mail attempt: the invoice's PDF (printed once, the same bytes ever after) attached to the
// message for the customer's billing address as it was on the invoice. Without an SMTP server
// configured, nothing is sent and the attempt says so (skipped): never a silent success.
import type { Clock } from '../../audit';
import type { BlobStore } from '../../store/blob-store';
import type { Store } from '../../store/store';
import { invoicePdf } from '../invoice-pdf';
import { INVOICES, type InvoiceRecord } from '../invoice-records';
import type { PdfRenderer } from '../pdf-renderer';
import { findSellerSettings } from '../seller-settings';
import type { AttemptResult } from './attempt-result';
import type { DeliveryRecord } from './delivery-records';
import { invoiceEmail } from './invoice-email';
import { smtpFailure, type MailSender } from './mail-sender';

export const EMAIL_OFF = 'e-mail delivery is off: SMTP_URL is not set';

export interface EmailChannel {
  store: Store;
  clock: Clock;
  blobs: BlobStore;
  pdfRenderer: PdfRenderer;
  /** None: e-mail delivery is off. */
  mailSender: MailSender | undefined;
  mailFrom: string | undefined;
}

export async function sendInvoiceEmail(
  channel: EmailChannel,
  delivery: DeliveryRecord,
): Promise<AttemptResult> {
  const { store, mailSender } = channel;
  if (mailSender === undefined) return { outcome: 'skipped', error: EMAIL_OFF };
  const invoice = await store
    .collection<InvoiceRecord>(INVOICES)
    .findOne({ _id: delivery.invoiceId });
  if (invoice === null) return { outcome: 'skipped', error: 'the invoice no longer exists' };
  const settings = await findSellerSettings(store);
  if (settings === null) {
    return {
      outcome: 'failed',
      error: 'the seller settings are not set: the e-mail has no sender and the invoice no PDF',
    };
  }
  let pdf;
  try {
    pdf = await invoicePdf({ ...channel, invoiceId: invoice._id });
  } catch (error) {
    return { outcome: 'failed', error: `the PDF could not be printed: ${messageOf(error)}` };
  }
  const message = invoiceEmail({
    invoice,
    settings,
    from: channel.mailFrom,
    deliveryId: delivery._id,
    pdf,
  });
  try {
    const sent = await mailSender.send(message);
    return { outcome: 'delivered', smtpResponse: sent.response };
  } catch (error) {
    const failure = smtpFailure(error);
    // A 5xx answer is the server's permanent refusal (no such mailbox, a policy): retrying the
    // same message cannot help; redeliver once the address or the server is fixed.
    const permanent = failure.responseCode !== undefined && failure.responseCode >= 500;
    return {
      outcome: 'failed',
      error: permanent ? `${failure.message} (a permanent refusal: not retried)` : failure.message,
      ...(failure.response !== undefined && { smtpResponse: failure.response }),
      ...(permanent && { permanent }),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
