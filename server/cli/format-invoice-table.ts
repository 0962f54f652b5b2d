// A rating result as a readable invoice preview: one row per line, each followed by the
// explanation of every amount on it, then totals, taxes, notes and warnings.
import type { RatedLine, RatingResult } from '../rating/types';

const COLUMNS = ['#', 'Description', 'Quantity', 'Amount', 'Discount', 'Net', 'Tax', 'Total'];

export function formatInvoiceTable(result: RatingResult): string {
  const out: string[] = [];
  out.push(
    `Invoice preview for ${result.customerId}, ${result.period.start} to ${result.period.end} (${result.currency})`,
    '',
  );
  const rows = result.lines.map(lineRow);
  const widths = COLUMNS.map((title, column) =>
    Math.min(
      column === 1 ? 48 : 20,
      Math.max(title.length, ...rows.map((row) => row[column]!.length)),
    ),
  );
  out.push(formatRow(COLUMNS, widths), widths.map((width) => '-'.repeat(width)).join('  '));
  result.lines.forEach((line, index) => {
    out.push(formatRow(rows[index]!, widths));
    if (coversPartOfPeriod(line, result)) {
      out.push(`      service: ${invoiceDate(line.periodStart)} to ${invoiceDate(line.periodEnd)}`);
    }
    for (const step of line.trace) out.push(`      ${step.step}: ${step.explanation}`);
  });
  out.push('');
  const totals = result.totals;
  const labelWidth = 12;
  for (const [label, value] of [
    ['Amount', totals.amount],
    ['Discounts', negate(totals.discount)],
    ['Net', totals.net],
    ['Tax', totals.tax],
    ['Total', totals.total],
  ] as const) {
    out.push(`${label.padEnd(labelWidth)}${value.padStart(16)} ${result.currency}`);
  }
  if (result.taxSummary.length > 0) {
    out.push('', 'Taxes');
    for (const tax of result.taxSummary) {
      out.push(`  ${tax.name} (${tax.jurisdiction}) ${tax.rate}% of ${tax.base}: ${tax.amount}`);
    }
  }
  if (result.notes.length > 0) out.push('', 'Notes', ...result.notes.map((note) => `  ${note}`));
  if (result.warnings.length > 0) {
    out.push('', 'Warnings', ...result.warnings.map((warning) => `  ${warning}`));
  }
  out.push('', `Policies: ${result.policies.map((p) => `${p.key} v${p.version}`).join(', ')}`);
  return out.join('\n');
}

/** A subscription charge for part of the billing period (a start, an end or a change inside it). */
function coversPartOfPeriod(line: RatedLine, result: RatingResult): boolean {
  if (line.kind !== 'recurring' && line.kind !== 'proration_credit') return false;
  const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  return !same(line.periodStart, result.period.start) || !same(line.periodEnd, result.period.end);
}

/** The day alone when an instant is midnight UTC. */
function invoiceDate(instant: string): string {
  return instant.endsWith('T00:00:00Z') ? instant.slice(0, 10) : instant;
}

function negate(amount: string): string {
  if (/^-?0(\.0+)?$/.test(amount)) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

function lineRow(line: RatedLine): string[] {
  return [
    line.id,
    line.description,
    line.quantity,
    line.amount,
    negate(line.discountAmount),
    line.netAmount,
    line.taxAmount,
    line.total,
  ];
}

function formatRow(cells: string[], widths: number[]): string {
  return cells
    .map((cell, column) => {
      const width = widths[column]!;
      const text = cell.length > width ? `${cell.slice(0, width - 1)}~` : cell;
      return column <= 1 ? text.padEnd(width) : text.padStart(width);
    })
    .join('  ')
    .trimEnd();
}
