// A stored customer's rating request for a period: the subscriptions that overlap it and the
// usage inside it, nothing else.
import { describe, expect, it } from 'vitest';
import { buildRatingRequest } from '../../../server/customers/build-rating-request';
import type {
  CustomerRecord,
  SubscriptionRecord,
  UsageDailyRecord,
} from '../../../server/customers/customer-records';
import { aCustomer, aSubscription } from '../rating/builders';

const customer: CustomerRecord = {
  _id: 'cus_1',
  name: 'Customer One',
  facts: aCustomer({ id: 'cus_1' }),
  promoCodes: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  revision: 1,
};

const subscription = (id: string, start: string, end?: string): SubscriptionRecord => ({
  _id: `cus_1/${id}`,
  customerId: 'cus_1',
  subscription: aSubscription({ id, start, ...(end && { end }) }),
});

const usageOn = (date: string): UsageDailyRecord => ({
  _id: `cus_1|vm|${date}`,
  customerId: 'cus_1',
  day: date.slice(0, 10),
  usage: { meter: 'vm', date, quantity: '1' },
});

const MARCH = { start: '2026-03-01', end: '2026-04-01' };

describe('buildRatingRequest', () => {
  it('keeps the subscriptions that overlap the period, ends excluded', () => {
    const request = buildRatingRequest(
      customer,
      [
        subscription('ended-before', '2026-01-01', '2026-03-01'),
        subscription('ends-inside', '2026-01-01', '2026-03-02'),
        subscription('open', '2025-06-01'),
        subscription('starts-inside', '2026-03-31'),
        subscription('starts-after', '2026-04-01'),
      ],
      [],
      MARCH,
    );
    expect(request.subscriptions?.map((item) => item.id)).toEqual([
      'ends-inside',
      'open',
      'starts-inside',
    ]);
  });

  it('keeps the usage inside [start, end)', () => {
    const request = buildRatingRequest(
      customer,
      [],
      [usageOn('2026-02-28'), usageOn('2026-03-01'), usageOn('2026-03-31'), usageOn('2026-04-01')],
      MARCH,
    );
    expect(request.usage?.map((item) => item.date)).toEqual(['2026-03-01', '2026-03-31']);
  });

  it('gives the customer facts, the period and the promotion codes, and leaves out empty lists', () => {
    expect(buildRatingRequest({ ...customer, promoCodes: ['SPRING26'] }, [], [], MARCH)).toEqual({
      customer: customer.facts,
      period: MARCH,
      promoCodes: ['SPRING26'],
    });
  });
});
