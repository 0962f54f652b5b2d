import type { OverdueInvoice } from '../types';
import { checkOverdueInvoice } from './check-overdue-invoice';
import { SCHEMA_IDS } from './schema-documents';
import { validateAgainstSchema } from './schema-validator';
import { toOutcome, type ValidationOutcome } from './validation-outcome';

/** Validates an overdue invoice handed to a dunning policy. */
export function validateOverdueInvoice(document: unknown): ValidationOutcome<OverdueInvoice> {
  return toOutcome<OverdueInvoice>(
    document,
    validateAgainstSchema(SCHEMA_IDS.overdueInvoice, document),
    checkOverdueInvoice(document),
  );
}
