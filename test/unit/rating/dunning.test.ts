// Dunning with the example policy (rules/examples/dunning/policies/dunning.json): retry a failed
// card charge 3 times 48 h apart, remind every 48 h, flag a dispute 10 days after the due date,
// follow up weekly on a disputed invoice, keep invoices 7 years. The invoice is the example's:
// issued 1 April 2026, due 15 April, 2 failed charges (the last on 17 April 00:00), 1 reminder
// (17 April 09:00).
import { describe, expect, it } from 'vitest';
import { evaluateDunning, type DunningOutcome } from '../../../server/rating/evaluate-dunning';
import { RatingError } from '../../../server/rating/rating-error';
import type { DunningAction, OverdueInvoice } from '../../../server/rating/types';
import { anOverdueInvoice, errorOf, examplePolicySources } from './builders';
import { loadPolicySet } from '../../../server/rating/policy-set';

const policies = loadPolicySet(examplePolicySources('dunning'));

function dunning(now: string, overrides: Partial<OverdueInvoice> = {}): DunningOutcome {
  return evaluateDunning({ invoice: anOverdueInvoice(overrides), policies, now });
}

function actionsOf(outcome: DunningOutcome): DunningAction[] {
  if (outcome.kind !== 'actions') throw new Error(`expected actions, got ${outcome.kind}`);
  return outcome.decision.actions;
}

/** The action of one kind, or undefined when the rule gives none now. */
function actionOf(outcome: DunningOutcome, kind: DunningAction['action']) {
  return actionsOf(outcome).find((action) => action.action === kind);
}

describe('evaluateDunning with the example policy', () => {
  it('gives the next retry, reminder and dispute flag of the example invoice on 20 April', () => {
    expect(dunning('2026-04-20T00:00:00Z')).toEqual({
      kind: 'actions',
      decision: {
        invoiceId: 'INV-2026-000042',
        daysOverdue: 5, // 15 April to 20 April
        policy: { key: 'standard-dunning', version: 1 },
        rule: 'standard-collection',
        actions: [
          {
            action: 'retryCharge',
            at: '2026-04-19T00:00:00Z', // last attempt 17 April 00:00 + 48 h
            due: true,
            attempt: 2, // 2 failed charges = the first charge and retry 1
            explanation: 'retry 2 of 3, 48 h after the last attempt',
          },
          {
            action: 'remind',
            at: '2026-04-19T09:00:00Z', // last reminder 17 April 09:00 + 48 h
            due: true,
            template: 'payment-reminder',
            explanation: 'reminder 2, every 48 h from the due date',
          },
          {
            action: 'flagDispute',
            at: '2026-04-25T00:00:00Z', // due 15 April + 10 days
            due: false,
            explanation: 'flag for dispute 10 days after the due date',
          },
        ],
        retainUntil: '2033-04-01T00:00:00Z', // issued 1 April 2026 + 7 years
      },
    });
  });

  it.each<[string, Partial<OverdueInvoice>, number, string]>([
    // no retry yet: 48 h after the due date
    [
      'only the first charge failed',
      { failedAttempts: 1, lastAttemptAt: undefined },
      1,
      '2026-04-17T00:00:00Z',
    ],
    // 17 April 00:00 + 48 h
    [
      'retry 1 failed',
      { failedAttempts: 2, lastAttemptAt: '2026-04-17T00:00:00Z' },
      2,
      '2026-04-19T00:00:00Z',
    ],
    // 19 April 00:00 + 48 h
    [
      'retry 2 failed',
      { failedAttempts: 3, lastAttemptAt: '2026-04-19T00:00:00Z' },
      3,
      '2026-04-21T00:00:00Z',
    ],
    // 17 April 13:30 + 48 h keeps the time of day
    [
      'a retry in the afternoon failed',
      { failedAttempts: 2, lastAttemptAt: '2026-04-17T13:30:00Z' },
      2,
      '2026-04-19T13:30:00Z',
    ],
  ])('schedules the next retry when %s', (_case, overrides, attempt, at) => {
    const retry = actionOf(dunning('2026-04-20T00:00:00Z', overrides), 'retryCharge');
    expect(retry).toMatchObject({ attempt, at });
  });

  it('stops retrying after 3 retries (4 failed charges)', () => {
    const outcome = dunning('2026-04-22T00:00:00Z', {
      failedAttempts: 4,
      lastAttemptAt: '2026-04-21T00:00:00Z',
    });
    expect(actionsOf(outcome).map((action) => action.action)).toEqual(['remind', 'flagDispute']);
  });

  // Evaluated on 20 April 00:00.
  it.each<[string, Partial<OverdueInvoice>, string, boolean, string]>([
    // the first reminder goes out on the due date, already past
    [
      'none was sent',
      { remindersSent: 0, lastReminderAt: undefined },
      '2026-04-15T00:00:00Z',
      true,
      'reminder 1, every 48 h from the due date',
    ],
    // 17 April 09:00 + 48 h, past
    [
      'one was sent',
      { remindersSent: 1, lastReminderAt: '2026-04-17T09:00:00Z' },
      '2026-04-19T09:00:00Z',
      true,
      'reminder 2, every 48 h from the due date',
    ],
    // 19 April 09:00 + 48 h, to come: the example policy has no maximum
    [
      'two were sent',
      { remindersSent: 2, lastReminderAt: '2026-04-19T09:00:00Z' },
      '2026-04-21T09:00:00Z',
      false,
      'reminder 3, every 48 h from the due date',
    ],
  ])('reminds every 48 hours when %s', (_case, overrides, at, due, explanation) => {
    const reminder = actionOf(dunning('2026-04-20T00:00:00Z', overrides), 'remind');
    expect(reminder).toEqual({
      action: 'remind',
      at,
      due,
      template: 'payment-reminder',
      explanation,
    });
  });

  it.each([
    // 15 April + 10 days = 25 April 00:00
    ['2026-04-24T23:59:59Z', 9, false],
    ['2026-04-25T00:00:00Z', 10, true],
    ['2026-05-01T00:00:00Z', 16, true],
  ])('flags a dispute 10 days after the due date: on %s (day %i) due is %s', (now, days, due) => {
    const outcome = dunning(now);
    expect(outcome.kind === 'actions' && outcome.decision.daysOverdue).toBe(days);
    expect(actionOf(outcome, 'flagDispute')).toMatchObject({ at: '2026-04-25T00:00:00Z', due });
  });

  it.each([
    // retry at 19 April 00:00, reminder at 19 April 09:00
    ['2026-04-18T12:00:00Z', [false, false, false]],
    ['2026-04-19T00:00:00Z', [true, false, false]], // an action at `now` is due
    ['2026-04-19T08:59:59Z', [true, false, false]],
    ['2026-04-19T09:00:00Z', [true, true, false]],
  ])('on %s the retry, the reminder and the flag are due: %j', (now, due) => {
    expect(actionsOf(dunning(now)).map((action) => action.due)).toEqual(due);
  });

  it('follows a disputed invoice up weekly with the higher-priority rule, without retries', () => {
    const outcome = dunning('2026-04-20T00:00:00Z', { disputed: true });
    expect(outcome.kind === 'actions' && outcome.decision.rule).toBe('disputed-invoice');
    expect(actionsOf(outcome)).toEqual([
      {
        action: 'remind',
        at: '2026-04-24T09:00:00Z', // last reminder 17 April 09:00 + 168 h (7 days)
        due: false,
        template: 'dispute-follow-up',
        explanation: 'reminder 2, every 168 h from the due date',
      },
    ]);
  });

  it.each([
    // issued 1 April 2026 + 7 years
    ['2026-04-01T00:00:00Z', '2026-04-15T00:00:00Z', '2033-04-01T00:00:00Z'],
    // issued 29 February 2028 + 7 years: 2035 has no 29 February, so the 28th
    ['2028-02-29T00:00:00Z', '2028-03-14T00:00:00Z', '2035-02-28T00:00:00Z'],
    ['2026-04-01T10:15:00Z', '2026-04-15T00:00:00Z', '2033-04-01T10:15:00Z'],
  ])('keeps an invoice issued %s until %s', (issuedAt, dueAt, retainUntil) => {
    const outcome = evaluateDunning({
      invoice: anOverdueInvoice({ issuedAt, dueAt, lastAttemptAt: undefined, remindersSent: 0 }),
      policies,
      now: dueAt,
    });
    expect(outcome.kind === 'actions' && outcome.decision.retainUntil).toBe(retainUntil);
  });

  it.each([
    ['the day before the due date', '2026-04-14T00:00:00Z'], // -1 day overdue
    ['half a day before the due date', '2026-04-14T12:00:00Z'], // floor(-0.5) = -1
  ])('has no rule for an invoice not yet overdue: %s', (_case, now) => {
    expect(dunning(now)).toEqual({ kind: 'no_matching_rule', invoiceId: 'INV-2026-000042' });
  });

  it('applies the standard rule from the due date on (0 days overdue)', () => {
    const outcome = dunning('2026-04-15T00:00:00Z');
    expect(outcome.kind === 'actions' && outcome.decision.rule).toBe('standard-collection');
  });

  it('has no rule before the policy takes effect on 1 January 2026', () => {
    const outcome = dunning('2025-12-31T00:00:00Z', {
      issuedAt: '2025-12-01',
      dueAt: '2025-12-15',
      lastAttemptAt: undefined,
      lastReminderAt: undefined,
    });
    expect(outcome).toEqual({ kind: 'no_matching_rule', invoiceId: 'INV-2026-000042' });
  });

  it('rejects an invalid invoice with the path of each issue', () => {
    const invoice = { ...anOverdueInvoice(), amountDue: 1654.15 };
    const error = errorOf(() => evaluateDunning({ invoice, policies, now: '2026-04-20' }));
    expect(error).toBeInstanceOf(RatingError);
    expect((error as RatingError).issues.map((issue) => issue.path)).toEqual(['$.amountDue']);
  });
});
