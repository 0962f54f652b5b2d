// The helpers every template may use, registered in one place for validation, preview and
// rendering. They format what the context holds as exact strings: an amount is a decimal string
// and never becomes a JS number (Intl formats the string itself), so "0.10" + "0.20" rounding
// drift cannot reach a customer's document. Each formats for the context's `locale`.
import type { HelperOptions } from 'handlebars';
import { DECIMAL_PATTERN, isKnownCurrency, minorUnits } from '../rating/money';
import { isValidInstant } from '../rating/validation/instant';
import { toMillis } from '../rating/time';
import { TemplateSourceError } from './template-source-error';

/** What a helper call site knows about itself at run time (Handlebars 4 passes `loc`). */
type CallSite = HelperOptions & {
  loc?: { start: { line: number; column: number } };
  data?: { root?: { locale?: unknown } };
};

/** A helper error at the line and column of the call, as Handlebars reports its own. */
function failAt(options: CallSite, helper: string, message: string): never {
  const start = options.loc?.start;
  throw new TemplateSourceError(`${helper}: ${message}`, start?.line, start && start.column + 1);
}

function localeOf(options: CallSite, helper: string): string {
  const locale = options.data?.root?.locale;
  if (typeof locale !== 'string') failAt(options, helper, 'the context has no locale');
  return locale;
}

function decimalArgument(value: unknown, options: CallSite, helper: string): `${number}` {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
    const found = value === undefined ? 'nothing' : JSON.stringify(value);
    failAt(options, helper, `needs a decimal string such as "12.50", not ${found}`);
  }
  return value as `${number}`;
}

function currencyArgument(value: unknown, options: CallSite, helper: string): string {
  if (typeof value !== 'string' || !isKnownCurrency(value)) {
    failAt(
      options,
      helper,
      `needs an ISO 4217 currency such as "USD", not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** {{money amount currency}}: "$1,442.91" (en-US), "1.442,91 €" (de-DE); never rounds. */
function money(amount: unknown, currency: unknown, options: CallSite): string {
  const value = decimalArgument(amount, options, 'money');
  const code = currencyArgument(currency, options, 'money');
  const digits = minorUnits(code);
  const decimals = value.split('.')[1]?.length ?? 0;
  if (decimals > digits) {
    // Rounding belongs to the rating core: a template that had to round would hide an error.
    failAt(options, 'money', `${value} has more decimals than ${code} has (${digits})`);
  }
  return new Intl.NumberFormat(localeOf(options, 'money'), {
    style: 'currency',
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** {{price unitPrice currency}}: a unit price keeps every decimal it has: "$0.023", "$0.50". */
function price(amount: unknown, currency: unknown, options: CallSite): string {
  const value = decimalArgument(amount, options, 'price');
  const code = currencyArgument(currency, options, 'price');
  return new Intl.NumberFormat(localeOf(options, 'price'), {
    style: 'currency',
    currency: code,
    minimumFractionDigits: minorUnits(code),
    maximumFractionDigits: 20,
  }).format(value);
}

/** {{number quantity}}: "1,250.5"; every decimal kept. */
function number(value: unknown, options: CallSite): string {
  const exact = decimalArgument(value, options, 'number');
  return new Intl.NumberFormat(localeOf(options, 'number'), {
    maximumFractionDigits: 20,
  }).format(exact);
}

/** {{percent rate}}: a rate in percent ("10.25") as "10.25%". */
function percent(value: unknown, options: CallSite): string {
  return `${number(value, options)}%`;
}

/** {{date value}}: "April 1, 2026" (en-US), "1. April 2026" (de-DE), in UTC. */
function date(value: unknown, options: CallSite): string {
  if (typeof value !== 'string' || !isValidInstant(value)) {
    failAt(options, 'date', `needs a date such as "2026-04-01", not ${JSON.stringify(value)}`);
  }
  return new Intl.DateTimeFormat(localeOf(options, 'date'), {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(toMillis(value));
}

/** {{#unless (isZero totals.discount)}}: "0", "0.00" and "-0.000" are all zero. */
function isZero(value: unknown, options: CallSite): boolean {
  return /^-?0(\.0+)?$/.test(decimalArgument(value, options, 'isZero'));
}

/** {{#if (eq entry.type "payment")}}: strict equality. */
function eq(left: unknown, right: unknown): boolean {
  return left === right;
}

export const TEMPLATE_HELPERS = { money, price, number, percent, date, isZero, eq } as const;

/** The helper names, and Handlebars' own block helpers, which are all a template may call. */
export const HELPER_NAMES = Object.keys(TEMPLATE_HELPERS);
