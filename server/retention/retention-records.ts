// What the retention purge keeps about itself: each run with what it deleted so far (its audit
// entries leave through the run's outbox), the instant before which raw usage may have been
// deleted (ingestion refuses events older than it), and the invoice purges under way.
import type { AuditActor } from '../audit/audit-entry';
import type { PendingAuditEntries } from '../audit/record-outbox';

export const RETENTION_RUNS = 'retention_runs';
export const RETENTION_MARKS = 'retention_marks';
export const INVOICE_PURGES = 'invoice_purges';

/** What a purge deletes, by category, counted as it goes. */
export interface PurgeCounts {
  usageEvents: number;
  /** Usage batch records, once all their events are gone. */
  usageBatches: number;
  disputes: number;
  /** Invoices, credit notes and debit notes. */
  invoices: number;
  /** Their PDFs, when no other invoice shares the file. */
  invoicePdfs: number;
  auditEntries: number;
}

export const NO_PURGES: PurgeCounts = {
  usageEvents: 0,
  usageBatches: 0,
  disputes: 0,
  invoices: 0,
  invoicePdfs: 0,
  auditEntries: 0,
};

export type PurgeCategory = 'usage' | 'disputes' | 'invoices' | 'audit_log';

/** The cut-offs a category's last page used: records dated strictly before them could go. */
export type PurgeCutoffs = Partial<Record<PurgeCategory, Record<string, string>>>;

export interface RetentionRunRecord {
  _id: string;
  state: 'running' | 'completed' | 'interrupted';
  trigger: 'scheduled' | 'manual';
  startedBy: AuditActor;
  /** Why, when started by hand. */
  reason?: string;
  startedAt: string;
  /** Moved on after every page: a run that has not moved for long was stopped by a crash. */
  updatedAt: string;
  completedAt?: string;
  counts: PurgeCounts;
  cutoffs: PurgeCutoffs;
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

/** `_id` RAW_USAGE_MARK: only moves forward, written before any event older than it is deleted. */
export interface RetentionMarkRecord {
  _id: string;
  purgedBefore: string;
}

export const RAW_USAGE_MARK = 'usage_events';

/**
 * An invoice being purged, written before it is deleted: a dispute opened meanwhile sees it and
 * is refused, and a purge stopped by a crash is finished (or given up) by the next one, which
 * also deletes the PDF it names if nothing else uses it.
 */
export interface InvoicePurgeRecord {
  /** The invoice's id. */
  _id: string;
  customerId: string;
  startedAt: string;
  pdfSha256: string | null;
}
