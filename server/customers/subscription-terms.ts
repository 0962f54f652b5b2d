// A subscription as billing admins write it: the subscription rating reads (rating-request
// schema, subscription) and, for a contract that renews by itself, the notice before each
// renewal. And when the next renewal of a contract falls, and by when the customer must be told.
import { addUtcMonths, toInstant, toMillis } from '../rating/time';
import type { Subscription } from '../rating/types';
import { SCHEMA_IDS, type ValidationIssue, type ValidationOutcome } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { toOutcome } from '../rating/validation/validation-outcome';

export interface SubscriptionTerms {
  subscription: Subscription;
  renewalNoticeDays?: number;
}

const DAY_MS = 86_400_000;
const MAX_NOTICE_DAYS = 365;

export function validateSubscriptionTerms(
  subscription: unknown,
  renewalNoticeDays: unknown,
): ValidationOutcome<SubscriptionTerms> {
  const issues = validateAgainstSchema(
    `${SCHEMA_IDS.ratingRequest}#/$defs/subscription`,
    subscription,
  ).map((issue) => ({ ...issue, path: issue.path.replace(/^\$/, '$.subscription') }));
  if (issues.length > 0) return { ok: false, issues };
  const checked = subscription as Subscription;
  const semantic: ValidationIssue[] = [];
  if (checked.end !== undefined && toMillis(checked.end) <= toMillis(checked.start)) {
    semantic.push({ path: '$.subscription.end', message: 'must be after start' });
  }
  if (renewalNoticeDays !== undefined) {
    if (
      !Number.isInteger(renewalNoticeDays) ||
      (renewalNoticeDays as number) < 1 ||
      (renewalNoticeDays as number) > MAX_NOTICE_DAYS
    ) {
      semantic.push({
        path: '$.renewalNoticeDays',
        message: `must be a whole number of days from 1 to ${MAX_NOTICE_DAYS}`,
      });
    } else if (checked.termMonths === undefined || checked.autoRenew === false) {
      semantic.push({
        path: '$.renewalNoticeDays',
        message: 'is only for a contract that renews: one with termMonths and autoRenew not false',
      });
    } else if ((renewalNoticeDays as number) * DAY_MS >= termMillis(checked)) {
      semantic.push({ path: '$.renewalNoticeDays', message: 'must be shorter than the term' });
    }
  }
  return toOutcome(
    {
      subscription: checked,
      ...(renewalNoticeDays !== undefined && { renewalNoticeDays: renewalNoticeDays as number }),
    },
    semantic,
  );
}

/**
 * The next renewal after `now` of a contract that renews by itself, and the last day to tell the
 * customer; null for anything else, or when the subscription ends first.
 */
export function nextRenewal(
  terms: SubscriptionTerms,
  now: Date,
): { at: string; noticeBy: string | null } | null {
  const { subscription } = terms;
  if (subscription.termMonths === undefined || subscription.autoRenew === false) return null;
  const start = toMillis(subscription.start);
  // Counted from the start each time, so that month-end clamping never drifts (31 Jan, 28 Feb,
  // 31 Mar, not 28 Mar).
  let term = 1;
  let renewal = addUtcMonths(start, subscription.termMonths);
  while (renewal <= now.getTime()) {
    term += 1;
    renewal = addUtcMonths(start, term * subscription.termMonths);
  }
  if (subscription.end !== undefined && toMillis(subscription.end) <= renewal) return null;
  const notice = terms.renewalNoticeDays;
  return {
    at: toInstant(renewal),
    noticeBy: notice === undefined ? null : toInstant(renewal - notice * DAY_MS),
  };
}

function termMillis(subscription: Subscription): number {
  const start = toMillis(subscription.start);
  return addUtcMonths(start, subscription.termMonths!) - start;
}
