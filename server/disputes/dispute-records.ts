// A customer's dispute of an issued invoice (or debit note): what is disputed (the whole document,
// some of its lines, or an amount), why, and how it ended. Recorded by billing admins and finance
// on the customer's behalf; open until resolved, then kept for the dispute retention (five years
// by default, from the resolution) and, while kept, it keeps its invoice too.
import type { AuditActor } from '../audit/audit-entry';
import type { PendingAuditEntries } from '../audit/record-outbox';
import type { CollectionIndex } from '../store/ensure-indexes';

export const DISPUTES = 'disputes';

export const DISPUTE_OUTCOMES = ['upheld', 'rejected', 'withdrawn'] as const;
/** upheld: the customer is right (a credit note follows); rejected; withdrawn by the customer. */
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const DISPUTE_STATES = ['open', 'resolved'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

export interface DisputedLine {
  /** The invoice line's id. */
  lineId: string;
  /** How much of its total is disputed, in the invoice's currency. */
  amount: string;
}

export interface DisputeRecord {
  _id: string;
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  currency: string;
  state: DisputeState;
  reason: string;
  /** The lines disputed; empty when the dispute is of the whole document or of an amount. */
  lines: DisputedLine[];
  /** The amount disputed: the lines' sum, the amount given, or the document's total. */
  amount: string;
  openedAt: string;
  openedBy: AuditActor;
  resolvedAt?: string;
  resolution?: { outcome: DisputeOutcome; note: string; by: AuditActor };
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

export const DISPUTE_INDEXES: CollectionIndex[] = [
  { collection: DISPUTES, index: { name: 'invoice', keys: { invoiceId: 1 } } },
  { collection: DISPUTES, index: { name: 'state_resolved', keys: { state: 1, resolvedAt: 1 } } },
];
