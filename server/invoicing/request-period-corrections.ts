// A correction for every invoice of a billing period (a price was wrong for everyone, and a
// corrected version of the policy is published with the period's dates): each finalized invoice
// whose period starts on the day is marked to be rated again, audited one by one, and the next
// invoice run issues the credit and debit notes.
import type { AuditActor, Clock } from '../audit';
import type { Store } from '../store/store';
import { requestCorrection } from './adjustment-requests';
import { INVOICES, type InvoiceRecord } from './invoice-records';

export async function requestPeriodCorrections(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  /** The first day of the periods, YYYY-MM-DD. */
  periodStart: string;
  /** Only this customer's invoice. */
  customerId?: string;
  reason: string;
}): Promise<{ requested: number }> {
  const { store, clock, actor, reason } = options;
  const nextDay = new Date(Date.parse(`${options.periodStart}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const invoices = await store.collection<InvoiceRecord>(INVOICES).find({
    ...(options.customerId !== undefined && { customerId: options.customerId }),
    // Instants of the day sort between the day and the next as strings.
    periodStart: { $gte: options.periodStart, $lt: nextDay },
    kind: 'invoice',
    status: 'finalized',
  });
  for (const invoice of invoices) {
    await requestCorrection({ store, clock, actor, invoice, reason });
  }
  return { requested: invoices.length };
}
