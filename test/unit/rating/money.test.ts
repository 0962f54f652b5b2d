// The money module: ISO 4217 minor units, the one rounding of money, strict decimal parsing and
// the allocation of a rounded amount in whole minor units. Every expectation is worked by hand.
import { describe, expect, it } from 'vitest';
import {
  allocate,
  DecimalFormatError,
  formatMoney,
  isKnownCurrency,
  minorUnits,
  parseDecimal,
  roundMoney,
  UnknownCurrencyError,
} from '../../../server/rating/money';
import { errorOf, minorUnitsOf } from './builders';

const decimal = (text: string) => parseDecimal(text, 'value');

describe('minorUnits', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['USD', 2],
    ['EUR', 2],
    ['BHD', 3],
    ['KWD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('%s has %i decimals', (currency, decimals) => {
    expect(minorUnits(currency)).toBe(decimals);
  });

  it.each(['XXX', 'XAU', 'usd', 'EURO', ''])('rejects %j as unknown', (currency) => {
    const error = errorOf(() => minorUnits(currency));
    expect(error).toBeInstanceOf(UnknownCurrencyError);
    expect((error as Error).message).toBe(
      `unknown currency "${currency}": expected an active ISO 4217 code such as USD`,
    );
  });

  it.each([
    ['USD', true],
    ['CLF', true],
    ['XXX', false], // the testing code is not a billing currency
    ['XAU', false], // nor is gold
    ['usd', false], // codes are capitals
  ])('isKnownCurrency(%j) is %s', (currency, known) => {
    expect(isKnownCurrency(currency)).toBe(known);
  });
});

describe('roundMoney', () => {
  it.each([
    // value, currency, HALF_UP (ties away from zero), HALF_EVEN (ties to the even neighbour)
    ['2.345', 'USD', '2.35', '2.34'], // tie between 2.34 and 2.35; 4 is even
    ['2.355', 'USD', '2.36', '2.36'], // tie between 2.35 and 2.36; 6 is even
    ['-2.345', 'USD', '-2.35', '-2.34'], // ties of negative amounts mirror the positive ones
    ['-2.355', 'USD', '-2.36', '-2.36'],
    ['2.3449', 'USD', '2.34', '2.34'], // below the tie
    ['2.3451', 'USD', '2.35', '2.35'], // above the tie
    ['0.125', 'USD', '0.13', '0.12'], // tie; 2 is even
    ['-0.004', 'USD', '0.00', '0.00'], // a rounded-away negative is zero, not "-0.00"
    ['0.125', 'JPY', '0', '0'], // no decimals: 0.125 is below half a yen
    ['0.5', 'JPY', '1', '0'], // tie; 0 is even
    ['1.5', 'JPY', '2', '2'], // tie; 2 is even
    ['2.5', 'JPY', '3', '2'], // tie; 2 is even
    ['-2.5', 'JPY', '-3', '-2'],
    ['-0.5', 'JPY', '-1', '0'], // HALF_EVEN gives zero, written without a sign
    ['1.2345', 'BHD', '1.235', '1.234'], // three decimals; 4 is even
    ['1.2355', 'BHD', '1.236', '1.236'],
    ['0.00005', 'CLF', '0.0001', '0.0000'], // four decimals; 0 is even
    ['0.00015', 'CLF', '0.0002', '0.0002'],
    ['12.5', 'USD', '12.50', '12.50'], // nothing to round
  ])('%s %s rounds to %s HALF_UP and %s HALF_EVEN', (value, currency, halfUp, halfEven) => {
    expect(formatMoney(roundMoney(decimal(value), currency, 'HALF_UP'), currency)).toBe(halfUp);
    expect(formatMoney(roundMoney(decimal(value), currency, 'HALF_EVEN'), currency)).toBe(halfEven);
  });

  it('rejects an unknown currency', () => {
    expect(() => roundMoney(decimal('1.005'), 'XXX', 'HALF_UP')).toThrow(UnknownCurrencyError);
  });
});

describe('formatMoney', () => {
  it.each([
    ['12.5', 'USD', '12.50'],
    ['-3', 'USD', '-3.00'],
    ['1250', 'JPY', '1250'],
    ['1.5', 'BHD', '1.500'],
    ['2', 'CLF', '2.0000'],
    ['0', 'EUR', '0.00'],
  ])('writes %s %s as %s', (value, currency, expected) => {
    expect(formatMoney(decimal(value), currency)).toBe(expected);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['0', '0'],
    ['12.50', '12.5'],
    ['-3', '-3'],
    ['0.042', '0.042'],
    ['-0.5', '-0.5'],
  ])('reads %j as %s', (text, expected) => {
    expect(decimal(text).toString()).toBe(expected);
  });

  it.each<[unknown, string]>([
    [1.5, 'q: 1.5 is not a decimal string such as "12.50"'], // a JSON number could lose precision
    ['1,5', 'q: "1,5" is not a decimal string such as "12.50"'], // decimal comma
    ['1e3', 'q: "1e3" is not a decimal string such as "12.50"'], // exponent
    ['NaN', 'q: "NaN" is not a decimal string such as "12.50"'],
    ['Infinity', 'q: "Infinity" is not a decimal string such as "12.50"'],
    ['', 'q: "" is not a decimal string such as "12.50"'],
    [' 1', 'q: " 1" is not a decimal string such as "12.50"'], // whitespace
    ['01', 'q: "01" is not a decimal string such as "12.50"'], // leading zero
    ['1.', 'q: "1." is not a decimal string such as "12.50"'],
    ['.5', 'q: ".5" is not a decimal string such as "12.50"'],
    ['+1', 'q: "+1" is not a decimal string such as "12.50"'],
    ['1 000', 'q: "1 000" is not a decimal string such as "12.50"'], // thousands separator
    [null, 'q: null is not a decimal string such as "12.50"'],
  ])('rejects %j', (value, message) => {
    const error = errorOf(() => parseDecimal(value, 'q'));
    expect(error).toBeInstanceOf(DecimalFormatError);
    expect((error as DecimalFormatError).message).toBe(message);
    expect((error as DecimalFormatError).path).toBe('q');
  });
});

describe('allocate', () => {
  it.each<[string, string, string[], string[]]>([
    // 10000 cents / 3 = 3333.33 each; floors 3 x 3333 = 9999; the last cent to the earliest tie
    ['100.00', 'USD', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
    // 7 cents x 1/10, 3/10, 6/10 = 0.7, 2.1, 4.2; floors 0 + 2 + 4 = 6; largest remainder 0.7
    ['0.07', 'USD', ['1', '3', '6'], ['0.01', '0.02', '0.04']],
    // 5 cents / 3 = 1.67 each; floors 3; two cents left go to the first two
    ['0.05', 'USD', ['1', '1', '1'], ['0.02', '0.02', '0.01']],
    // 1000 cents x 2/3, 1/3 = 666.67, 333.33; the cent left goes to remainder 0.67
    ['10.00', 'USD', ['20', '10'], ['6.67', '3.33']],
    // 100 cents x 0.333, 0.333, 0.334 = 33.3, 33.3, 33.4; the cent left goes to remainder 0.4
    ['1.00', 'USD', ['0.333', '0.333', '0.334'], ['0.33', '0.33', '0.34']],
    // 10 yen / 3 = 3.33 each: 4, 3, 3
    ['10', 'JPY', ['1', '1', '1'], ['4', '3', '3']],
    // 1000 fils x 3/10, 7/10: exact
    ['1.000', 'BHD', ['3', '7'], ['0.300', '0.700']],
    // -10 cents / 3 = -3.33 each; towards zero -3 each; the cent left (-1) to the first
    ['-0.10', 'USD', ['1', '1', '1'], ['-0.04', '-0.03', '-0.03']],
    // one cent for two equal weights: the earlier gets it
    ['0.01', 'USD', ['1', '1'], ['0.01', '0.00']],
    // a zero weight gets nothing: 500 cents x 0/5, 5/5
    ['5.00', 'USD', ['0', '5'], ['0.00', '5.00']],
  ])('splits %s %s over %j as %j', (amount, currency, weights, expected) => {
    const shares = allocate(decimal(amount), weights.map(decimal), currency).map((share) =>
      formatMoney(share, currency),
    );
    expect(shares).toEqual(expected);
    const total = shares.reduce((sum, share) => sum + minorUnitsOf(share), 0n);
    expect(total).toBe(minorUnitsOf(amount));
  });

  it('splits over no weights into nothing', () => {
    expect(allocate(decimal('5.00'), [], 'USD')).toEqual([]);
  });

  it('refuses to share an amount over weights that are all zero (no proportion to follow)', () => {
    expect(() => allocate(decimal('5.00'), [decimal('0'), decimal('0')], 'USD')).toThrow(
      'cannot share an amount over weights that are all zero',
    );
  });

  it('shares nothing over weights that are all zero into zeros', () => {
    const shares = allocate(decimal('0.00'), [decimal('0'), decimal('0')], 'USD');
    expect(shares.map((share) => formatMoney(share, 'USD'))).toEqual(['0.00', '0.00']);
  });
});
