// Exact rational numbers over BigInt: the arithmetic of every amount, price, quantity and rate.
//
// A value is numerator / denominator with a positive denominator. Decimal strings parse to a
// power-of-ten denominator; products keep it; only real divisions (proration by days of the month,
// an inclusive tax's share, a promotion window's share) bring others, and nothing is ever cut
// short until money.ts rounds a line amount to the currency. So a tie is a real tie, and no
// precision setting can lose a digit. decimal.js stays the reference: a property test compares
// the two on random values (test/unit/rating/exact.property.test.ts).
//
// Why not decimal.js itself: each of its operations allocates several objects and costs about
// 200 ns here, while BigInt arithmetic on numbers of this size costs a few nanoseconds, and rating
// performs dozens of operations per line.

export type RoundingRule = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP_AWAY';

const DECIMAL_STRING = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const NON_TERMINATING_DIGITS = 20;
const ZERO_DIGIT = '0'.charCodeAt(0);
const DECIMAL_POINT = '.'.charCodeAt(0);

const powersOfTen: bigint[] = [1n];
/** The exponent of each power of ten in powersOfTen: 100n -> 2. */
const exponentsOfTen = new Map<bigint, number>([[1n, 0]]);
function tenTo(exponent: number): bigint {
  for (let next = powersOfTen.length; next <= exponent; next++) {
    const power = powersOfTen[next - 1]! * 10n;
    powersOfTen.push(power);
    exponentsOfTen.set(power, next);
  }
  return powersOfTen[exponent]!;
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  a = absolute(a);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Decimal places of a denominator that divides a power of ten, or -1 if none does. */
function terminatingPlaces(denominator: bigint): number {
  // Most denominators are powers of ten (decimal strings parse to one, products keep one).
  const exponent = exponentsOfTen.get(denominator);
  if (exponent !== undefined) return exponent;
  let twos = 0;
  let fives = 0;
  let rest = denominator;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  return rest === 1n ? Math.max(twos, fives) : -1;
}

export class Exact {
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  /** numerator / denominator, reduced; the denominator must not be zero. */
  static ratio(numerator: bigint, denominator: bigint): Exact {
    if (denominator === 0n) throw new RangeError('division by zero');
    if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
    const divisor = greatestCommonDivisor(numerator, denominator);
    return divisor === 1n
      ? new Exact(numerator, denominator)
      : new Exact(numerator / divisor, denominator / divisor);
  }

  static integer(value: number | bigint): Exact {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`${value} is not a safe integer`);
    }
    return new Exact(BigInt(value), 1n);
  }

  /** Parses a canonical decimal string ("-12.50"); returns undefined for anything else. */
  static parse(text: string): Exact | undefined {
    const match = DECIMAL_STRING.exec(text);
    if (match === null) return undefined;
    const [, sign, whole, fraction = ''] = match;
    const numerator = BigInt(whole! + fraction);
    return new Exact(sign ? -numerator : numerator, tenTo(fraction.length));
  }

  static max(a: Exact, b: Exact): Exact {
    return a.lessThan(b) ? b : a;
  }

  static min(a: Exact, b: Exact): Exact {
    return b.lessThan(a) ? b : a;
  }

  plus(other: Exact): Exact {
    if (this.denominator === other.denominator) {
      return new Exact(this.numerator + other.numerator, this.denominator);
    }
    return this.combine(other, 1n);
  }

  minus(other: Exact): Exact {
    if (this.denominator === other.denominator) {
      return new Exact(this.numerator - other.numerator, this.denominator);
    }
    return this.combine(other, -1n);
  }

  private combine(other: Exact, sign: bigint): Exact {
    // Power-of-ten denominators (the usual case) divide one another: scale the smaller one up.
    if (this.denominator > other.denominator && this.denominator % other.denominator === 0n) {
      const factor = this.denominator / other.denominator;
      return new Exact(this.numerator + sign * other.numerator * factor, this.denominator);
    }
    if (other.denominator % this.denominator === 0n) {
      const factor = other.denominator / this.denominator;
      return new Exact(this.numerator * factor + sign * other.numerator, other.denominator);
    }
    return Exact.ratio(
      this.numerator * other.denominator + sign * other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  times(other: Exact): Exact {
    if (other.denominator === 1n) {
      return new Exact(this.numerator * other.numerator, this.denominator);
    }
    return new Exact(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  dividedBy(other: Exact | number): Exact {
    const divisor = typeof other === 'number' ? Exact.integer(other) : other;
    if (divisor.numerator === 0n) throw new RangeError('division by zero');
    return Exact.ratio(this.numerator * divisor.denominator, this.denominator * divisor.numerator);
  }

  negated(): Exact {
    return new Exact(-this.numerator, this.denominator);
  }

  abs(): Exact {
    return this.numerator < 0n ? this.negated() : this;
  }

  comparedTo(other: Exact): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Exact): boolean {
    return this.comparedTo(other) === 0;
  }

  lessThan(other: Exact): boolean {
    return this.comparedTo(other) < 0;
  }

  lessThanOrEqualTo(other: Exact): boolean {
    return this.comparedTo(other) <= 0;
  }

  greaterThan(other: Exact): boolean {
    return this.comparedTo(other) > 0;
  }

  greaterThanOrEqualTo(other: Exact): boolean {
    return this.comparedTo(other) >= 0;
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  isNegative(): boolean {
    return this.numerator < 0n;
  }

  isPositive(): boolean {
    return this.numerator > 0n;
  }

  /** The smallest integer not below the value: a started package counts whole. */
  ceil(): Exact {
    const quotient = this.numerator / this.denominator;
    const exact = quotient * this.denominator === this.numerator;
    return new Exact(exact || this.numerator < 0n ? quotient : quotient + 1n, 1n);
  }

  /** Rounds to `places` decimals; ties follow `rule` (HALF_UP: away from zero). */
  toDecimalPlaces(places: number, rule: RoundingRule): Exact {
    const scale = tenTo(places);
    if (scale % this.denominator === 0n) return this;
    const scaled = this.numerator * scale;
    let quotient = scaled / this.denominator;
    const remainder = absolute(scaled - quotient * this.denominator);
    if (remainder !== 0n && rule !== 'DOWN') {
      const twice = remainder * 2n;
      const awayFromZero =
        rule === 'UP_AWAY' ||
        twice > this.denominator ||
        (twice === this.denominator && (rule === 'HALF_UP' || quotient % 2n !== 0n));
      if (awayFromZero) quotient += scaled < 0n ? -1n : 1n;
    }
    return new Exact(quotient, scale);
  }

  /** Decimal places of the exact value, or Infinity when its expansion does not end. */
  decimalPlaces(): number {
    const reduced = this.denominator / greatestCommonDivisor(this.numerator, this.denominator);
    const places = terminatingPlaces(reduced);
    return places < 0 ? Infinity : places;
  }

  /** Exactly `places` decimals, rounded HALF_UP if needed: "12.50". */
  toFixed(places: number): string {
    const scale = tenTo(places);
    // The value in units of 10^-places: exact when the denominator divides the scale, else rounded.
    const units =
      this.denominator === scale
        ? this.numerator
        : scale % this.denominator === 0n
          ? this.numerator * (scale / this.denominator)
          : this.toDecimalPlaces(places, 'HALF_UP').numerator;
    const digits = absolute(units)
      .toString()
      .padStart(places + 1, '0');
    const sign = units < 0n ? '-' : '';
    if (places === 0) return `${sign}${digits}`;
    return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }

  /**
   * The shortest decimal string of the value ("0.042", "512"); a value whose expansion does not
   * end is given to 20 decimals.
   */
  toString(): string {
    const places = terminatingPlaces(this.denominator);
    const fixed = this.toFixed(places < 0 ? NON_TERMINATING_DIGITS : places);
    if (places === 0) return fixed;
    // Without trailing zeros, and without the point when no decimal is left.
    let end = fixed.length;
    while (fixed.charCodeAt(end - 1) === ZERO_DIGIT) end--;
    if (fixed.charCodeAt(end - 1) === DECIMAL_POINT) end--;
    return end === fixed.length ? fixed : fixed.slice(0, end);
  }

  toJSON(): string {
    return this.toString();
  }

  /** A JavaScript number, for rule conditions only (they compare, they never compute money). */
  toNumber(): number {
    const numerator = Number(this.numerator);
    const denominator = Number(this.denominator);
    // IEEE division is correctly rounded, so two exactly representable integers give the double
    // nearest the exact value, the same as parsing its decimal string.
    if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
      return numerator / denominator;
    }
    return Number(this.toFixed(NON_TERMINATING_DIGITS));
  }
}
