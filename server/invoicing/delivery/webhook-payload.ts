// The body of a webhook delivery: the event, the delivery's id (the receiver's idempotency key),
// and the document issued as its summary, with where to download it. Built from the sealed
// invoice and the job alone, so every attempt sends the same bytes.
import type { InvoiceRecord } from '../invoice-records';
import type { DeliveryRecord } from './delivery-records';

export function webhookPayload(delivery: DeliveryRecord, invoice: InvoiceRecord): string {
  return JSON.stringify({
    id: delivery._id,
    event: delivery.event,
    createdAt: delivery.createdAt,
    data: {
      invoice: {
        id: invoice._id,
        kind: invoice.kind,
        number: invoice.number ?? null,
        customerId: invoice.customerId,
        customerName: invoice.customer.name,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        currency: invoice.currency,
        net: invoice.rating.totals.net,
        tax: invoice.rating.totals.tax,
        total: invoice.rating.totals.total,
        finalizedAt: invoice.finalizedAt ?? null,
        contentHash: invoice.contentHash ?? null,
        // A credit or debit note: the invoice it corrects.
        ...(invoice.references !== undefined && { references: invoice.references }),
        links: {
          self: `/api/v1/invoices/${encodeURIComponent(invoice._id)}`,
          pdf: `/api/v1/invoices/${encodeURIComponent(invoice._id)}/pdf`,
        },
      },
    },
  });
}
