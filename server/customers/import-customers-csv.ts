// Customers from a CSV file, as a CRM exports them: each row creates a customer or changes the one
// with its id (under its current revision, as a sync overwrites), every change audited like one
// made by hand. A bad row is reported with the column of each problem and changes nothing; the
// good rows go in all the same. A dry run says what each row would do and writes nothing.
import { parse } from 'csv-parse/sync';
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { AppError } from '../errors/app-error';
import type { ValidationIssue } from '../rating/validation';
import type { Store } from '../store/store';
import { createCustomer } from './create-customer';
import {
  CUSTOMER_CSV_FIELDS,
  fieldOfPath,
  profileOfRow,
  type CustomerCsvField,
} from './customer-csv';
import { validateCustomerProfile } from './customer-profile';
import { customers } from './customers-repository';
import { updateCustomer } from './update-customer';

/** A file this size is a CRM's whole book of business, not a mistake; larger ones go in parts. */
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportCustomersOptions {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  csv: string;
  /** The file's header for a field, where it is not the field's own name. */
  mapping?: Partial<Record<CustomerCsvField, string>>;
  dryRun?: boolean;
  reason?: string;
}

export interface ImportedRow {
  /** The line of the file, the header being line 1. */
  line: number;
  id: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'invalid';
  errors: { column: string; message: string }[];
}

export async function importCustomersCsv(options: ImportCustomersOptions): Promise<ImportedRow[]> {
  const { store, clock, actor } = options;
  const { rows, columnOf } = readFile(options.csv, options.mapping ?? {});
  const seen = new Map<string, number>();
  const results: ImportedRow[] = [];
  for (const [index, row] of rows.entries()) {
    const line = index + 2;
    const profile = profileOfRow((field) => row[columnOf(field)] ?? '');
    const errors = issuesOf(profile, columnOf);
    const first = seen.get(profile.id);
    if (first !== undefined) {
      errors.push({ column: columnOf('id'), message: `is in the file already, on line ${first}` });
    }
    seen.set(profile.id, first ?? line);
    if (errors.length > 0) {
      results.push({ line, id: profile.id, outcome: 'invalid', errors });
      continue;
    }
    const stored = await customers(store).findOne({ _id: profile.id });
    const reason = `CSV import${options.reason ? `: ${options.reason}` : ''}`;
    let outcome: ImportedRow['outcome'];
    if (stored === null) {
      if (!options.dryRun) await createCustomer({ store, clock, actor, profile, reason });
      outcome = 'created';
    } else if (options.dryRun) {
      outcome = sameProfile(stored, profile) ? 'unchanged' : 'updated';
    } else {
      const updated = await updateCustomer({
        store,
        clock,
        actor,
        customerId: profile.id,
        profile,
        revision: stored.revision,
        reason,
      });
      outcome = updated.revision === stored.revision ? 'unchanged' : 'updated';
    }
    results.push({ line, id: profile.id, outcome, errors: [] });
  }
  return results;
}

function readFile(csv: string, mapping: Partial<Record<CustomerCsvField, string>>) {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true, trim: false });
  } catch (error) {
    throw new AppError('invalid_request', 'the file is not CSV', {
      issues: [{ path: '$.csv', message: (error as Error).message }],
    });
  }
  const columnOf = (field: CustomerCsvField) => mapping[field] ?? field;
  const header = new Set(Object.keys(rows[0] ?? {}));
  const issues: ValidationIssue[] = [];
  for (const field of ['id', 'name', 'country', 'currency', 'email'] as const) {
    if (rows.length > 0 && !header.has(columnOf(field))) {
      issues.push({
        path: mapping[field] ? `$.mapping.${field}` : '$.csv',
        message: `has no column "${columnOf(field)}" for the ${field}`,
      });
    }
  }
  for (const field of Object.keys(mapping)) {
    if (!(CUSTOMER_CSV_FIELDS as readonly string[]).includes(field)) {
      issues.push({
        path: `$.mapping.${field}`,
        message: `is not a field; the fields are ${CUSTOMER_CSV_FIELDS.join(', ')}`,
      });
    }
  }
  if (rows.length === 0) issues.push({ path: '$.csv', message: 'has no rows under its header' });
  if (rows.length > MAX_IMPORT_ROWS) {
    issues.push({
      path: '$.csv',
      message: `has more than ${MAX_IMPORT_ROWS} rows: import it in parts`,
    });
  }
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the file cannot be imported', { issues });
  return { rows, columnOf };
}

function issuesOf(
  profile: unknown,
  columnOf: (field: CustomerCsvField) => string,
): ImportedRow['errors'] {
  const checked = validateCustomerProfile(profile);
  if (checked.ok) return [];
  return checked.issues.map((issue) => {
    const field = fieldOfPath(issue.path);
    return { column: field ? columnOf(field) : issue.path, message: issue.message };
  });
}

function sameProfile(
  stored: { name: string; facts: unknown; billing?: unknown; promoCodes: string[] },
  profile: { name: string; facts: unknown; billing: unknown; promoCodes?: string[] },
): boolean {
  // Key order is no difference: compared as canonical JSON, as updateCustomer compares them.
  return (
    canonicalJson([stored.name, stored.facts, stored.billing ?? null, stored.promoCodes]) ===
    canonicalJson([profile.name, profile.facts, profile.billing, profile.promoCodes ?? []])
  );
}
