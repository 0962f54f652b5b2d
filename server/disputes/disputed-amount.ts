// What a dispute disputes, in money: the lines named (each for part or all of its total), or an
// amount of the document, or, with neither, its whole total. Pure: amounts are decimal strings in
// the document's currency, exact, never more than what was billed.
import type { InvoiceRecord } from '../invoicing/invoice-records';
import { Exact, minorUnits, sum } from '../rating/money';
import type { ValidationIssue } from '../rating/validation';
import type { DisputedLine } from './dispute-records';

export interface DisputedLineInput {
  lineId?: unknown;
  amount?: unknown;
}

export type DisputedAmount =
  { ok: true; lines: DisputedLine[]; amount: string } | { ok: false; issues: ValidationIssue[] };

export function disputedAmount(
  invoice: Pick<InvoiceRecord, 'currency' | 'rating'>,
  lines: readonly DisputedLineInput[] | undefined,
  amount: unknown,
): DisputedAmount {
  const issues: ValidationIssue[] = [];
  const digits = minorUnits(invoice.currency);
  const money = (value: unknown, path: string, atMost: Exact, of: string): Exact | undefined => {
    const parsed = typeof value === 'string' ? Exact.parse(value) : undefined;
    if (parsed === undefined || ((value as string).split('.')[1]?.length ?? 0) > digits) {
      issues.push({
        path,
        message: `must be a decimal string with at most ${digits} decimals, such as "${Exact.integer(12).toFixed(digits)}"`,
      });
      return undefined;
    }
    if (!parsed.isPositive() || parsed.greaterThan(atMost)) {
      issues.push({
        path,
        message: `must be more than 0 and at most ${of} (${atMost.toFixed(digits)} ${invoice.currency})`,
      });
      return undefined;
    }
    return parsed;
  };
  const byId = new Map(invoice.rating.lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  const disputed: { lineId: string; amount: Exact }[] = [];
  (lines ?? []).forEach((input, index) => {
    const path = `$.lines[${index}]`;
    const line = typeof input.lineId === 'string' ? byId.get(input.lineId) : undefined;
    if (line === undefined || seen.has(line.id)) {
      issues.push({
        path: `${path}.lineId`,
        message:
          line === undefined
            ? `is not a line of this invoice (${[...byId.keys()].join(', ')})`
            : 'names a line already disputed above',
      });
      return;
    }
    seen.add(line.id);
    const total = Exact.parse(line.total)!;
    if (!total.isPositive()) {
      issues.push({ path: `${path}.lineId`, message: 'is a line that bills nothing to dispute' });
      return;
    }
    const value =
      input.amount === undefined
        ? total
        : money(input.amount, `${path}.amount`, total, 'the line’s total');
    if (value !== undefined) disputed.push({ lineId: line.id, amount: value });
  });
  const invoiceTotal = Exact.parse(invoice.rating.totals.total)!;
  const given =
    amount === undefined
      ? undefined
      : money(amount, '$.amount', invoiceTotal, 'the invoice’s total');
  if (issues.length > 0) return { ok: false, issues };
  const linesSum = sum(disputed.map((line) => line.amount));
  if (given !== undefined && disputed.length > 0 && !given.equals(linesSum)) {
    return {
      ok: false,
      issues: [
        {
          path: '$.amount',
          message: `must be the sum of the disputed lines (${linesSum.toFixed(digits)}), or left out`,
        },
      ],
    };
  }
  const total = given ?? (disputed.length > 0 ? linesSum : invoiceTotal);
  if (!total.isPositive()) {
    return {
      ok: false,
      issues: [{ path: '$', message: 'this document bills nothing that could be disputed' }],
    };
  }
  return {
    ok: true,
    lines: disputed.map((line) => ({ lineId: line.lineId, amount: line.amount.toFixed(digits) })),
    amount: total.toFixed(digits),
  };
}
