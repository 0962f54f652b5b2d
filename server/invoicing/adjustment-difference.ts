// What a credit or debit note says: the difference between what a period was billed (its invoice
// plus the notes already issued for it) and what it comes to when rated again (late usage
// counted, a corrected price applied). Lines are matched by what they charge for (kind, product
// or meter, subscription, dimensions, dates), not by their position, which rating renumbers.
// Each difference is exact: both sides are amounts already rounded to the currency.
import { ZERO, formatMoney, parseDecimal, type Exact } from '../rating/money';
import type { LineTax, RatedLine, RatingResult } from '../rating/types';

/** One line's billed and corrected figures, for the explanation. */
export interface LineChange {
  description: string;
  before: LineFigures;
  after: LineFigures;
}

export interface LineFigures {
  quantity: string;
  netAmount: string;
  taxAmount: string;
  total: string;
}

export interface AdjustmentDifference {
  /** Shaped as a rating, with differences for amounts: a credit note's are negative. */
  rating: RatingResult;
  changes: LineChange[];
  /** The period's totals once the note is issued: the corrected rating's. */
  corrected: RatingResult['totals'];
}

const AMOUNTS = ['amount', 'discountAmount', 'netAmount', 'taxAmount', 'total'] as const;

type Figures = Record<(typeof AMOUNTS)[number] | 'quantity', Exact>;

interface Accumulated {
  line: RatedLine;
  figures: Figures;
  taxes: Map<string, { tax: LineTax; amount: Exact }>;
}

/** What a line charges for: the same key before and after re-rating. */
export function lineKey(line: RatedLine): string {
  const dimensions = Object.entries(line.dimensions ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([
    line.kind,
    line.product ?? null,
    line.meter ?? null,
    line.subscriptionId ?? null,
    dimensions,
    line.periodStart,
    line.periodEnd,
  ]);
}

function taxKey(tax: { name: string; jurisdiction: string; rate: string }): string {
  return JSON.stringify([tax.name, tax.jurisdiction, tax.rate]);
}

function exact(value: string, path: string): Exact {
  return parseDecimal(value, path);
}

function zeroFigures(): Figures {
  return {
    quantity: ZERO,
    amount: ZERO,
    discountAmount: ZERO,
    netAmount: ZERO,
    taxAmount: ZERO,
    total: ZERO,
  };
}

/** Lines by key, summed over the documents (a key twice in one document is added up too). */
function accumulate(documents: readonly RatingResult[]): Map<string, Accumulated> {
  const byKey = new Map<string, Accumulated>();
  for (const document of documents) {
    for (const line of document.lines) {
      const key = lineKey(line);
      const entry = byKey.get(key) ?? { line, figures: zeroFigures(), taxes: new Map() };
      entry.figures.quantity = entry.figures.quantity.plus(exact(line.quantity, 'quantity'));
      for (const name of AMOUNTS) {
        entry.figures[name] = entry.figures[name].plus(exact(line[name], name));
      }
      for (const tax of line.taxes) {
        const held = entry.taxes.get(taxKey(tax)) ?? { tax, amount: ZERO };
        held.amount = held.amount.plus(exact(tax.amount, 'tax'));
        entry.taxes.set(taxKey(tax), held);
      }
      byKey.set(key, entry);
    }
  }
  return byKey;
}

function figuresOf(entry: Accumulated | undefined, currency: string): LineFigures {
  const figures = entry?.figures ?? zeroFigures();
  return {
    quantity: figures.quantity.toString(),
    netAmount: formatMoney(figures.netAmount, currency),
    taxAmount: formatMoney(figures.taxAmount, currency),
    total: formatMoney(figures.total, currency),
  };
}

function differenceLine(
  number: number,
  before: Accumulated | undefined,
  after: Accumulated | undefined,
  currency: string,
): RatedLine | undefined {
  const template = (after ?? before)!.line;
  const was = before?.figures ?? zeroFigures();
  const is = after?.figures ?? zeroFigures();
  if (AMOUNTS.every((name) => is[name].equals(was[name]))) return undefined;
  const money = (name: (typeof AMOUNTS)[number]) =>
    formatMoney(is[name].minus(was[name]), currency);
  const taxes: LineTax[] = [];
  for (const key of new Set([...(before?.taxes.keys() ?? []), ...(after?.taxes.keys() ?? [])])) {
    const old = before?.taxes.get(key);
    const current = after?.taxes.get(key);
    const amount = (current?.amount ?? ZERO).minus(old?.amount ?? ZERO);
    if (!amount.isZero())
      taxes.push({ ...(current ?? old)!.tax, amount: formatMoney(amount, currency) });
  }
  return {
    id: `L${number}`,
    kind: template.kind,
    description: template.description,
    ...(template.product !== undefined && { product: template.product }),
    ...(template.meter !== undefined && { meter: template.meter }),
    ...(template.subscriptionId !== undefined && { subscriptionId: template.subscriptionId }),
    ...(template.dimensions !== undefined && { dimensions: template.dimensions }),
    quantity: is.quantity.minus(was.quantity).toString(),
    periodStart: template.periodStart,
    periodEnd: template.periodEnd,
    amount: money('amount'),
    discounts: [],
    discountAmount: money('discountAmount'),
    netAmount: money('netAmount'),
    taxes,
    taxAmount: money('taxAmount'),
    total: money('total'),
    // How the corrected amount is worked out; a line no longer charged has none.
    trace: after?.line.trace ?? [],
  };
}

function taxSummaryDifference(
  billed: readonly RatingResult[],
  corrected: RatingResult,
  currency: string,
): RatingResult['taxSummary'] {
  const rows = new Map<
    string,
    { row: RatingResult['taxSummary'][number]; base: Exact; amount: Exact }
  >();
  const add = (row: RatingResult['taxSummary'][number], sign: 1 | -1) => {
    const entry = rows.get(taxKey(row)) ?? {
      row,
      base: ZERO,
      amount: ZERO,
    };
    const base = exact(row.base, 'base');
    const amount = exact(row.amount, 'amount');
    entry.base = sign === 1 ? entry.base.plus(base) : entry.base.minus(base);
    entry.amount = sign === 1 ? entry.amount.plus(amount) : entry.amount.minus(amount);
    rows.set(taxKey(row), entry);
  };
  for (const document of billed) for (const row of document.taxSummary) add(row, -1);
  for (const row of corrected.taxSummary) add(row, 1);
  return [...rows.values()]
    .filter((entry) => !entry.base.isZero() || !entry.amount.isZero())
    .map(({ row, base, amount }) => ({
      ...row,
      base: formatMoney(base, currency),
      amount: formatMoney(amount, currency),
    }));
}

/**
 * The difference between the corrected rating and what was billed; null when the total and the
 * tax of each rate are what was billed: usage that stayed within free units changes quantities
 * only, and late usage under a commitment moves amounts from the true-up to the usage line, at
 * the same tax. Neither changes what the customer owes or what was declared, so neither is a note.
 */
export function adjustmentDifference(
  billed: readonly RatingResult[],
  corrected: RatingResult,
): AdjustmentDifference | null {
  const currency = corrected.currency;
  const before = accumulate(billed);
  const after = accumulate([corrected]);
  const lines: RatedLine[] = [];
  const changes: LineChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const line = differenceLine(lines.length + 1, before.get(key), after.get(key), currency);
    if (line === undefined) continue;
    lines.push(line);
    changes.push({
      description: line.description,
      before: figuresOf(before.get(key), currency),
      after: figuresOf(after.get(key), currency),
    });
  }
  const taxSummary = taxSummaryDifference(billed, corrected, currency);
  const owed = lines.reduce((sum, line) => sum.plus(exact(line.total, 'total')), ZERO);
  if (owed.isZero() && taxSummary.every((row) => exact(row.amount, 'amount').isZero())) return null;
  const total = (field: (typeof AMOUNTS)[number]) =>
    formatMoney(
      lines.reduce((sum, line) => sum.plus(exact(line[field], field)), ZERO),
      currency,
    );
  const totals = {
    amount: total('amount'),
    discount: total('discountAmount'),
    net: total('netAmount'),
    tax: total('taxAmount'),
    total: total('total'),
  };
  return {
    rating: {
      ...corrected,
      lines,
      totals,
      taxSummary,
    },
    changes,
    corrected: corrected.totals,
  };
}
