// Exports select entries by the time they were written, over a half-open period [from, to) as
// everywhere else in Ledgerline. Bounds are normalised to the form entries store their time in
// (`Date.toISOString()`), so that the store compares them as strings, correctly.
import type { Filter } from '../store/store';
import type { AuditEntry } from './audit-entry';

/** Instants as given by a caller: "2026-03-01" (midnight UTC) or a date-time with a zone. */
export interface AuditPeriodInput {
  from?: string;
  to?: string;
}

/** Bounds as `YYYY-MM-DDTHH:mm:ss.sssZ`; null for an open end. */
export interface AuditPeriod {
  from: string | null;
  to: string | null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Throws RangeError for a bound that is not an instant, or an empty or inverted period. */
export function normaliseAuditPeriod({ from, to }: AuditPeriodInput): AuditPeriod {
  const period = { from: normaliseInstant(from, 'from'), to: normaliseInstant(to, 'to') };
  if (period.from !== null && period.to !== null && period.from >= period.to) {
    throw new RangeError(`the period is empty: from ${period.from} is not before to ${period.to}`);
  }
  return period;
}

function normaliseInstant(instant: string | undefined, name: string): string | null {
  if (instant === undefined) return null;
  const dateOnly = DATE_ONLY.test(instant);
  if (!dateOnly && !DATE_TIME_WITH_ZONE.test(instant)) {
    throw new RangeError(`${name} "${instant}" is not a date or a date-time with a zone`);
  }
  const millis = Date.parse(dateOnly ? `${instant}T00:00:00Z` : instant);
  if (Number.isNaN(millis) || !sameCalendarDate(instant, millis, dateOnly)) {
    throw new RangeError(`${name} "${instant}" is not a real date`);
  }
  return new Date(millis).toISOString();
}

/** Date.parse rolls 2026-02-30 over to 2 March; a date the calendar does not have is refused. */
function sameCalendarDate(instant: string, millis: number, dateOnly: boolean): boolean {
  if (!dateOnly && !instant.endsWith('Z')) return true;
  return new Date(millis).toISOString().slice(0, 10) === instant.slice(0, 10);
}

export function isInAuditPeriod(entry: Pick<AuditEntry, 'at'>, period: AuditPeriod): boolean {
  return (
    (period.from === null || entry.at >= period.from) &&
    (period.to === null || entry.at < period.to)
  );
}

export function filterEntriesByPeriod(
  entries: readonly AuditEntry[],
  period: AuditPeriod,
): AuditEntry[] {
  return entries.filter((entry) => isInAuditPeriod(entry, period));
}

/** The same selection as a store filter on `at`. */
export function auditPeriodFilter(period: AuditPeriod): Filter {
  if (period.from === null && period.to === null) return {};
  return {
    at: {
      ...(period.from !== null ? { $gte: period.from } : {}),
      ...(period.to !== null ? { $lt: period.to } : {}),
    },
  };
}
