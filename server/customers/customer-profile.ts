// A customer as billing admins write it (rules/schemas/customer.schema.json), checked by the
// schema and by what the schema cannot say: the facts describe this customer, and its country is
// the one of the billing address (tax rules read the facts; the invoice prints the address).
import type { Customer } from '../rating/types';
import { SCHEMA_IDS, type ValidationIssue, type ValidationOutcome } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { toOutcome } from '../rating/validation/validation-outcome';

export interface PostalAddress {
  lines: string[];
  city: string;
  postalCode: string | null;
  region: string | null;
  country: string;
}

export interface CustomerBilling {
  email: string;
  address: PostalAddress;
  /** en-US when left out. */
  locale?: string;
  /** The day of the month periods start on; the 1st when left out. */
  anchorDay?: number;
}

export interface CustomerProfile {
  id: string;
  name: string;
  facts: Customer;
  billing: CustomerBilling;
  promoCodes?: string[];
}

export function validateCustomerProfile(document: unknown): ValidationOutcome<CustomerProfile> {
  const schemaIssues = validateAgainstSchema(SCHEMA_IDS.customer, document);
  if (schemaIssues.length > 0) return { ok: false, issues: schemaIssues };
  const profile = document as CustomerProfile;
  const issues: ValidationIssue[] = [];
  if (profile.facts.id !== profile.id) {
    issues.push({ path: '$.facts.id', message: `must be the customer's id, "${profile.id}"` });
  }
  if (profile.billing.address.country !== profile.facts.country) {
    issues.push({
      path: '$.billing.address.country',
      message: `must be the country of the facts, "${profile.facts.country}": tax rules read that one`,
    });
  }
  return toOutcome(document, issues);
}
