// Records as the platform stores them, written straight to the store with the dates a retention
// test needs: invoices (drafts, finalized, notes referencing them), usage batches with their
// events, and disputes.
import { AUDIT_INDEXES } from '../../../server/audit';
import {
  DISPUTE_INDEXES,
  DISPUTES,
  type DisputeRecord,
} from '../../../server/disputes/dispute-records';
import { INVOICES, type InvoiceRecord } from '../../../server/invoicing/invoice-records';
import { INVOICING_INDEXES } from '../../../server/invoicing/invoicing-indexes';
import {
  USAGE_BATCHES,
  USAGE_EVENTS,
  type UsageBatchRecord,
  type UsageEventRecord,
} from '../../../server/metering/meter-records';
import { METERING_INDEXES } from '../../../server/metering/metering-indexes';
import type { RatedLine } from '../../../server/rating/types';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';

export async function prepareRetentionStore(store: Store): Promise<void> {
  await ensureIndexes(store, [
    ...AUDIT_INDEXES,
    ...INVOICING_INDEXES,
    ...METERING_INDEXES,
    ...DISPUTE_INDEXES,
  ]);
}

function aLine(id: string, total: string): RatedLine {
  return {
    id,
    kind: 'recurring',
    description: `line ${id}`,
    product: 'platform',
    quantity: '1',
    periodStart: '2026-03-01T00:00:00Z',
    periodEnd: '2026-04-01T00:00:00Z',
    amount: total,
    discounts: [],
    discountAmount: '0.00',
    netAmount: total,
    taxes: [],
    taxAmount: '0.00',
    total,
    trace: [],
  };
}

/** A finalized invoice of two lines (l1 100.00, l2 23.45: 123.45 USD), unless told otherwise. */
export function anInvoice(id: string, overrides: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    _id: id,
    kind: 'invoice',
    status: 'finalized',
    customerId: 'acme',
    periodStart: '2026-03-01T00:00:00Z',
    periodEnd: '2026-04-01T00:00:00Z',
    number: `INV-${id}`,
    series: 'INV-2026',
    sequence: 1,
    customer: {
      name: 'Acme',
      taxId: null,
      billing: {
        email: 'ap@acme.example',
        address: {
          lines: ['1 Pike Street'],
          city: 'Seattle',
          postalCode: '98101',
          region: 'WA',
          country: 'US',
        },
      },
    },
    currency: 'USD',
    rating: {
      customerId: 'acme',
      currency: 'USD',
      period: { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z' },
      asOf: '2026-04-01T00:00:00Z',
      lines: [aLine('l1', '100.00'), aLine('l2', '23.45')],
      totals: { amount: '123.45', discount: '0.00', net: '123.45', tax: '0.00', total: '123.45' },
      taxSummary: [],
      notes: [],
      warnings: [],
      policies: [],
    },
    runId: 'run-1',
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    finalizedAt: '2026-04-01T10:00:00.000Z',
    contentHash: 'a'.repeat(64),
    pendingAudits: 0,
    ...overrides,
  };
}

export async function storeInvoices(store: Store, ...invoices: InvoiceRecord[]): Promise<void> {
  await store.collection<InvoiceRecord>(INVOICES).insertMany(invoices);
}

/** An aggregated batch (or one still waiting, with `aggregatedAt` null) and its events. */
export async function storeBatch(
  store: Store,
  id: string,
  { aggregatedAt, timestamps }: { aggregatedAt: string | null; timestamps: string[] },
): Promise<void> {
  const receivedAt = aggregatedAt ?? timestamps.at(-1)!;
  const batch: UsageBatchRecord = {
    _id: id,
    state: aggregatedAt === null ? 'ready' : 'aggregated',
    receivedAt,
    sender: 'key_test',
    events: timestamps.length,
    ...(aggregatedAt !== null && { aggregatedAt, pass: 1 }),
  };
  await store.collection<UsageBatchRecord>(USAGE_BATCHES).insertOne(batch);
  await store.collection<UsageEventRecord>(USAGE_EVENTS).insertMany(
    timestamps.map((timestamp, index) => ({
      _id: `acme/${id}-${index}`,
      customerId: 'acme',
      eventId: `${id}-${index}`,
      meter: 'api-calls',
      timestamp,
      day: timestamp.slice(0, 10),
      quantity: '1',
      batch: id,
      receivedAt,
      contentHash: 'b'.repeat(64),
    })),
  );
}

export function aDispute(id: string, overrides: Partial<DisputeRecord> = {}): DisputeRecord {
  return {
    _id: id,
    invoiceId: 'inv-1',
    invoiceNumber: 'INV-inv-1',
    customerId: 'acme',
    currency: 'USD',
    state: 'open',
    reason: 'we never used l2',
    lines: [],
    amount: '123.45',
    openedAt: '2027-01-10T00:00:00.000Z',
    openedBy: { type: 'user', id: 'usr_fin' },
    pendingAudits: 0,
    ...overrides,
  };
}

export async function storeDisputes(store: Store, ...disputes: DisputeRecord[]): Promise<void> {
  await store.collection<DisputeRecord>(DISPUTES).insertMany(disputes);
}

export const resolved = (resolvedAt: string): Partial<DisputeRecord> => ({
  state: 'resolved',
  resolvedAt,
  resolution: {
    outcome: 'rejected',
    note: 'billed as agreed',
    by: { type: 'user', id: 'usr_fin' },
  },
});
