// The context an invoice template renders (rules/schemas/template-context.schema.json
// #/$defs/invoiceContext), from a finalized invoice, the seller settings and the meters' units.
// Pure: the same invoice always gives the same context, so its PDF can be printed again.
import { formatMoney, parseDecimal } from '../rating/money';
import type { RatedLine, RatingResult } from '../rating/types';
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

function lineContext(line: RatedLine, units: ReadonlyMap<string, string>) {
  return {
    description: line.description,
    period:
      line.kind === 'one_time' ? null : { start: day(line.periodStart), end: day(line.periodEnd) },
    quantity: line.quantity,
    unit: (line.meter !== undefined && units.get(line.meter)) || null,
    unitPrice: unitPriceOf(line),
    amount: line.amount,
    discounts: line.discounts.map(({ label, amount }) => ({ label, amount })),
    net: line.netAmount,
    taxes: line.taxes.map(({ name, rate, amount }) => ({ name, rate, amount })),
    total: line.total,
  };
}

function taxSummaryContext(rating: RatingResult) {
  return rating.taxSummary.map(({ name, rate, base, amount }) => ({
    name,
    rate,
    taxable: base,
    amount,
  }));
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
    lines: rating.lines.map((line) => lineContext(line, units)),
    taxSummary: taxSummaryContext(rating),
    totals: rating.totals,
    notes: [...noteOfDebit(invoice), ...rating.notes],
  };
}

/** A debit note prints as an invoice for the amount due, saying which invoice it adds to. */
function noteOfDebit(invoice: InvoiceRecord): string[] {
  if (invoice.kind !== 'debit_note' || invoice.references === undefined) return [];
  const why = invoice.adjustment?.reasons.join('; ');
  return [
    `Debit note to invoice ${invoice.references.number}${why ? `: ${why}` : ''}. It charges the difference only.`,
  ];
}

/**
 * What the credit-note template renders: the credited amounts as positive numbers (the note
 * stores them as the negative difference), and the invoice it corrects.
 */
export function creditNoteContext(options: {
  note: InvoiceRecord;
  invoice: InvoiceRecord;
  settings: SellerSettings;
  units: ReadonlyMap<string, string>;
}) {
  const { note, invoice, settings, units } = options;
  if (note.number === undefined || note.finalizedAt === undefined) {
    throw new Error(`credit note ${note._id} is not finalized: only issued notes are printed`);
  }
  const base = invoiceContext({ invoice: note, settings, units });
  const credited = negated(note.rating);
  return {
    locale: base.locale,
    seller: base.seller,
    customer: base.customer,
    creditNote: {
      number: note.number,
      issueDate: day(note.finalizedAt),
      currency: note.currency,
      reason: note.adjustment?.reasons.join('; ') || 'Correction',
      invoiceNumber: invoice.number!,
      invoiceDate: day(invoice.finalizedAt!),
    },
    lines: credited.lines.map((line) => lineContext(line, units)),
    taxSummary: taxSummaryContext(credited),
    totals: credited.totals,
    notes: note.rating.notes,
  };
}

/** The rating with every amount and quantity of the other sign. */
function negated(rating: RatingResult): RatingResult {
  const money = (amount: string) =>
    formatMoney(parseDecimal(amount, 'amount').negated(), rating.currency);
  return {
    ...rating,
    lines: rating.lines.map((line) => ({
      ...line,
      quantity: parseDecimal(line.quantity, 'quantity').negated().toString(),
      amount: money(line.amount),
      discounts: line.discounts.map((discount) => ({
        ...discount,
        amount: money(discount.amount),
      })),
      discountAmount: money(line.discountAmount),
      netAmount: money(line.netAmount),
      taxes: line.taxes.map((tax) => ({ ...tax, amount: money(tax.amount) })),
      taxAmount: money(line.taxAmount),
      total: money(line.total),
    })),
    taxSummary: rating.taxSummary.map((row) => ({
      ...row,
      base: money(row.base),
      amount: money(row.amount),
    })),
    totals: {
      amount: money(rating.totals.amount),
      discount: money(rating.totals.discount),
      net: money(rating.totals.net),
      tax: money(rating.totals.tax),
      total: money(rating.totals.total),
    },
  };
}
