// The retention periods and their bounds, without I/O: what the settings hold, their defaults,
// the floors below which no one may set them (and why), and the check of a requested change.
import type { ValidationIssue } from '../rating/validation';

export interface RetentionPeriods {
  /** Invoices, credit and debit notes: years from the end of the year of issue. */
  invoiceYears: number;
  /** Audit entries: years from when each was written. */
  auditLogYears: number;
  /** Raw usage events: days from when their batch was aggregated (the daily aggregates stay). */
  rawUsageDays: number;
  /** Dispute records: years from their resolution (an open dispute is kept). */
  disputeYears: number;
}

export const RETENTION_FIELDS = [
  'invoiceYears',
  'auditLogYears',
  'rawUsageDays',
  'disputeYears',
] as const satisfies readonly (keyof RetentionPeriods)[];

export const DEFAULT_RETENTION: RetentionPeriods = {
  invoiceYears: 7,
  auditLogYears: 7,
  rawUsageDays: 30,
  disputeYears: 5,
};

/**
 * The shortest each may be set to. Invoices and the audit log: six years, the shortest period the
 * tax laws we sell under require for invoices and the records behind them (the UK's VAT records,
 * Ireland, Canada); many require more (Austria and the Netherlands 7, Germany 8, France and Italy
 * 10), which the seller sets here. Raw usage: a day, far longer than aggregation takes (seconds),
 * and a batch not yet aggregated is never purged whatever the setting. Disputes: a year.
 */
export const RETENTION_FLOORS: RetentionPeriods = {
  invoiceYears: 6,
  auditLogYears: 6,
  rawUsageDays: 1,
  disputeYears: 1,
};

export const RETENTION_CEILINGS: RetentionPeriods = {
  invoiceYears: 100,
  auditLogYears: 100,
  rawUsageDays: 3650,
  disputeYears: 100,
};

const UNIT: Record<keyof RetentionPeriods, string> = {
  invoiceYears: 'years',
  auditLogYears: 'years',
  rawUsageDays: 'days',
  disputeYears: 'years',
};

const WHY_FLOOR: Record<keyof RetentionPeriods, string> = {
  invoiceYears: 'the legal minimum we keep to',
  auditLogYears: 'the legal minimum we keep to',
  rawUsageDays: 'longer than aggregation takes',
  disputeYears: 'the shortest we offer',
};

/** Every field that is missing or outside its floor and ceiling, by its path in the body. */
export function retentionIssues(values: Record<string, unknown>): ValidationIssue[] {
  return RETENTION_FIELDS.flatMap((field) => {
    const value = values[field];
    const floor = RETENTION_FLOORS[field];
    const ceiling = RETENTION_CEILINGS[field];
    if (Number.isSafeInteger(value) && (value as number) >= floor && (value as number) <= ceiling)
      return [];
    return [
      {
        path: `$.${field}`,
        message: `must be a whole number of ${UNIT[field]} from ${floor} (${WHY_FLOOR[field]}) to ${ceiling}`,
      },
    ];
  });
}
