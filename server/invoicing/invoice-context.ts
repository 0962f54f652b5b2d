// The context an invoice template renders (rules/schemas/template-context.schema.json
// #/$defs/invoiceContext), from a finalized invoice, the seller settings and the meters' units.
// Pure: the same invoice always gives the same context, so its PDF can be printed again.
import type { RatedLine } from '../rating/types';
import type { InvoiceRecord } from './invoice-records';
import type { SellerSettings } from './seller-settings';

const MS_PER_DAY = 86_400_000;

function day(instant: string): string {
  return instant.slice(0, 10);
}

/** Zero with the decimals of the amount: "0.00" beside "1654.15", "0" beside a yen "1654". */
function zeroLike(amount: string): string {
  const decimals = amount.split('.')[1]?.length ?? 0;
  return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

/** The price per unit when the line was priced per unit; null for tiers, packages, flat fees. */
function unitPriceOf(line: RatedLine): string | null {
  const price = line.trace.find((step) => step.step === 'price');
  const unitPrice = price?.inputs.unitPrice;
  return price?.model === 'per_unit' && typeof unitPrice === 'string' ? unitPrice : null;
}

export function invoiceContext(options: {
  invoice: InvoiceRecord;
  settings: SellerSettings;
  /** Units by meter id, such as { vm_hours: "hour" }. */
  units: ReadonlyMap<string, string>;
}) {
  const { invoice, settings, units } = options;
  if (invoice.number === undefined || invoice.finalizedAt === undefined) {
    throw new Error(`invoice ${invoice._id} is not finalized: only issued invoices are printed`);
  }
  const { rating, customer } = invoice;
  const issued = Date.parse(invoice.finalizedAt);
  const due = new Date(issued + settings.paymentTermsDays * MS_PER_DAY).toISOString();
  return {
    locale: customer.billing.locale ?? 'en-US',
    seller: settings.seller,
    customer: {
      id: invoice.customerId,
      name: customer.name,
      email: customer.billing.email,
      taxId: customer.taxId,
      billingAddress: customer.billing.address,
    },
    invoice: {
      number: invoice.number,
      issueDate: day(invoice.finalizedAt),
      dueDate: day(due),
      period: { start: day(invoice.periodStart), end: day(invoice.periodEnd) },
      currency: invoice.currency,
      purchaseOrder: null,
      paymentTerms:
        settings.paymentTermsDays === 0 ? 'Due on receipt' : `Net ${settings.paymentTermsDays}`,
      amountPaid: zeroLike(rating.totals.total),
      amountDue: rating.totals.total,
      payUrl: null,
    },
    lines: rating.lines.map((line) => ({
      description: line.description,
      period:
        line.kind === 'one_time'
          ? null
          : { start: day(line.periodStart), end: day(line.periodEnd) },
      quantity: line.quantity,
      unit: (line.meter !== undefined && units.get(line.meter)) || null,
      unitPrice: unitPriceOf(line),
      amount: line.amount,
      discounts: line.discounts.map(({ label, amount }) => ({ label, amount })),
      net: line.netAmount,
      taxes: line.taxes.map(({ name, rate, amount }) => ({ name, rate, amount })),
      total: line.total,
    })),
    taxSummary: rating.taxSummary.map(({ name, rate, base, amount }) => ({
      name,
      rate,
      taxable: base,
      amount,
    })),
    totals: rating.totals,
    notes: rating.notes,
  };
}
