// Cut-offs worked out by hand on the calendar: a record dated strictly before its cut-off may go.
import { describe, expect, it } from 'vitest';
import {
  daysBefore,
  invoicesFinalizedBefore,
  yearsBefore,
} from '../../../server/retention/retention-period';
import { RETENTION_FLOORS, retentionIssues } from '../../../server/retention/retention-periods';

describe('daysBefore', () => {
  // prettier-ignore
  it.each<[string, string, number, string]>([
    // 2 April minus 30 days: 2 days back to 31 March, 28 more to 3 March
    ['thirty days over the end of March', '2033-04-02T00:00:00.000Z', 30, '2033-03-03T00:00:00.000Z'],
    // 15 March 2028 minus 30: 14 days to 1 March, then 16 days into a February of 29: 14 February
    ['over a leap February', '2028-03-15T06:30:00.000Z', 30, '2028-02-14T06:30:00.000Z'],
    // the same in 2027, whose February has 28 days: 13 February
    ['over a common February', '2027-03-15T06:30:00.000Z', 30, '2027-02-13T06:30:00.000Z'],
    ['one day', '2033-01-01T00:00:00.000Z', 1, '2032-12-31T00:00:00.000Z'],
  ])('%s', (_description, now, days, cutoff) => {
    expect(daysBefore(new Date(now), days).toISOString()).toBe(cutoff);
  });

  it.each([0, -3, 2.5])('refuses %s days', (days) => {
    expect(() => daysBefore(new Date('2033-01-01T00:00:00Z'), days)).toThrow(RangeError);
  });
});

describe('yearsBefore', () => {
  // prettier-ignore
  it.each<[string, string, number, string]>([
    ['five years from 2 April 2033', '2033-04-02T00:00:00.000Z', 5, '2028-04-02T00:00:00.000Z'],
    // 2033 has no 29 February to come from; from 28 February the cut-off is 28 February 2028, so
    // a dispute resolved on 29 February 2028 is still kept: it may go from 1 March 2033
    ['to a leap year from 28 February', '2033-02-28T23:59:59.999Z', 5, '2028-02-28T23:59:59.999Z'],
    ['to a leap year from 1 March', '2033-03-01T00:00:00.000Z', 5, '2028-03-01T00:00:00.000Z'],
  ])('%s', (_description, now, years, cutoff) => {
    expect(yearsBefore(new Date(now), years).toISOString()).toBe(cutoff);
  });
});

describe('invoicesFinalizedBefore (seven years from the end of the year of issue)', () => {
  // The year of issue is the latest calendar date anywhere (UTC+14) at finalization, and it ends
  // when it has ended everywhere: 1 January 12:00 UTC. So the invoices of 2026 (finalized up to
  // 31 December 2026 09:59:59.999 UTC) are kept until 1 January 2034 12:00 UTC inclusive.
  // prettier-ignore
  it.each<[string, string, number, string]>([
    ['on 2 April 2033 only 2025 and before may go', '2033-04-02T00:00:00.000Z', 7, '2025-12-31T10:00:00.000Z'],
    ['on the last instant of 2026’s retention, still only 2025', '2034-01-01T12:00:00.000Z', 7, '2025-12-31T10:00:00.000Z'],
    ['one millisecond later, 2026 may go', '2034-01-01T12:00:00.001Z', 7, '2026-12-31T10:00:00.000Z'],
    ['at midnight UTC on 1 January, 2026 is still running at UTC-12', '2034-01-01T00:00:00.000Z', 7, '2025-12-31T10:00:00.000Z'],
    // 29 February 2036 less seven years is 28 February 2029: the invoices of 2028 may go
    ['from a leap day', '2036-02-29T00:00:00.000Z', 7, '2028-12-31T10:00:00.000Z'],
    // 30 June 2037 less ten years is 30 June 2027, after the end of 2026 everywhere
    ['ten years', '2037-06-30T00:00:00.000Z', 10, '2026-12-31T10:00:00.000Z'],
  ])('%s', (_description, now, years, cutoff) => {
    expect(invoicesFinalizedBefore(new Date(now), years).toISOString()).toBe(cutoff);
  });
});

describe('retentionIssues', () => {
  it('accepts the defaults', () => {
    expect(
      retentionIssues({ invoiceYears: 7, auditLogYears: 7, rawUsageDays: 30, disputeYears: 5 }),
    ).toEqual([]);
  });

  it('names each field below its floor, above its ceiling, missing or not a whole number', () => {
    expect(retentionIssues({ invoiceYears: 5, auditLogYears: 101, rawUsageDays: 0.5 })).toEqual([
      {
        path: '$.invoiceYears',
        message: 'must be a whole number of years from 6 (the legal minimum we keep to) to 100',
      },
      {
        path: '$.auditLogYears',
        message: 'must be a whole number of years from 6 (the legal minimum we keep to) to 100',
      },
      {
        path: '$.rawUsageDays',
        message: 'must be a whole number of days from 1 (longer than aggregation takes) to 3650',
      },
      {
        path: '$.disputeYears',
        message: 'must be a whole number of years from 1 (the shortest we offer) to 100',
      },
    ]);
  });

  it('keeps invoices and the audit log for at least six years', () => {
    expect(RETENTION_FLOORS).toMatchObject({ invoiceYears: 6, auditLogYears: 6 });
  });
});
