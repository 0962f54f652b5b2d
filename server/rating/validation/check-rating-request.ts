// Checks a rating request needs beyond its schema: references between its parts and dates that
// must fall inside the billing period [start, end).
import {
  checkKnownCurrency,
  entriesOf,
  instantOf,
  isRecord,
  issueAt,
  textOf,
} from './document-reading';
import { formatJsonPath, type PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

interface Period {
  start: number;
  end: number;
  text: string;
}

export function checkRatingRequest(document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(document)) return issues;
  if (isRecord(document.customer)) {
    checkKnownCurrency(document.customer.currency, ['customer', 'currency'], issues);
  }
  const period = readPeriod(document.period, issues);
  const subscriptionIds = checkSubscriptions(document.subscriptions, period, issues);
  const meters = isRecord(document.meters) ? document.meters : {};
  checkUsage(document.usage, meters, period, subscriptionIds, issues);
  checkEvents(document.events, meters, period, subscriptionIds, issues);
  checkMeters(document.meters, issues);
  return issues;
}

/** The period, when both ends are valid and start is before end; otherwise date checks are skipped. */
function readPeriod(value: unknown, issues: ValidationIssue[]): Period | undefined {
  if (!isRecord(value)) return undefined;
  const start = instantOf(value.start);
  const end = instantOf(value.end);
  if (start === undefined || end === undefined) return undefined;
  if (end <= start) {
    issues.push(issueAt(['period', 'end'], `must be after period.start (${String(value.start)})`));
    return undefined;
  }
  return { start, end, text: `from ${String(value.start)} to ${String(value.end)}, end excluded` };
}

function checkInsidePeriod(
  value: unknown,
  period: Period | undefined,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  const instant = instantOf(value);
  if (!period || instant === undefined) return;
  if (instant < period.start || instant >= period.end) {
    issues.push(issueAt(at, `must be inside the billing period (${period.text})`));
  }
}

function checkUniqueId(
  id: unknown,
  at: PathSegment[],
  seen: Map<string, PathSegment[]>,
  what: string,
  issues: ValidationIssue[],
): void {
  if (typeof id !== 'string') return;
  const first = seen.get(id);
  if (first) {
    issues.push(issueAt(at, `duplicate ${what} id "${id}" (also ${formatJsonPath(first)})`));
  } else {
    seen.set(id, at);
  }
}

/** Returns the ids of the request's subscriptions, for the references from usage and events. */
function checkSubscriptions(
  value: unknown,
  period: Period | undefined,
  issues: ValidationIssue[],
): Set<string> {
  const seen = new Map<string, PathSegment[]>();
  entriesOf(value).forEach((subscription, index) => {
    if (!isRecord(subscription)) return;
    const at: PathSegment[] = ['subscriptions', index];
    checkUniqueId(subscription.id, [...at, 'id'], seen, 'subscription', issues);
    const start = instantOf(subscription.start);
    const end = instantOf(subscription.end);
    if (start !== undefined && end !== undefined && end <= start) {
      issues.push(
        issueAt(
          [...at, 'end'],
          `must be after the subscription start (${String(subscription.start)})`,
        ),
      );
    }
    checkPlanChanges(subscription, at, period, issues);
  });
  return new Set(seen.keys());
}

/** Plan changes split the period for proration, so they lie inside it, in order, within the subscription. */
function checkPlanChanges(
  subscription: Record<string, unknown>,
  at: PathSegment[],
  period: Period | undefined,
  issues: ValidationIssue[],
): void {
  const start = instantOf(subscription.start);
  const end = instantOf(subscription.end);
  let previous: { instant: number; text: string } | undefined;
  entriesOf(subscription.changes).forEach((change, index) => {
    if (!isRecord(change)) return;
    const dateAt: PathSegment[] = [...at, 'changes', index, 'date'];
    const instant = instantOf(change.date);
    if (instant === undefined) return;
    checkInsidePeriod(change.date, period, dateAt, issues);
    if (start !== undefined && instant <= start) {
      issues.push(
        issueAt(dateAt, `must be after the subscription start (${String(subscription.start)})`),
      );
    }
    if (end !== undefined && end > (start ?? -Infinity) && instant >= end) {
      issues.push(
        issueAt(dateAt, `must be before the subscription end (${String(subscription.end)})`),
      );
    }
    if (previous && instant <= previous.instant) {
      issues.push(issueAt(dateAt, `must be after the previous change (${previous.text})`));
    }
    previous = { instant, text: String(change.date) };
  });
}

function checkSubscriptionReference(
  value: unknown,
  at: PathSegment[],
  subscriptionIds: Set<string>,
  issues: ValidationIssue[],
): void {
  const id = textOf(value);
  if (id === undefined || id === '' || subscriptionIds.has(id)) return;
  issues.push(
    issueAt(at, `refers to subscription "${id}", which is not in this request's subscriptions`),
  );
}

function checkUsage(
  value: unknown,
  meters: Record<string, unknown>,
  period: Period | undefined,
  subscriptionIds: Set<string>,
  issues: ValidationIssue[],
): void {
  entriesOf(value).forEach((aggregate, index) => {
    if (!isRecord(aggregate)) return;
    const at: PathSegment[] = ['usage', index];
    // Distinct values of separate days cannot be added up: the same user on two days is one user.
    if (aggregationOf(meters, aggregate.meter) === 'unique_count') {
      issues.push(
        issueAt(
          [...at, 'meter'],
          `daily aggregates of unique_count meter "${String(aggregate.meter)}" cannot be combined over a period; send the raw events`,
        ),
      );
    }
    checkInsidePeriod(aggregate.date, period, [...at, 'date'], issues);
    checkSubscriptionReference(
      aggregate.subscriptionId,
      [...at, 'subscriptionId'],
      subscriptionIds,
      issues,
    );
  });
}

function checkEvents(
  value: unknown,
  meters: Record<string, unknown>,
  period: Period | undefined,
  subscriptionIds: Set<string>,
  issues: ValidationIssue[],
): void {
  const seen = new Map<string, PathSegment[]>();
  entriesOf(value).forEach((event, index) => {
    if (!isRecord(event)) return;
    const at: PathSegment[] = ['events', index];
    // A repeated event id is a duplicate delivery; counting it twice would overcharge.
    checkUniqueId(event.id, [...at, 'id'], seen, 'event', issues);
    checkInsidePeriod(event.timestamp, period, [...at, 'timestamp'], issues);
    checkSubscriptionReference(
      event.subscriptionId,
      [...at, 'subscriptionId'],
      subscriptionIds,
      issues,
    );
    const aggregation = aggregationOf(meters, event.meter);
    if (aggregation === 'unique_count') {
      checkCountedDimension(event, meters[String(event.meter)], at, issues);
    } else if (
      aggregation !== 'count' &&
      aggregation !== undefined &&
      event.quantity === undefined
    ) {
      issues.push(
        issueAt(
          [...at, 'quantity'],
          `is required: meter "${String(event.meter)}" aggregates by ${aggregation}`,
        ),
      );
    }
  });
}

/** unique_count counts distinct values of one dimension: an event without it cannot be counted. */
function checkCountedDimension(
  event: Record<string, unknown>,
  meter: unknown,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  if (!isRecord(meter) || typeof meter.uniqueBy !== 'string') return;
  const dimensions = event.dimensions;
  if (dimensions === undefined || (isRecord(dimensions) && !(meter.uniqueBy in dimensions))) {
    issues.push(
      issueAt(
        [...at, 'dimensions', meter.uniqueBy],
        `is required: meter "${String(event.meter)}" counts distinct values of "${meter.uniqueBy}"`,
      ),
    );
  }
}

/** The meter's aggregation; meters not listed in `meters` are summed. Undefined when unknowable. */
function aggregationOf(meters: Record<string, unknown>, meter: unknown): string | undefined {
  if (typeof meter !== 'string') return undefined;
  if (!Object.hasOwn(meters, meter)) return 'sum';
  const definition = meters[meter];
  return isRecord(definition) && typeof definition.aggregation === 'string'
    ? definition.aggregation
    : undefined;
}

function checkMeters(value: unknown, issues: ValidationIssue[]): void {
  if (!isRecord(value)) return;
  for (const [name, meter] of Object.entries(value)) {
    if (!isRecord(meter)) continue;
    if (meter.aggregation === 'unique_count' && meter.uniqueBy === undefined) {
      issues.push(
        issueAt(
          ['meters', name, 'uniqueBy'],
          'is required for aggregation "unique_count": name the dimension whose distinct values are counted',
        ),
      );
    }
  }
}
