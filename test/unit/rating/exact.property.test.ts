// decimal.js is the reference for the exact arithmetic of money: on random decimal strings, every
// operation the rating core uses, followed by rounding to 0-4 decimals under both rounding modes,
// must give the same digits as decimal.js computing with 200 significant digits.
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact, type RoundingRule } from '../../../server/rating/exact';

const Reference = DecimalJs.clone({ precision: 200 });

const ROUNDING: Record<'HALF_UP' | 'HALF_EVEN', DecimalJs.Rounding> = {
  HALF_UP: DecimalJs.ROUND_HALF_UP,
  HALF_EVEN: DecimalJs.ROUND_HALF_EVEN,
};

/** Canonical decimal strings, biased towards ties such as 2.345 and 0.5. */
const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 12n }),
    fc.integer({ min: 0, max: 6 }),
    fc.constantFrom('', '5', '25', '50'),
  )
  .map(([negative, units, scale, tail]) => {
    const digits = `${units}${tail}`.padStart(scale + tail.length + 1, '0');
    const cut = digits.length - scale - tail.length;
    const whole = digits.slice(0, cut).replace(/^0+(?=\d)/, '');
    const fraction = digits.slice(cut);
    const text = fraction === '' ? whole : `${whole}.${fraction}`;
    return negative && /[1-9]/.test(text) ? `-${text}` : text;
  });

const operation = fc.constantFrom('plus', 'minus', 'times', 'dividedBy') as fc.Arbitrary<
  'plus' | 'minus' | 'times' | 'dividedBy'
>;
const places = fc.integer({ min: 0, max: 4 });
const mode = fc.constantFrom('HALF_UP', 'HALF_EVEN') as fc.Arbitrary<'HALF_UP' | 'HALF_EVEN'>;

function parse(text: string): Exact {
  const value = Exact.parse(text);
  if (value === undefined) throw new Error(`generator made a non-canonical decimal: ${text}`);
  return value;
}

describe('Exact against decimal.js', () => {
  it('parses and prints every canonical decimal string as decimal.js does', () => {
    fc.assert(
      fc.property(decimalString, (text) => {
        expect(parse(text).toString()).toBe(new Reference(text).toFixed());
      }),
      { numRuns: 3000 },
    );
  });

  it('prints every exact sum, difference and product as decimal.js does', () => {
    const exactOperation = fc.constantFrom('plus', 'minus', 'times') as fc.Arbitrary<
      'plus' | 'minus' | 'times'
    >;
    fc.assert(
      fc.property(decimalString, decimalString, exactOperation, (a, b, op) => {
        const reference = new Reference(a)[op](new Reference(b));
        expect(parse(a)[op](parse(b)).toString()).toBe(reference.toFixed());
        expect(parse(a)[op](parse(b)).toFixed(3)).toBe(
          reference.toDecimalPlaces(3, ROUNDING.HALF_UP).toFixed(3),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same rounded result for +, -, x and / under HALF_UP and HALF_EVEN', () => {
    let ties = 0;
    fc.assert(
      fc.property(decimalString, decimalString, operation, places, mode, (a, b, op, dp, rule) => {
        fc.pre(op !== 'dividedBy' || !new Reference(b).isZero());
        const result = parse(a)[op](parse(b));
        const ours = result.toDecimalPlaces(dp, rule as RoundingRule);
        const exact = new Reference(a)[op](new Reference(b));
        const reference = exact.toDecimalPlaces(dp, ROUNDING[rule]);
        if (
          exact
            .times(new Reference(10).pow(dp + 1))
            .mod(10)
            .abs()
            .equals(5)
        )
          ties++;
        expect(ours.toFixed(dp)).toBe(reference.toFixed(dp));
      }),
      { numRuns: 20000 },
    );
    // Ties are where the two rounding modes differ: the generator must produce them.
    expect(ties).toBeGreaterThan(200);
  });

  it('orders values as decimal.js does', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        expect(parse(a).comparedTo(parse(b))).toBe(new Reference(a).comparedTo(new Reference(b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds up to whole packages as decimal.js ceil does', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        fc.pre(!new Reference(b).isZero());
        const ours = parse(a).dividedBy(parse(b)).ceil();
        expect(ours.toString()).toBe(new Reference(a).dividedBy(new Reference(b)).ceil().toFixed());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Exact', () => {
  it.each([
    ['1', '3', 2, '0.33'],
    ['2', '3', 2, '0.67'],
    ['17', '31', 6, '0.548387'],
    ['1', '8', 2, '0.13'],
  ])('%s / %s to %i places is %s (HALF_UP)', (a, b, dp, expected) => {
    expect(parse(a).dividedBy(parse(b)).toFixed(dp)).toBe(expected);
  });

  it('prints a value whose expansion does not end with 20 decimals', () => {
    expect(parse('1').dividedBy(parse('3')).toString()).toBe('0.33333333333333333333');
  });

  it('refuses to divide by zero', () => {
    expect(() => parse('1').dividedBy(parse('0'))).toThrow('division by zero');
  });

  it.each(['1e3', '1,5', 'NaN', '', ' 1', '01', '-0.', '.5', '+1'])('does not parse %j', (text) => {
    expect(Exact.parse(text)).toBeUndefined();
  });
});
