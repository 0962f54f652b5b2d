import { describe, expect, it } from 'vitest';
import { validateRatingRequest } from '../../../server/rating/validation';
import type { Subscription } from '../../../server/rating/types';
import { aOneTimeSubscription, aRatingRequest, aSubscription, withValueAt } from './builders';

function issuesOf(document: unknown) {
  const outcome = validateRatingRequest(document);
  return outcome.ok ? [] : outcome.issues;
}

const IN_MARCH = 'must be inside the billing period (from 2026-03-01 to 2026-04-01, end excluded)';

describe('validateRatingRequest', () => {
  it('accepts a complete request and returns it', () => {
    const request = aRatingRequest();
    expect(validateRatingRequest(request)).toEqual({ ok: true, value: request });
  });

  it('accepts a minimal request', () => {
    const request = {
      customer: { id: 'c', country: 'US', currency: 'USD' },
      period: aRatingRequest().period,
    };
    expect(validateRatingRequest(request).ok).toBe(true);
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'a missing customer and period',
      {},
      [
        { path: '$.customer', message: 'is required' },
        { path: '$.period', message: 'is required' },
      ],
    ],
    [
      'an unknown field on the customer',
      withValueAt(aRatingRequest(), ['customer', 'vatId'], 'DE1'),
      [{ path: '$.customer.vatId', message: 'unknown field "vatId"' }],
    ],
    [
      'a quantity given as a number',
      withValueAt(aRatingRequest(), ['usage', 0, 'quantity'], 125000),
      [
        {
          path: '$.usage[0].quantity',
          message: 'must be a decimal string such as "12.50", not a number',
        },
      ],
    ],
    [
      'a dimension that is not text',
      withValueAt(aRatingRequest(), ['usage', 1, 'dimensions', 'gb'], 5),
      [{ path: '$.usage[1].dimensions.gb', message: 'must be a string, not a whole number' }],
    ],
    [
      'an unknown aggregation, under a meter name that is not an identifier',
      withValueAt(aRatingRequest(), ['meters', 'api-calls', 'aggregation'], 'avg'),
      [
        {
          path: "$.meters['api-calls'].aggregation",
          message:
            'must be one of "sum", "count", "max", "latest", "unique_count", "time_weighted_sum"',
        },
      ],
    ],
    [
      'an unknown currency',
      withValueAt(aRatingRequest(), ['customer', 'currency'], 'EUX'),
      [
        {
          path: '$.customer.currency',
          message: 'unknown currency "EUX": expected an active ISO 4217 code such as "USD"',
        },
      ],
    ],
    [
      'a period that ends before it starts',
      withValueAt(
        aRatingRequest({ usage: [], events: [], subscriptions: [] }),
        ['period', 'end'],
        '2026-02-01',
      ),
      [{ path: '$.period.end', message: 'must be after period.start (2026-03-01)' }],
    ],
    [
      'an empty period',
      withValueAt(
        aRatingRequest({ usage: [], events: [], subscriptions: [] }),
        ['period', 'end'],
        '2026-03-01T00:00:00Z',
      ),
      [{ path: '$.period.end', message: 'must be after period.start (2026-03-01)' }],
    ],
    [
      'duplicate subscription ids',
      withValueAt(aRatingRequest(), ['subscriptions', 1, 'id'], 'sub_1'),
      [
        {
          path: '$.subscriptions[1].id',
          message: 'duplicate subscription id "sub_1" (also $.subscriptions[0].id)',
        },
      ],
    ],
    [
      'a subscription that ends before it starts',
      withValueAt(
        aRatingRequest({ subscriptions: [aSubscription()] }),
        ['subscriptions', 0, 'end'],
        '2026-01-10',
      ),
      [
        {
          path: '$.subscriptions[0].end',
          message: 'must be after the subscription start (2026-01-15)',
        },
      ],
    ],
    [
      'a plan change before the period',
      withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 0, 'date'], '2026-02-28'),
      [{ path: '$.subscriptions[0].changes[0].date', message: IN_MARCH }],
    ],
    [
      'a plan change at the period end',
      withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 1, 'date'], '2026-04-01'),
      [{ path: '$.subscriptions[0].changes[1].date', message: IN_MARCH }],
    ],
    [
      'a plan change before the subscription start',
      aRatingRequest({
        subscriptions: [
          aSubscription({ start: '2026-03-10', changes: [{ date: '2026-03-05', quantity: '2' }] }),
        ],
      }),
      [
        {
          path: '$.subscriptions[0].changes[0].date',
          message: 'must be after the subscription start (2026-03-10)',
        },
      ],
    ],
    [
      'a plan change after the subscription end',
      aRatingRequest({
        subscriptions: [
          aSubscription({ end: '2026-03-15', changes: [{ date: '2026-03-20', quantity: '2' }] }),
        ],
      }),
      [
        {
          path: '$.subscriptions[0].changes[0].date',
          message: 'must be before the subscription end (2026-03-15)',
        },
      ],
    ],
    [
      'plan changes out of order',
      withValueAt(
        aRatingRequest(),
        ['subscriptions', 0, 'changes', 1, 'date'],
        '2026-03-09T23:00:00-01:00',
      ),
      [
        {
          path: '$.subscriptions[0].changes[1].date',
          message: 'must be after the previous change (2026-03-10)',
        },
      ],
    ],
    [
      'usage dated after the period',
      withValueAt(aRatingRequest(), ['usage', 0, 'date'], '2026-04-01'),
      [{ path: '$.usage[0].date', message: IN_MARCH }],
    ],
    [
      'an event before the period',
      withValueAt(aRatingRequest(), ['events', 1, 'timestamp'], '2026-02-28T23:59:59Z'),
      [{ path: '$.events[1].timestamp', message: IN_MARCH }],
    ],
    [
      'usage of a subscription that is not in the request',
      withValueAt(aRatingRequest(), ['usage', 0, 'subscriptionId'], 'sub_9'),
      [
        {
          path: '$.usage[0].subscriptionId',
          message: 'refers to subscription "sub_9", which is not in this request\'s subscriptions',
        },
      ],
    ],
    [
      'an event of a subscription that is not in the request',
      withValueAt(aRatingRequest(), ['events', 1, 'subscriptionId'], 'sub_9'),
      [
        {
          path: '$.events[1].subscriptionId',
          message: 'refers to subscription "sub_9", which is not in this request\'s subscriptions',
        },
      ],
    ],
    [
      'duplicate event ids',
      withValueAt(aRatingRequest(), ['events', 1, 'id'], 'evt_1'),
      [{ path: '$.events[1].id', message: 'duplicate event id "evt_1" (also $.events[0].id)' }],
    ],
    [
      'a unique_count meter without uniqueBy',
      withValueAt(
        aRatingRequest({ events: [] }),
        ['meters', 'active-users', 'uniqueBy'],
        undefined,
      ),
      [
        {
          path: "$.meters['active-users'].uniqueBy",
          message:
            'is required for aggregation "unique_count": name the dimension whose distinct values are counted',
        },
      ],
    ],
    [
      'an event of a unique_count meter without the counted dimension',
      withValueAt(aRatingRequest(), ['events', 0, 'dimensions'], { user: 'u1' }),
      [
        {
          path: '$.events[0].dimensions.userId',
          message: 'is required: meter "active-users" counts distinct values of "userId"',
        },
      ],
    ],
    [
      'daily usage of a unique_count meter without the counted value',
      withValueAt(aRatingRequest(), ['usage', 1, 'meter'], 'active-users'),
      [
        {
          path: '$.usage[1].dimensions.userId',
          message:
            'is required: daily aggregates of unique_count meter "active-users" keep the counted value (one aggregate per value and day); or send the raw events',
        },
      ],
    ],
    [
      'an event without quantity for a summed meter',
      withValueAt(aRatingRequest(), ['events', 1, 'quantity'], undefined),
      [
        {
          path: '$.events[1].quantity',
          message: 'is required: meter "api-calls" aggregates by sum',
        },
      ],
    ],
    [
      'an event without quantity for a meter that is not listed, so summed',
      withValueAt(
        withValueAt(aRatingRequest(), ['events', 1, 'quantity'], undefined),
        ['events', 1, 'meter'],
        'storage',
      ),
      [{ path: '$.events[1].quantity', message: 'is required: meter "storage" aggregates by sum' }],
    ],
    [
      'an event without quantity for a max meter',
      withValueAt(
        withValueAt(aRatingRequest(), ['meters', 'seats'], { aggregation: 'max' }),
        ['events', 0],
        { id: 'evt_9', meter: 'seats', timestamp: '2026-03-02' },
      ),
      [{ path: '$.events[0].quantity', message: 'is required: meter "seats" aggregates by max' }],
    ],
    [
      'nothing for an event without quantity for a count meter',
      withValueAt(
        withValueAt(aRatingRequest(), ['meters', 'logins'], { aggregation: 'count' }),
        ['events', 0],
        { id: 'evt_9', meter: 'logins', timestamp: '2026-03-02' },
      ),
      [],
    ],
    [
      'usage after the period',
      withValueAt(aRatingRequest(), ['usage', 1, 'date'], '2026-04-01'),
      [{ path: '$.usage[1].date', message: IN_MARCH }],
    ],
    [
      'an event before the period, by its time zone',
      withValueAt(aRatingRequest(), ['events', 0, 'timestamp'], '2026-03-01T00:30:00+01:00'),
      [{ path: '$.events[0].timestamp', message: IN_MARCH }],
    ],
    [
      'a timestamp that is not an instant',
      withValueAt(aRatingRequest(), ['events', 0, 'timestamp'], 1772409600000),
      [
        {
          path: '$.events[0].timestamp',
          message:
            'must be a date such as "2026-03-01" or a date-time with a time zone such as "2026-03-01T09:30:00Z", not a whole number',
        },
      ],
    ],
  ])('reports %s', (_name, document, expected) => {
    expect(issuesOf(document)).toEqual(expected);
  });

  describe('fields that only mean something with others', () => {
    const RECURRING_ONLY =
      'only applies to recurring subscriptions: a one_time subscription is billed once, at its start';
    const RENEWS_A_TERM =
      'only applies with "termMonths": without a contract term there is nothing to renew';

    /** The fixture with one subscription, sub_1 (recurring, 25 seats of pro-plan). */
    function withSubscription(overrides: Partial<Subscription>) {
      return aRatingRequest({ subscriptions: [aSubscription(overrides)] });
    }

    it.each<[string, unknown, { path: string; message: string }[]]>([
      [
        'a term on a one_time subscription',
        withValueAt(aRatingRequest(), ['subscriptions', 1, 'termMonths'], 12),
        [{ path: '$.subscriptions[1].termMonths', message: RECURRING_ONLY }],
      ],
      [
        'an end on a one_time subscription',
        withValueAt(aRatingRequest(), ['subscriptions', 1, 'end'], '2026-06-01'),
        [{ path: '$.subscriptions[1].end', message: RECURRING_ONLY }],
      ],
      [
        'autoRenew on a one_time subscription, once (not also for the missing term)',
        withValueAt(aRatingRequest(), ['subscriptions', 1, 'autoRenew'], false),
        [{ path: '$.subscriptions[1].autoRenew', message: RECURRING_ONLY }],
      ],
      [
        'plan changes on a one_time subscription, once for the list',
        withValueAt(
          aRatingRequest(),
          ['subscriptions', 1, 'changes'],
          [{ date: '2026-02-01' }, { date: '2026-03-10', quantity: '2' }],
        ),
        [{ path: '$.subscriptions[1].changes', message: RECURRING_ONLY }],
      ],
      [
        'term, renewal and plan changes on a one_time subscription, each',
        aRatingRequest({
          subscriptions: [
            aSubscription(),
            aOneTimeSubscription({
              termMonths: 12,
              autoRenew: true,
              changes: [{ date: '2026-03-10', quantity: '2' }],
            }),
          ],
        }),
        [
          { path: '$.subscriptions[1].termMonths', message: RECURRING_ONLY },
          { path: '$.subscriptions[1].autoRenew', message: RECURRING_ONLY },
          { path: '$.subscriptions[1].changes', message: RECURRING_ONLY },
        ],
      ],
      [
        'autoRenew true without a term',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'termMonths'], undefined),
        [{ path: '$.subscriptions[0].autoRenew', message: RENEWS_A_TERM }],
      ],
      [
        'autoRenew false without a term',
        withSubscription({ termMonths: undefined, autoRenew: false }),
        [{ path: '$.subscriptions[0].autoRenew', message: RENEWS_A_TERM }],
      ],
      [
        'nothing for a term without autoRenew (it renews)',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'autoRenew'], undefined),
        [],
      ],
      [
        'nothing for a recurring subscription with neither term nor autoRenew',
        withSubscription({ termMonths: undefined, autoRenew: undefined }),
        [],
      ],
      [
        'uniqueBy on a summed meter',
        withValueAt(aRatingRequest(), ['meters', 'seats'], {
          aggregation: 'sum',
          uniqueBy: 'userId',
        }),
        [
          {
            path: '$.meters.seats.uniqueBy',
            message:
              'only applies to aggregation "unique_count", not "sum": remove it or change the aggregation',
          },
        ],
      ],
      [
        'uniqueBy on a counted meter whose name is not an identifier',
        withValueAt(aRatingRequest(), ['meters', 'api-calls'], {
          aggregation: 'count',
          uniqueBy: 'region',
        }),
        [
          {
            path: "$.meters['api-calls'].uniqueBy",
            message:
              'only applies to aggregation "unique_count", not "count": remove it or change the aggregation',
          },
        ],
      ],
      [
        'a plan change with neither product nor quantity',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 1], {
          date: '2026-03-20',
        }),
        [
          {
            path: '$.subscriptions[0].changes[1]',
            message: 'must set the new "product", the new "quantity" or both',
          },
        ],
      ],
      [
        'a plan change to the quantity the subscription already has, written otherwise',
        withSubscription({ changes: [{ date: '2026-03-10', quantity: '25.0' }] }),
        [
          {
            path: '$.subscriptions[0].changes[0]',
            message: 'changes nothing: the quantity is already "25"',
          },
        ],
      ],
      [
        'a plan change to the quantity of a subscription without one: one unit',
        withSubscription({ quantity: undefined, changes: [{ date: '2026-03-10', quantity: '1' }] }),
        [
          {
            path: '$.subscriptions[0].changes[0]',
            message:
              'changes nothing: the quantity is already 1 (the subscription gives no quantity)',
          },
        ],
      ],
      [
        'a plan change to the product the previous change already set',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 2], {
          date: '2026-03-25',
          product: 'business-plan',
        }),
        [
          {
            path: '$.subscriptions[0].changes[2]',
            message: 'changes nothing: the product is already "business-plan"',
          },
        ],
      ],
      [
        'a plan change to the product and quantity already in effect',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 1], {
          date: '2026-03-20',
          product: 'pro-plan',
          quantity: '30',
        }),
        [
          {
            path: '$.subscriptions[0].changes[1]',
            message: 'changes nothing: the product is already "pro-plan" and the quantity "30"',
          },
        ],
      ],
      [
        'nothing for a plan change back to an earlier quantity',
        withSubscription({
          changes: [
            { date: '2026-03-10', quantity: '30' },
            { date: '2026-03-20', quantity: '25' },
          ],
        }),
        [],
      ],
      [
        'nothing for a plan change of the product that repeats the quantity',
        withSubscription({
          changes: [{ date: '2026-03-10', product: 'business-plan', quantity: '25' }],
        }),
        [],
      ],
      [
        'only the schema issue for a plan change to a quantity that is not a decimal string',
        withValueAt(aRatingRequest(), ['subscriptions', 0, 'changes', 0, 'quantity'], 25),
        [
          {
            path: '$.subscriptions[0].changes[0].quantity',
            message: 'must be a decimal string such as "12.50", not a number',
          },
        ],
      ],
    ])('reports %s', (_name, document, expected) => {
      expect(issuesOf(document)).toEqual(expected);
    });
  });

  it.each([
    ['customer', 'anonymous'],
    ['period', ['2026-03-01', '2026-04-01']],
    ['subscriptions', { sub_1: {} }],
    ['usage', 'none'],
    ['events', [null, 3]],
    ['meters', []],
  ])('reports a malformed %s without crashing', (field, value) => {
    expect(validateRatingRequest(withValueAt(aRatingRequest(), [field], value)).ok).toBe(false);
  });
});
