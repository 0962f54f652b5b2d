// Customers as CSV rows, both ways: the export a spreadsheet or a CRM reads, and the rows an
// import turns back into customer profiles. One column per field, named in snake_case; an import
// may name its own columns for any of them (a CRM's "Account ID" for id), so a CRM's export can
// be loaded without editing it. A problem in a row names the column it is about.
import type { CustomerProfile } from './customer-profile';
import type { CustomerRecord } from './customer-records';

export const CUSTOMER_CSV_FIELDS = [
  'id',
  'name',
  'country',
  'region',
  'currency',
  'type',
  'tax_id',
  'tax_exempt',
  'segment',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'postal_code',
  'address_region',
  'locale',
  'anchor_day',
  'promo_codes',
] as const;

export type CustomerCsvField = (typeof CUSTOMER_CSV_FIELDS)[number];

/** Which field a profile path comes from, so an issue at the path names its column. */
const FIELD_OF_PATH: [RegExp, CustomerCsvField][] = [
  [/^\$\.(id|facts\.id)$/, 'id'],
  [/^\$\.name$/, 'name'],
  [/^\$\.(facts\.country|billing\.address\.country)$/, 'country'],
  [/^\$\.facts\.region$/, 'region'],
  [/^\$\.facts\.currency$/, 'currency'],
  [/^\$\.facts\.type$/, 'type'],
  [/^\$\.facts\.taxId$/, 'tax_id'],
  [/^\$\.facts\.taxExempt$/, 'tax_exempt'],
  [/^\$\.facts\.segment$/, 'segment'],
  [/^\$\.billing\.email$/, 'email'],
  [/^\$\.billing\.address\.lines(\[0\])?$/, 'address_line1'],
  [/^\$\.billing\.address\.lines\[1\]$/, 'address_line2'],
  [/^\$\.billing\.address\.city$/, 'city'],
  [/^\$\.billing\.address\.postalCode$/, 'postal_code'],
  [/^\$\.billing\.address\.region$/, 'address_region'],
  [/^\$\.billing\.locale$/, 'locale'],
  [/^\$\.billing\.anchorDay$/, 'anchor_day'],
  [/^\$\.promoCodes/, 'promo_codes'],
];

export function fieldOfPath(path: string): CustomerCsvField | undefined {
  return FIELD_OF_PATH.find(([pattern]) => pattern.test(path))?.[1];
}

/** One row of the export, in the order of CUSTOMER_CSV_FIELDS. */
export function customerCsvRow(record: CustomerRecord): string[] {
  const { facts, billing } = record;
  const values: Record<CustomerCsvField, string> = {
    id: record._id,
    name: record.name,
    country: facts.country,
    region: facts.region ?? '',
    currency: facts.currency,
    type: facts.type ?? '',
    tax_id: facts.taxId ?? '',
    tax_exempt: facts.taxExempt === undefined ? '' : String(facts.taxExempt),
    segment: facts.segment ?? '',
    email: billing?.email ?? '',
    address_line1: billing?.address.lines[0] ?? '',
    address_line2: billing?.address.lines.slice(1).join(', ') ?? '',
    city: billing?.address.city ?? '',
    postal_code: billing?.address.postalCode ?? '',
    address_region: billing?.address.region ?? '',
    locale: billing?.locale ?? '',
    anchor_day: billing?.anchorDay === undefined ? '' : String(billing.anchorDay),
    promo_codes: record.promoCodes.join(' '),
  };
  return CUSTOMER_CSV_FIELDS.map((field) => values[field]);
}

/**
 * The profile a row describes: empty cells are absent fields, numbers and booleans are parsed as
 * the schema wants them, so that what is wrong is said by the profile's validation, once.
 */
export function profileOfRow(value: (field: CustomerCsvField) => string): CustomerProfile {
  const text = (field: CustomerCsvField) => value(field).trim();
  const optional = (field: CustomerCsvField) => text(field) || undefined;
  const id = text('id');
  const country = text('country');
  const lines = [text('address_line1'), text('address_line2')].filter((line) => line !== '');
  const facts: Record<string, unknown> = {
    id,
    country,
    currency: text('currency'),
    region: optional('region'),
    type: optional('type'),
    taxId: optional('tax_id'),
    taxExempt: booleanOf(text('tax_exempt')),
    segment: optional('segment'),
  };
  const billing: Record<string, unknown> = {
    email: text('email'),
    address: {
      lines,
      city: text('city'),
      postalCode: optional('postal_code') ?? null,
      region: optional('address_region') ?? null,
      country,
    },
    locale: optional('locale'),
    anchorDay: numberOf(text('anchor_day')),
  };
  const promoCodes = text('promo_codes')
    .split(/\s+/)
    .filter((code) => code !== '');
  return withoutUndefined({
    id,
    name: text('name'),
    facts: withoutUndefined(facts),
    billing: withoutUndefined(billing),
    promoCodes,
  }) as unknown as CustomerProfile;
}

/** "true"/"false" (any case, or yes/no) as booleans; anything else is left for the schema to refuse. */
function booleanOf(cell: string): boolean | string | undefined {
  if (cell === '') return undefined;
  const lower = cell.toLowerCase();
  if (lower === 'true' || lower === 'yes') return true;
  if (lower === 'false' || lower === 'no') return false;
  return cell;
}

function numberOf(cell: string): number | string | undefined {
  if (cell === '') return undefined;
  return /^\d+$/.test(cell) ? Number(cell) : cell;
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
