// Retention keeps entries for whole calendar years; only an entry written strictly before the
// cut-off may be deleted.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_YEARS, purgeableBefore } from '../../../server/audit/purgeable-before';

describe('purgeableBefore', () => {
  // prettier-ignore
  it.each<[string, string, number, string]>([
    ['seven years, same date and time', '2026-03-01T10:15:30.250Z', 7, '2019-03-01T10:15:30.250Z'],
    ['one year', '2026-12-31T23:59:59.999Z', 1, '2025-12-31T23:59:59.999Z'],
    // 2028 is a leap year, 2021 is not: 29 February becomes 28 February (the earlier day keeps more)
    ['from a leap day to a year without one', '2028-02-29T12:00:00.000Z', 7, '2021-02-28T12:00:00.000Z'],
    // 2032 and 2028 are both leap years: the 29th exists
    ['from a leap day to a leap year', '2032-02-29T12:00:00.000Z', 4, '2028-02-29T12:00:00.000Z'],
    ['the day after a leap day', '2028-03-01T00:00:00.000Z', 7, '2021-03-01T00:00:00.000Z'],
    ['to a leap year from 28 February', '2031-02-28T00:00:00.000Z', 3, '2028-02-28T00:00:00.000Z'],
  ])('%s', (_description, now, retentionYears, cutoff) => {
    expect(purgeableBefore({ now: new Date(now), retentionYears })).toBe(cutoff);
  });

  it('keeps seven years by default', () => {
    expect(DEFAULT_RETENTION_YEARS).toBe(7);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a retention of %s years', (retentionYears) => {
    expect(() =>
      purgeableBefore({ now: new Date('2026-03-01T00:00:00Z'), retentionYears }),
    ).toThrow(RangeError);
  });
});
