// Prices one customer's billing period: charge lines -> pricing -> discounts -> commitments ->
// tax, each amount rounded once on its line. Pure and fast: the result holds exact decimals, and
// the explanation of each step is rendered only when the result is shown (render-rating-result).
import { applyCommitments } from './apply-commitments';
import { applyDiscounts } from './apply-discounts';
import { applyTax } from './apply-tax';
import { buildChargeLines } from './charge-lines';
import { Exact, ZERO } from './money';
import type { PolicySet } from './policy-set';
import { priceLines, pricingIdentity, type RatingContext } from './price-lines';
import { MS_PER_DAY, toMillis } from './time';
import type { RatingRequest } from './types';
import type { WorkingLine } from './working-line';

export interface InvoiceTotals {
  amount: Exact;
  discount: Exact;
  net: Exact;
  tax: Exact;
  total: Exact;
}

export interface PricedInvoice {
  request: RatingRequest;
  currency: string;
  lines: WorkingLine[];
  totals: InvoiceTotals;
  notes: string[];
  warnings: string[];
}

export interface PriceInvoiceOptions {
  /** A request that passed validateRatingRequest. */
  request: RatingRequest;
  policies: PolicySet;
}

export function priceInvoice({ request, policies }: PriceInvoiceOptions): PricedInvoice {
  const context = ratingContext(request, policies);
  const charges = buildChargeLines(request, policies, (charge) => pricingIdentity(context, charge));
  const lines = priceLines(context, charges);
  const warnings = applyDiscounts(context, lines);
  const commitments = applyCommitments(context, lines);
  lines.push(...commitments.trueUps);
  warnings.push(...commitments.warnings);
  const notes = applyTax(context, lines);
  return { request, currency: context.currency, lines, totals: totalsOf(lines), notes, warnings };
}

function ratingContext(request: RatingRequest, policies: PolicySet): RatingContext {
  const start = toMillis(request.period.start);
  const end = toMillis(request.period.end);
  return {
    request,
    policies,
    currency: request.customer.currency,
    sharedFacts: {
      customer: request.customer,
      period: {
        start: request.period.start,
        end: request.period.end,
        days: (end - start) / MS_PER_DAY,
      },
      promoCodes: request.promoCodes ?? [],
    },
  };
}

export function discountOf(line: WorkingLine): Exact {
  return line.amount.minus(line.discounted);
}

export function inclusiveTaxOf(line: WorkingLine): Exact {
  let total = ZERO;
  for (const tax of line.taxes) if (tax.inclusive) total = total.plus(tax.amount);
  return total;
}

/** What the line costs before tax: after discounts, without the tax an inclusive price contains. */
export function netOf(line: WorkingLine): Exact {
  return line.discounted.minus(inclusiveTaxOf(line));
}

export function taxOf(line: WorkingLine): Exact {
  let total = ZERO;
  for (const tax of line.taxes) total = total.plus(tax.amount);
  return total;
}

function totalsOf(lines: WorkingLine[]): InvoiceTotals {
  let amount = ZERO;
  let discount = ZERO;
  let net = ZERO;
  let tax = ZERO;
  for (const line of lines) {
    amount = amount.plus(line.amount);
    discount = discount.plus(discountOf(line));
    net = net.plus(netOf(line));
    tax = tax.plus(taxOf(line));
  }
  return { amount, discount, net, tax, total: net.plus(tax) };
}
