// The e-mail that carries an issued invoice (or credit or debit note) to the customer's billing
// address: who issues it, what it is, its total and due date, and the PDF attached, named by its
// number. Pure: the same invoice and settings always make the same message, so a retry sends
// what the first attempt did. The Message-ID is the delivery's id, the same on every attempt, so
// a mail system that saw one copy can recognise another.
import type { InvoiceKind, InvoiceRecord } from '../invoice-records';
import type { SellerSettings } from '../seller-settings';
import type { MailMessage } from './mail-sender';

const MS_PER_DAY = 86_400_000;

const TITLE: Record<InvoiceKind, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  debit_note: 'Debit note',
};

function day(instant: string): string {
  return instant.slice(0, 10);
}

/** The period's last day: periods are half-open, [start, end). */
function lastDay(end: string): string {
  return day(new Date(Date.parse(end) - MS_PER_DAY).toISOString());
}

export function invoiceEmail(options: {
  invoice: InvoiceRecord;
  settings: SellerSettings;
  /** MAIL_FROM; the seller's own address when not set. */
  from: string | undefined;
  deliveryId: string;
  pdf: { bytes: Buffer; fileName: string };
}): MailMessage {
  const { invoice, settings, deliveryId, pdf } = options;
  const { seller } = settings;
  const title = TITLE[invoice.kind];
  const total = `${invoice.rating.totals.total} ${invoice.currency}`;
  const issued = Date.parse(invoice.finalizedAt!);
  const due = day(new Date(issued + settings.paymentTermsDays * MS_PER_DAY).toISOString());
  const text = [
    `Dear ${invoice.customer.name},`,
    '',
    `please find attached ${title.toLowerCase()} ${invoice.number} from ${seller.name} for ${day(invoice.periodStart)} to ${lastDay(invoice.periodEnd)}.`,
    ...(invoice.references === undefined
      ? []
      : ['', `It corrects invoice ${invoice.references.number}.`]),
    '',
    `Total: ${total}`,
    ...(invoice.kind === 'credit_note' ? [] : [`Due: ${due}`]),
    ...(seller.paymentInstructions ? ['', seller.paymentInstructions] : []),
    '',
    `Questions about it? Reply to this e-mail or write to ${seller.email}.`,
    '',
    seller.name,
    '',
  ].join('\n');
  const domain = seller.email.split('@')[1] ?? 'ledgerline.invalid';
  return {
    from: options.from ?? { name: seller.name, address: seller.email },
    replyTo: seller.email,
    to: { name: invoice.customer.name, address: invoice.customer.billing.email },
    subject: `${title} ${invoice.number} from ${seller.name}`,
    text,
    messageId: `<${deliveryId.replace(/[^A-Za-z0-9._-]/g, '.')}@${domain}>`,
    headers: { 'X-Ledgerline-Delivery': deliveryId },
    attachments: [{ filename: pdf.fileName, content: pdf.bytes, contentType: 'application/pdf' }],
  };
}
