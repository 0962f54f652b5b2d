// Checks a rating request needs beyond its schema: references between its parts, dates that
// must fall inside the billing period [start, end), and fields that only mean something together
// with others (a term for recurring subscriptions, uniqueBy for unique_count meters).
import { ONE, type Exact } from '../money';
import {
  checkKnownCurrency,
  decimalOf,
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

// The checks below run for every usage record and event of a request, thousands of them, and
// almost always find nothing: they take the record's path and the field apart and put the two
// together only for an issue.

function checkInsidePeriod(
  value: unknown,
  period: Period | undefined,
  at: PathSegment[],
  field: PathSegment,
  issues: ValidationIssue[],
): void {
  const instant = instantOf(value);
  if (!period || instant === undefined) return;
  if (instant < period.start || instant >= period.end) {
    issues.push(issueAt([...at, field], `must be inside the billing period (${period.text})`));
  }
}

/** `seen`: the path of the record that first had each id. */
function checkUniqueId(
  id: unknown,
  at: PathSegment[],
  field: PathSegment,
  seen: Map<string, PathSegment[]>,
  what: string,
  issues: ValidationIssue[],
): void {
  if (typeof id !== 'string') return;
  const first = seen.get(id);
  if (first) {
    issues.push(
      issueAt(
        [...at, field],
        `duplicate ${what} id "${id}" (also ${formatJsonPath([...first, field])})`,
      ),
    );
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
    checkUniqueId(subscription.id, at, 'id', seen, 'subscription', issues);
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
    checkRecurringOnlyFields(subscription, at, issues);
    // A one-time subscription's changes are reported whole, above.
    if (subscription.type !== 'one_time') {
      checkPlanChanges(subscription, at, period, issues);
      checkPlanChangeContents(subscription, at, issues);
    }
  });
  return new Set(seen.keys());
}

/**
 * A one-time subscription is billed once, at its start: an end, a term, its renewal and plan
 * changes only mean something for recurring subscriptions, and the rating would silently ignore them. A term
 * renews, so autoRenew needs the term it renews.
 */
function checkRecurringOnlyFields(
  subscription: Record<string, unknown>,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  if (subscription.type === 'one_time') {
    for (const field of ['end', 'termMonths', 'autoRenew', 'changes']) {
      if (subscription[field] === undefined) continue;
      issues.push(
        issueAt(
          [...at, field],
          'only applies to recurring subscriptions: a one_time subscription is billed once, at its start',
        ),
      );
    }
    return;
  }
  if (subscription.autoRenew !== undefined && subscription.termMonths === undefined) {
    issues.push(
      issueAt(
        [...at, 'autoRenew'],
        'only applies with "termMonths": without a contract term there is nothing to renew',
      ),
    );
  }
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
    const changeAt: PathSegment[] = [...at, 'changes', index];
    const dateAt: PathSegment[] = [...changeAt, 'date'];
    const instant = instantOf(change.date);
    if (instant === undefined) return;
    checkInsidePeriod(change.date, period, changeAt, 'date', issues);
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

/** The product and quantity in effect; undefined where the request gives them malformed. */
interface Plan {
  product: string | undefined;
  quantity: { value: Exact; text: string } | undefined;
}

/**
 * Each plan change changes the product, the quantity or both, from what was in effect before it
 * (the subscription's, or the previous change's); one that changes nothing would split the period
 * into a credit and a charge of the same amount.
 */
function checkPlanChangeContents(
  subscription: Record<string, unknown>,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  const plan: Plan = {
    product: textOf(subscription.product),
    // Without a quantity the subscription is for one unit.
    quantity:
      subscription.quantity === undefined
        ? { value: ONE, text: '1 (the subscription gives no quantity)' }
        : quantityOf(subscription.quantity),
  };
  entriesOf(subscription.changes).forEach((change, index) => {
    if (!isRecord(change)) return;
    const changeAt: PathSegment[] = [...at, 'changes', index];
    const product = change.product === undefined ? undefined : textOf(change.product);
    const quantity = change.quantity === undefined ? undefined : quantityOf(change.quantity);
    if (change.product === undefined && change.quantity === undefined) {
      issues.push(issueAt(changeAt, 'must set the new "product", the new "quantity" or both'));
      return;
    }
    const sameProduct =
      change.product === undefined ||
      (product !== undefined && plan.product !== undefined && product === plan.product);
    const sameQuantity =
      change.quantity === undefined ||
      (quantity !== undefined &&
        plan.quantity !== undefined &&
        quantity.value.equals(plan.quantity.value));
    if (sameProduct && sameQuantity) {
      issues.push(issueAt(changeAt, `changes nothing: ${unchangedPlan(change, plan)}`));
    }
    if (change.product !== undefined) plan.product = product;
    if (change.quantity !== undefined) plan.quantity = quantity;
  });
}

/** A well-formed quantity, with the text that shows it in messages. */
function quantityOf(value: unknown): Plan['quantity'] {
  const quantity = decimalOf(value);
  return quantity === undefined ? undefined : { value: quantity, text: JSON.stringify(value) };
}

function unchangedPlan(change: Record<string, unknown>, plan: Plan): string {
  const product = `"${String(plan.product)}"`;
  const quantity = String(plan.quantity?.text);
  if (change.product === undefined) return `the quantity is already ${quantity}`;
  if (change.quantity === undefined) return `the product is already ${product}`;
  return `the product is already ${product} and the quantity ${quantity}`;
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
    issueAt(
      [...at, 'subscriptionId'],
      `refers to subscription "${id}", which is not in this request's subscriptions`,
    ),
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
    // Distinct counts of separate days cannot be added up (the same user on two days is one
    // user): a daily aggregate must keep the counted value, one aggregate per value and day.
    if (aggregationOf(meters, aggregate.meter) === 'unique_count') {
      const definition = meters[aggregate.meter as string] as { uniqueBy?: unknown };
      const uniqueBy = typeof definition.uniqueBy === 'string' ? definition.uniqueBy : undefined;
      const dimensions = isRecord(aggregate.dimensions) ? aggregate.dimensions : {};
      if (uniqueBy !== undefined && typeof dimensions[uniqueBy] !== 'string') {
        issues.push(
          issueAt(
            [...at, 'dimensions', uniqueBy],
            `is required: daily aggregates of unique_count meter "${String(aggregate.meter)}" keep the counted value (one aggregate per value and day); or send the raw events`,
          ),
        );
      }
    }
    checkInsidePeriod(aggregate.date, period, at, 'date', issues);
    checkSubscriptionReference(aggregate.subscriptionId, at, subscriptionIds, issues);
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
    checkUniqueId(event.id, at, 'id', seen, 'event', issues);
    checkInsidePeriod(event.timestamp, period, at, 'timestamp', issues);
    checkSubscriptionReference(event.subscriptionId, at, subscriptionIds, issues);
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

/**
 * uniqueBy names the dimension a unique_count meter counts; on any other meter the rating would
 * silently leave that dimension out of the grouping of its usage.
 */
function checkMeters(value: unknown, issues: ValidationIssue[]): void {
  if (!isRecord(value)) return;
  for (const [name, meter] of Object.entries(value)) {
    if (!isRecord(meter)) continue;
    const at: PathSegment[] = ['meters', name, 'uniqueBy'];
    if (meter.aggregation === 'unique_count' && meter.uniqueBy === undefined) {
      issues.push(
        issueAt(
          at,
          'is required for aggregation "unique_count": name the dimension whose distinct values are counted',
        ),
      );
    } else if (
      typeof meter.aggregation === 'string' &&
      meter.aggregation !== 'unique_count' &&
      meter.uniqueBy !== undefined
    ) {
      issues.push(
        issueAt(
          at,
          `only applies to aggregation "unique_count", not "${meter.aggregation}": remove it or change the aggregation`,
        ),
      );
    }
  }
}
