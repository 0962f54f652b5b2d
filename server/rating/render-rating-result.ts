// A priced invoice as the JSON document of rating-result.schema.json: amounts as decimal strings
// with the currency's minor units, and every line's trace rendered into numbers and sentences.
import { formatMoney, type Exact } from './money';
import { discountOf, netOf, taxOf, type PricedInvoice } from './price-invoice';
import { describeLine, traceOf } from './render-trace';
import { toInstant } from './time';
import type { PolicyRef, RatedLine, RatingResult, TraceStep } from './types';
import type { WorkingLine } from './working-line';

export function renderRatingResult(invoice: PricedInvoice): RatingResult {
  const { request, currency, totals } = invoice;
  const money = (value: Exact) => formatMoney(value, currency);
  const lines = invoice.lines.map((line) => renderLine(line, currency, money));
  return {
    customerId: request.customer.id,
    currency,
    period: request.period,
    asOf: request.asOf ?? request.period.end,
    lines,
    totals: {
      amount: money(totals.amount),
      discount: money(totals.discount),
      net: money(totals.net),
      tax: money(totals.tax),
      total: money(totals.total),
    },
    taxSummary: taxSummary(invoice.lines, money),
    notes: invoice.notes,
    warnings: invoice.warnings,
    policies: policiesUsed(lines.flatMap((line) => line.trace)),
  };
}

function renderLine(
  line: WorkingLine,
  currency: string,
  money: (value: Exact) => string,
): RatedLine {
  const charge = line.charge;
  return {
    id: line.id,
    kind: line.kind,
    description: describeLine(line),
    ...(charge?.product !== undefined && { product: charge.product }),
    ...(charge?.meter !== undefined && { meter: charge.meter }),
    ...(charge?.subscription !== undefined && { subscriptionId: charge.subscription.id }),
    ...(charge?.dimensions !== undefined && { dimensions: charge.dimensions }),
    quantity: line.quantity.toString(),
    periodStart: toInstant(line.start),
    periodEnd: toInstant(line.end),
    amount: money(line.amount),
    discounts: line.discounts.map(({ label, amount, policy, rule }) => ({
      label,
      amount: money(amount),
      policy,
      rule,
    })),
    discountAmount: money(discountOf(line)),
    netAmount: money(netOf(line)),
    taxes: line.taxes.map(
      ({ name, jurisdiction, rate, inclusive, amount, policy, rule, note }) => ({
        name,
        jurisdiction,
        rate: rate.toString(),
        inclusive,
        amount: money(amount),
        policy,
        rule,
        ...(note !== undefined && { note }),
      }),
    ),
    taxAmount: money(taxOf(line)),
    total: money(netOf(line).plus(taxOf(line))),
    trace: traceOf(line, currency),
  };
}

function taxSummary(
  lines: WorkingLine[],
  money: (value: Exact) => string,
): RatingResult['taxSummary'] {
  const rows = new Map<
    string,
    { name: string; jurisdiction: string; rate: string; base: Exact; amount: Exact }
  >();
  for (const line of lines) {
    const net = netOf(line);
    for (const tax of line.taxes) {
      // A tax not charged (exempt, reverse charge, exempt customer) is summed at rate 0, apart
      // from the same tax charged on other lines.
      const rate = tax.note === undefined ? tax.rate.toString() : '0';
      const key = `${tax.name}|${tax.jurisdiction}|${rate}`;
      const row = rows.get(key);
      if (row) {
        row.base = row.base.plus(net);
        row.amount = row.amount.plus(tax.amount);
      } else {
        const { name, jurisdiction } = tax;
        rows.set(key, {
          name,
          jurisdiction,
          rate,
          base: net,
          amount: tax.amount,
        });
      }
    }
  }
  return [...rows.values()].map((row) => ({
    ...row,
    base: money(row.base),
    amount: money(row.amount),
  }));
}

function policiesUsed(steps: TraceStep[]): PolicyRef[] {
  const used = new Map<string, PolicyRef>();
  for (const { policy } of steps) if (policy) used.set(`${policy.key}@${policy.version}`, policy);
  return [...used.values()].sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
}
