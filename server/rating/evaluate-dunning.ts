// Dunning: from an overdue invoice's state, the next actions of the first matching dunning rule
// (highest priority first) of the dunning versions effective at the evaluation instant.
//
// - retryCharge: `maxAttempts` retries after the first failed charge, `intervalHours` apart;
// - remind: every `everyHours` from the due date, at most `maxCount` reminders;
// - flagDispute, suspend, writeOff: once, `afterDays` after the due date.
// Each action comes with the instant it is due; `due` says whether that instant has come.
import type { CompiledRule, Facts } from './conditions/compile-condition';
import { versionFor, type CompiledDunningVersion, type PolicySet } from './policy-set';
import { RatingError } from './rating-error';
import { MS_PER_DAY, addUtcMonths, toInstant, toMillis } from './time';
import type {
  DunningAction,
  DunningDecision,
  DunningEvent,
  DunningStep,
  Instant,
  OverdueInvoice,
} from './types';
import { validateOverdueInvoice } from './validation';

const MS_PER_HOUR = 3_600_000;

export interface EvaluateDunningOptions {
  /** Validated here, like a rating request. */
  invoice: unknown;
  policies: PolicySet;
  now: Instant;
}

export type DunningOutcome =
  { kind: 'actions'; decision: DunningDecision } | { kind: 'no_matching_rule'; invoiceId: string };

export function evaluateDunning({
  invoice: document,
  policies,
  now,
}: EvaluateDunningOptions): DunningOutcome {
  const outcome = validateOverdueInvoice(document);
  if (!outcome.ok) throw new RatingError(outcome.issues);
  const invoice = outcome.value;
  const nowMillis = toMillis(now);
  const dueAt = toMillis(invoice.dueAt);
  const daysOverdue = Math.floor((nowMillis - dueAt) / MS_PER_DAY);
  const facts: Facts = {
    customer: invoice.customer,
    invoice: {
      daysOverdue,
      amountDue: Number(invoice.amountDue),
      currency: invoice.currency,
      failedAttempts: invoice.failedAttempts,
      remindersSent: invoice.remindersSent,
      disputed: invoice.disputed ?? false,
      suspended: invoice.suspended ?? false,
    },
    // The same form as every instant the rating writes: 2026-04-20T00:00:00Z.
    date: toInstant(nowMillis),
  };
  const match = firstMatch(policies, nowMillis, facts);
  if (match === undefined) return { kind: 'no_matching_rule', invoiceId: invoice.invoiceId };
  const { version, rule } = match;
  const actions = rule.event.params.steps
    .map((step) => nextAction(step, invoice, dueAt, nowMillis))
    .filter((action): action is DunningAction => action !== undefined)
    .sort((a, b) => toMillis(a.at) - toMillis(b.at));
  return {
    kind: 'actions',
    decision: {
      invoiceId: invoice.invoiceId,
      daysOverdue,
      policy: version.ref,
      rule: rule.name,
      actions,
      retainUntil: toInstant(
        addUtcMonths(toMillis(invoice.issuedAt), 12 * version.document.retention.invoiceYears),
      ),
    },
  };
}

function firstMatch(
  policies: PolicySet,
  now: number,
  facts: Facts,
): { version: CompiledDunningVersion; rule: CompiledRule<DunningEvent> } | undefined {
  const candidates = policies.dunning
    .map((history) => versionFor(history, now, undefined))
    .filter((version): version is CompiledDunningVersion => version !== undefined)
    .flatMap((version) => version.rules.map((rule) => ({ version, rule })))
    .sort((a, b) => b.rule.priority - a.rule.priority);
  return candidates.find(({ rule }) => rule.matches(facts));
}

function action(
  step: DunningStep,
  at: number,
  now: number,
  explanation: string,
  extra: Partial<DunningAction> = {},
): DunningAction {
  return {
    action: step.action,
    at: toInstant(Math.max(at, 0)),
    due: at <= now,
    explanation,
    ...extra,
  };
}

function nextAction(
  step: DunningStep,
  invoice: OverdueInvoice,
  dueAt: number,
  now: number,
): DunningAction | undefined {
  switch (step.action) {
    case 'retryCharge': {
      const retriesDone = Math.max(invoice.failedAttempts - 1, 0);
      if (retriesDone >= step.maxAttempts) return undefined;
      const last = invoice.lastAttemptAt ? toMillis(invoice.lastAttemptAt) : dueAt;
      return action(
        step,
        last + step.intervalHours * MS_PER_HOUR,
        now,
        `retry ${retriesDone + 1} of ${step.maxAttempts}, ${step.intervalHours} h after the last attempt`,
        { attempt: retriesDone + 1 },
      );
    }
    case 'remind': {
      if (step.maxCount !== undefined && invoice.remindersSent >= step.maxCount) return undefined;
      const at = invoice.lastReminderAt
        ? toMillis(invoice.lastReminderAt) + step.everyHours * MS_PER_HOUR
        : dueAt;
      return action(
        step,
        at,
        now,
        `reminder ${invoice.remindersSent + 1}, every ${step.everyHours} h from the due date`,
        { template: step.template },
      );
    }
    case 'flagDispute':
      if (invoice.disputed) return undefined;
      return onceAfter(step, step.afterDays, dueAt, now, 'flag for dispute');
    case 'suspend':
      if (invoice.suspended) return undefined;
      return onceAfter(step, step.afterDays, dueAt, now, 'suspend the service');
    case 'writeOff':
      return onceAfter(step, step.afterDays, dueAt, now, 'write the balance off');
  }
}

function onceAfter(
  step: DunningStep,
  days: number,
  dueAt: number,
  now: number,
  what: string,
): DunningAction {
  return action(step, dueAt + days * MS_PER_DAY, now, `${what} ${days} days after the due date`);
}
