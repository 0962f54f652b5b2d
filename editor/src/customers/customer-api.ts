// Customers and their subscriptions as the server answers them, and the profile a form makes:
// the form holds text fields, the server wants the customer document (customer.schema.json), so
// the two are converted here, and each form field knows the JSON path the server names it by.
import type { CustomerBilling } from '../../../server/customers/customer-profile';
import type { Customer, Subscription } from '../../../server/rating/types';

export type { CustomerBilling, Subscription };

export interface CustomerView {
  id: string;
  name: string;
  facts: Customer;
  promoCodes: string[];
  billing: CustomerBilling | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface CustomerPage {
  customers: CustomerView[];
  nextOffset: number | null;
}

export interface SubscriptionView {
  customerId: string;
  subscription: Subscription;
  renewalNoticeDays: number | null;
  renewal: { at: string; noticeBy: string | null } | null;
  revision: number;
  updatedAt: string | null;
}

export const CUSTOMER_PAGE_SIZE = 50;

export function customerPath(id: string): string {
  return `/customers/${encodeURIComponent(id)}`;
}

export function customerApiPath(id: string): string {
  return `/api/v1/customers/${encodeURIComponent(id)}`;
}

/** The customer form's fields, all text as inputs hold them. */
export interface CustomerFields {
  id: string;
  name: string;
  country: string;
  region: string;
  currency: string;
  type: '' | 'business' | 'individual';
  taxId: string;
  taxExempt: boolean;
  segment: string;
  email: string;
  addressLines: string;
  city: string;
  postalCode: string;
  addressRegion: string;
  locale: string;
  anchorDay: string;
  promoCodes: string;
}

export const NO_CUSTOMER: CustomerFields = {
  id: '',
  name: '',
  country: '',
  region: '',
  currency: '',
  type: '',
  taxId: '',
  taxExempt: false,
  segment: '',
  email: '',
  addressLines: '',
  city: '',
  postalCode: '',
  addressRegion: '',
  locale: '',
  anchorDay: '',
  promoCodes: '',
};

/** The JSON path the server names each field by. */
export const CUSTOMER_FIELD_PATHS: Record<keyof CustomerFields, string | readonly string[]> = {
  id: ['$.id', '$.facts.id'],
  name: '$.name',
  country: ['$.facts.country', '$.billing.address.country'],
  region: '$.facts.region',
  currency: '$.facts.currency',
  type: '$.facts.type',
  taxId: '$.facts.taxId',
  taxExempt: '$.facts.taxExempt',
  segment: '$.facts.segment',
  email: '$.billing.email',
  addressLines: '$.billing.address.lines',
  city: '$.billing.address.city',
  postalCode: '$.billing.address.postalCode',
  addressRegion: '$.billing.address.region',
  locale: '$.billing.locale',
  anchorDay: '$.billing.anchorDay',
  promoCodes: '$.promoCodes',
};

export function fieldsOf(customer: CustomerView): CustomerFields {
  const { facts, billing } = customer;
  return {
    id: customer.id,
    name: customer.name,
    country: facts.country,
    region: facts.region ?? '',
    currency: facts.currency,
    type: facts.type ?? '',
    taxId: facts.taxId ?? '',
    taxExempt: facts.taxExempt === true,
    segment: facts.segment ?? '',
    email: billing?.email ?? '',
    addressLines: billing?.address.lines.join('\n') ?? '',
    city: billing?.address.city ?? '',
    postalCode: billing?.address.postalCode ?? '',
    addressRegion: billing?.address.region ?? '',
    locale: billing?.locale ?? '',
    anchorDay: billing?.anchorDay === undefined ? '' : String(billing.anchorDay),
    promoCodes: customer.promoCodes.join(', '),
  };
}

/**
 * The customer document of the form. Facts the form does not show (attributes) are kept from
 * the customer as loaded; the billing address's country is the facts' one, as the server wants.
 * A number field that is not a number is sent as it is, for the server to name it.
 */
export function profileOf(fields: CustomerFields, loaded?: CustomerView): Record<string, unknown> {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const country = fields.country.trim().toUpperCase();
  const anchor = fields.anchorDay.trim();
  return {
    id: fields.id.trim(),
    name: fields.name.trim(),
    facts: {
      ...(loaded?.facts.attributes !== undefined && { attributes: loaded.facts.attributes }),
      id: fields.id.trim(),
      country,
      currency: fields.currency.trim().toUpperCase(),
      region: text(fields.region),
      type: fields.type || undefined,
      taxId: text(fields.taxId),
      taxExempt: fields.taxExempt || undefined,
      segment: text(fields.segment),
    },
    billing: {
      email: fields.email.trim(),
      address: {
        lines: fields.addressLines
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        city: fields.city.trim(),
        postalCode: text(fields.postalCode) ?? null,
        region: text(fields.addressRegion) ?? null,
        country,
      },
      locale: text(fields.locale),
      anchorDay: anchor === '' ? undefined : /^\d+$/.test(anchor) ? Number(anchor) : anchor,
    },
    promoCodes: fields.promoCodes
      .split(',')
      .map((code) => code.trim())
      .filter((code) => code !== ''),
  };
}

/** The subscription form's fields. */
export interface SubscriptionFields {
  id: string;
  product: string;
  sku: string;
  type: 'recurring' | 'one_time';
  quantity: string;
  /** YYYY-MM-DD, a UTC day. */
  start: string;
  end: string;
  termMonths: string;
  autoRenew: boolean;
  renewalNoticeDays: string;
  baseAmount: string;
}

export const NO_SUBSCRIPTION: SubscriptionFields = {
  id: '',
  product: '',
  sku: '',
  type: 'recurring',
  quantity: '',
  start: '',
  end: '',
  termMonths: '',
  autoRenew: true,
  renewalNoticeDays: '',
  baseAmount: '',
};

export const SUBSCRIPTION_FIELD_PATHS: Record<keyof SubscriptionFields, string> = {
  id: '$.subscription.id',
  product: '$.subscription.product',
  sku: '$.subscription.sku',
  type: '$.subscription.type',
  quantity: '$.subscription.quantity',
  start: '$.subscription.start',
  end: '$.subscription.end',
  termMonths: '$.subscription.termMonths',
  autoRenew: '$.subscription.autoRenew',
  renewalNoticeDays: '$.renewalNoticeDays',
  baseAmount: '$.subscription.baseAmount',
};

export function subscriptionFieldsOf(view: SubscriptionView): SubscriptionFields {
  const { subscription } = view;
  return {
    id: subscription.id,
    product: subscription.product,
    sku: subscription.sku ?? '',
    type: subscription.type,
    quantity: subscription.quantity ?? '',
    start: day(subscription.start),
    end: subscription.end === undefined ? '' : day(subscription.end),
    termMonths: subscription.termMonths === undefined ? '' : String(subscription.termMonths),
    autoRenew: subscription.autoRenew !== false,
    renewalNoticeDays: view.renewalNoticeDays === null ? '' : String(view.renewalNoticeDays),
    baseAmount: subscription.baseAmount ?? '',
  };
}

/** The request body; fields the form does not show (plan changes, attributes) are kept. */
export function subscriptionBodyOf(
  fields: SubscriptionFields,
  loaded?: SubscriptionView,
): { subscription: Record<string, unknown>; renewalNoticeDays?: unknown } {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const whole = (value: string) => {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  };
  const term = whole(fields.termMonths);
  const notice = whole(fields.renewalNoticeDays);
  const { changes, attributes } = loaded?.subscription ?? {};
  return {
    subscription: {
      id: fields.id.trim(),
      product: fields.product.trim(),
      sku: text(fields.sku),
      type: fields.type,
      quantity: text(fields.quantity),
      start: text(fields.start),
      end: text(fields.end),
      termMonths: term,
      autoRenew: term === undefined ? undefined : fields.autoRenew,
      baseAmount: text(fields.baseAmount),
      ...(changes !== undefined && { changes }),
      ...(attributes !== undefined && { attributes }),
    },
    ...(notice !== undefined && { renewalNoticeDays: notice }),
  };
}

/** An instant as its UTC day: 2026-03-01T00:00:00Z -> 2026-03-01; a day stays a day. */
export function day(instant: string): string {
  return instant.slice(0, 10);
}
