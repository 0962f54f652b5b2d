import { checkKnownCurrency, instantOf, isRecord, issueAt } from './document-reading';
import type { ValidationIssue } from './validation-outcome';

export function checkOverdueInvoice(document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(document)) return issues;
  checkKnownCurrency(document.currency, ['currency'], issues);
  if (isRecord(document.customer)) {
    checkKnownCurrency(document.customer.currency, ['customer', 'currency'], issues);
  }
  const issuedAt = instantOf(document.issuedAt);
  const dueAt = instantOf(document.dueAt);
  if (issuedAt !== undefined && dueAt !== undefined && dueAt < issuedAt) {
    issues.push(issueAt(['dueAt'], `must not be before issuedAt (${String(document.issuedAt)})`));
  }
  return issues;
}
