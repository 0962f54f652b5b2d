// Which periods of a batch's customers are already invoiced: usage that arrives for one is kept,
// counted, and flagged, so the next run settles the difference with a credit or debit note.
import { INVOICES, type InvoicePeriodFields } from '../invoicing/invoice-records';
import { toMillis } from '../rating/time';
import type { Store } from '../store/store';
import type { UsageEventRecord } from './meter-records';

export interface InvoicedPeriods {
  /** The finalized invoice whose period holds the instant, if any. */
  covering(customerId: string, timestamp: string): InvoicePeriodFields | undefined;
}

export async function findInvoicedPeriods(
  store: Store,
  events: readonly UsageEventRecord[],
): Promise<InvoicedPeriods> {
  const customerIds = [...new Set(events.map((event) => event.customerId))];
  let earliest = events[0]?.timestamp ?? '';
  for (const event of events)
    if (toMillis(event.timestamp) < toMillis(earliest)) earliest = event.timestamp;
  const invoices = await store.collection<InvoicePeriodFields>(INVOICES).find({
    customerId: { $in: customerIds },
    kind: 'invoice',
    status: 'finalized',
    // By day: instants with and without milliseconds do not compare as strings; `covering` is exact.
    periodEnd: { $gt: earliest.slice(0, 10) },
  });
  const byCustomer = new Map<string, InvoicePeriodFields[]>();
  for (const invoice of invoices) {
    const list = byCustomer.get(invoice.customerId) ?? [];
    list.push(invoice);
    byCustomer.set(invoice.customerId, list);
  }
  return {
    covering(customerId, timestamp) {
      const at = toMillis(timestamp);
      return byCustomer
        .get(customerId)
        ?.find(
          (invoice) => toMillis(invoice.periodStart) <= at && at < toMillis(invoice.periodEnd),
        );
    },
  };
}
