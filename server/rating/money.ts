// The one place that knows currency exponents and rounds money. Everything else computes with
// exact numbers (exact.ts) and hands the result here to be rounded, once, at line level.
import { Exact } from './exact';
import type { RoundingMode } from './types';

export { Exact };

export const ZERO = Exact.integer(0);
export const ONE = Exact.integer(1);
export const HUNDRED = Exact.integer(100);
/** One percent: multiplying by it keeps a power-of-ten denominator, dividing by 100 would not. */
export const PERCENT = Exact.ratio(1n, 100n);

/** Canonical decimal string: optional minus, no leading zeros, no exponent, no separators. */
export const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export class DecimalFormatError extends Error {
  constructor(
    readonly path: string,
    readonly value: unknown,
  ) {
    super(`${path}: ${JSON.stringify(value)} is not a decimal string such as "12.50"`);
    this.name = 'DecimalFormatError';
  }
}

/** Parses a decimal string strictly: a number, "1,5", "1e3" or "NaN" is an error, never a guess. */
export function parseDecimal(value: unknown, path: string): Exact {
  const parsed = typeof value === 'string' ? Exact.parse(value) : undefined;
  if (parsed === undefined) throw new DecimalFormatError(path, value);
  return parsed;
}

// ISO 4217 minor units. Currencies absent from the exceptions below have two decimals.
const MINOR_UNIT_EXCEPTIONS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

// Active ISO 4217 codes for money (funds codes with units above; precious metals and testing
// codes such as XAU and XXX are not billing currencies and are left out on purpose).
const ACTIVE_CURRENCIES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN ' +
    'BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ' +
    'ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD ' +
    'JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT ' +
    'MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG ' +
    'QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT ' +
    'TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF ' +
    'XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

export function isKnownCurrency(code: string): boolean {
  return ACTIVE_CURRENCIES.has(code);
}

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`unknown currency "${currency}": expected an active ISO 4217 code such as USD`);
    this.name = 'UnknownCurrencyError';
  }
}

/** Number of decimals of the currency's minor unit: JPY 0, USD 2, BHD 3. */
const MINOR_UNITS = new Map(
  [...ACTIVE_CURRENCIES].map((code) => [code, MINOR_UNIT_EXCEPTIONS[code] ?? 2]),
);

export function minorUnits(currency: string): number {
  const units = MINOR_UNITS.get(currency);
  if (units === undefined) throw new UnknownCurrencyError(currency);
  return units;
}

/** Rounds an exact amount to the currency's minor units. The only rounding of money in the code. */
export function roundMoney(amount: Exact, currency: string, mode: RoundingMode): Exact {
  return amount.toDecimalPlaces(minorUnits(currency), mode);
}

/** Fixed-decimals string of a rounded amount, e.g. "12.50" for USD, "1250" for JPY. */
export function formatMoney(amount: Exact, currency: string): string {
  return amount.toFixed(minorUnits(currency));
}

/** An exact value for an explanation: at most 6 decimals, with "..." when it was cut. */
export function displayDecimal(value: Exact): string {
  return value.decimalPlaces() > 6 ? `${value.toFixed(6)}...` : value.toString();
}

export function sum(values: Iterable<Exact>): Exact {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/**
 * Splits a rounded amount over weights so that the shares are whole minor units and add up to the
 * amount exactly (largest remainder; ties go to the earlier weight).
 */
export function allocate(amount: Exact, weights: Exact[], currency: string): Exact[] {
  const totalWeight = sum(weights);
  if (weights.length === 0) return [];
  if (totalWeight.isZero()) {
    if (!amount.isZero())
      throw new RangeError('cannot share an amount over weights that are all zero');
    return weights.map(() => ZERO);
  }
  const unit = Exact.ratio(1n, 10n ** BigInt(minorUnits(currency)));
  const units = amount.dividedBy(unit);
  const exact = weights.map((weight) => units.times(weight).dividedBy(totalWeight));
  const floors = exact.map((share) => share.toDecimalPlaces(0, 'DOWN'));
  let remaining = units.minus(sum(floors)).toNumber();
  const step = remaining >= 0 ? 1 : -1;
  const order = exact
    .map((share, index) => ({ index, remainder: share.minus(floors[index]!).abs() }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (remaining === 0) break;
    floors[index] = floors[index]!.plus(Exact.integer(step));
    remaining -= step;
  }
  return floors.map((share) => share.times(unit));
}
