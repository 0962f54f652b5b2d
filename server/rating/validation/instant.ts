// Instants in documents: a date `2026-03-01` (midnight UTC) or an RFC 3339 date-time with `Z` or an
// offset. The schema pattern checks the shape; this module checks the calendar and gives the time.

const INSTANT =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:Z|([+-])([0-9]{2}):([0-9]{2})))?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Milliseconds since the epoch, or undefined when the text is not a real instant (wrong shape,
 * 2026-02-30, 24:00:00, a leap second). Sub-millisecond digits are ignored.
 */
export function parseInstant(text: string): number | undefined {
  // A request repeats the same few dates across thousands of usage records, and the schema's
  // format check and the semantic checks both ask: remember the answers.
  if (parsed.has(text)) return parsed.get(text);
  const millis = parseUncached(text);
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(text, millis);
  return millis;
}

const MAX_REMEMBERED = 50_000;
const parsed = new Map<string, number | undefined>();

function parseUncached(text: string): number | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] =
    match.map((part) => part ?? '');
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const oh = Number(offsetHours);
  const om = Number(offsetMinutes);
  if (oh > 23 || om > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0);
  const offsetMs = (oh * 60 + om) * 60_000 * (sign === '-' ? -1 : 1);
  return date.getTime() - offsetMs;
}

export function isValidInstant(text: string): boolean {
  return parseInstant(text) !== undefined;
}
