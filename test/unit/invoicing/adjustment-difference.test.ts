// The difference a note carries, line by line, worked out by hand on small ratings.
import { describe, expect, it } from 'vitest';
import { adjustmentDifference, lineKey } from '../../../server/invoicing/adjustment-difference';
import { formatMoney, parseDecimal } from '../../../server/rating/money';
import type { RatedLine, RatingResult } from '../../../server/rating/types';

const VAT = { name: 'VAT', jurisdiction: 'DE', rate: '19' };

function line(fields: Partial<RatedLine> & { netAmount: string; taxAmount: string }): RatedLine {
  const total = parseDecimal(fields.netAmount, 'net').plus(parseDecimal(fields.taxAmount, 'tax'));
  return {
    id: 'L1',
    kind: 'usage',
    description: 'Storage',
    meter: 'storage_gb',
    quantity: '1',
    periodStart: '2026-03-01T00:00:00Z',
    periodEnd: '2026-04-01T00:00:00Z',
    amount: fields.netAmount,
    discounts: [],
    discountAmount: '0.00',
    taxes: [
      {
        ...VAT,
        inclusive: false,
        amount: fields.taxAmount,
        policy: { key: 'tax', version: 1 },
        rule: 'vat',
      },
    ],
    total: formatMoney(total, 'EUR'),
    trace: [],
    ...fields,
  };
}

function rating(lines: RatedLine[], tax: { base: string; amount: string }, total: string) {
  return {
    customerId: 'c1',
    currency: 'EUR',
    period: { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z' },
    asOf: '2026-04-02T00:00:00Z',
    lines,
    totals: { amount: tax.base, discount: '0.00', net: tax.base, tax: tax.amount, total },
    taxSummary: [{ ...VAT, ...tax }],
    notes: [],
    warnings: [],
    policies: [],
  } satisfies RatingResult;
}

describe('adjustmentDifference', () => {
  it('matches lines by what they charge for, not by position, and adds what was billed', () => {
    // Billed: 10.00 storage on the invoice, then 2.00 more on a debit note.
    const invoice = rating(
      [line({ quantity: '100', netAmount: '10.00', taxAmount: '1.90' })],
      { base: '10.00', amount: '1.90' },
      '11.90',
    );
    const debit = rating(
      [line({ id: 'L1', quantity: '20', netAmount: '2.00', taxAmount: '0.38' })],
      { base: '2.00', amount: '0.38' },
      '2.38',
    );
    // Corrected: storage 15.00 (line 2 now) and a new support line of 5.00.
    const support = line({
      kind: 'recurring',
      meter: undefined,
      product: 'support',
      description: 'Support',
      netAmount: '5.00',
      taxAmount: '0.95',
    });
    const corrected = rating(
      [
        { ...support, id: 'L1' },
        line({ id: 'L2', quantity: '150', netAmount: '15.00', taxAmount: '2.85' }),
      ],
      { base: '20.00', amount: '3.80' },
      '23.80',
    );
    const difference = adjustmentDifference([invoice, debit], corrected)!;
    // Storage: 15.00 - 12.00 = 3.00 net, 2.85 - 2.28 = 0.57 tax; support: all new.
    expect(
      difference.rating.lines.map((one) => [
        one.description,
        one.quantity,
        one.netAmount,
        one.taxAmount,
        one.total,
      ]),
    ).toEqual([
      ['Storage', '30', '3.00', '0.57', '3.57'],
      ['Support', '1', '5.00', '0.95', '5.95'],
    ]);
    expect(difference.rating.totals).toEqual({
      amount: '8.00',
      discount: '0.00',
      net: '8.00',
      tax: '1.52',
      total: '9.52',
    });
    // 20.00 - 10.00 - 2.00 = 8.00 more taxed, 3.80 - 1.90 - 0.38 = 1.52 more tax.
    expect(difference.rating.taxSummary).toEqual([{ ...VAT, base: '8.00', amount: '1.52' }]);
    expect(difference.changes[0]).toEqual({
      description: 'Storage',
      before: { quantity: '120', netAmount: '12.00', taxAmount: '2.28', total: '14.28' },
      after: { quantity: '150', netAmount: '15.00', taxAmount: '2.85', total: '17.85' },
    });
    expect(difference.corrected.total).toBe('23.80');
  });

  it('credits a line no longer charged in full, with no explanation of a new amount', () => {
    const invoice = rating(
      [line({ netAmount: '10.00', taxAmount: '1.90' })],
      { base: '10.00', amount: '1.90' },
      '11.90',
    );
    const corrected = rating([], { base: '0.00', amount: '0.00' }, '0.00');
    corrected.taxSummary = [];
    const difference = adjustmentDifference([invoice], corrected)!;
    expect(difference.rating.lines).toEqual([
      expect.objectContaining({
        netAmount: '-10.00',
        taxAmount: '-1.90',
        total: '-11.90',
        trace: [],
      }),
    ]);
    expect(difference.rating.lines[0]!.taxes).toEqual([
      expect.objectContaining({ name: 'VAT', amount: '-1.90' }),
    ]);
    expect(difference.rating.totals.total).toBe('-11.90');
  });

  it('is nothing when only quantities change, or amounts move between lines at the same tax', () => {
    const invoice = rating(
      [
        line({ quantity: '100', netAmount: '10.00', taxAmount: '1.90' }),
        line({
          kind: 'true_up',
          meter: undefined,
          description: 'True-up',
          netAmount: '90.00',
          taxAmount: '17.10',
        }),
      ],
      { base: '100.00', amount: '19.00' },
      '119.00',
    );
    const withinFreeUnits = structuredClone(invoice);
    withinFreeUnits.lines[0]!.quantity = '140';
    expect(adjustmentDifference([invoice], withinFreeUnits)).toBeNull();
    // 30.00 more usage, 30.00 less true-up: taxes 5.70 and 11.40, the same 19.00 and 119.00.
    const moved = rating(
      [
        line({ quantity: '400', netAmount: '40.00', taxAmount: '7.60' }),
        line({
          kind: 'true_up',
          meter: undefined,
          description: 'True-up',
          netAmount: '60.00',
          taxAmount: '11.40',
        }),
      ],
      { base: '100.00', amount: '19.00' },
      '119.00',
    );
    expect(adjustmentDifference([invoice], moved)).toBeNull();
  });

  it('keys a line by kind, product or meter, subscription, dimensions in any order, and dates', () => {
    const one = line({ netAmount: '1.00', taxAmount: '0.19', dimensions: { a: '1', b: '2' } });
    const same = { ...one, id: 'L9', dimensions: { b: '2', a: '1' } };
    expect(lineKey(same)).toBe(lineKey(one));
    expect(lineKey({ ...one, periodStart: '2026-03-15T00:00:00Z' })).not.toBe(lineKey(one));
    expect(lineKey({ ...one, subscriptionId: 's1' })).not.toBe(lineKey(one));
  });
});
