// Simulations on the real stores, over the demo customers of the examples: the saas example's
// platform fee goes from 499.00 to 599.00 in a draft, and only Acme's platform line changes.
//
// Acme, March 2026 (rules/examples/saas/requests/acme-2026-03.json): the platform line is
// 499.00 + 6.5% WA tax 32.44 + 3.85% Seattle tax 19.21 = 550.65. At 599.00 the taxes are
// 599 x 6.5% = 38.935 -> 38.94 and 599 x 3.85% = 23.0615 -> 23.06 (HALF_UP), so the line is
// 661.00, 110.35 more, and Acme's invoice goes from 1654.15 to 1764.50. Globex is billed in EUR
// by another price list and Initech buys hardware: their invoices do not change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog, type Clock } from '../../../server/audit';
import { AppError } from '../../../server/errors/app-error';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { createDraft } from '../../../server/versioning/create-draft';
import { editDraft } from '../../../server/versioning/edit-draft';
import { runSimulation } from '../../../server/simulations/run-simulation';
import { loadVersionReview } from '../../../server/simulations/load-version-review';
import {
  ensureReviewSimulation,
  reviewPeriod,
} from '../../../server/simulations/review-simulation';
import {
  findSimulationCustomers,
  simulations,
} from '../../../server/simulations/simulations-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../support/test-store';
import { MARCH_2026, seedDemoStore, usdPricesWithPlatformFee } from './demo-simulation-fixtures';

const clock: Clock = { now: () => new Date('2026-11-20T09:00:00Z') };
const bea = { id: 'bea', roles: ['billing_admin'], mfa: false };

describe.each(STORE_KINDS)('simulations on the %s store', (kind) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(kind);
    await seedDemoStore(test.store, clock);
  });
  afterEach(async () => {
    await test.dispose();
  });

  async function platformFeeDraft(amount: string) {
    return createDraft({
      store: test.store,
      clock,
      family: POLICY_FAMILY,
      actor: bea,
      document: usdPricesWithPlatformFee(amount),
    });
  }

  function simulate(request: Parameters<typeof runSimulation>[0]['request']) {
    return runSimulation({
      store: test.store,
      clock,
      actor: { type: 'user', id: bea.id },
      request,
    });
  }

  it('rates every stored customer both ways and keeps the result', async () => {
    const draft = await platformFeeDraft('599.00');
    const { simulation, customers } = await simulate({
      versions: [{ key: draft.key, version: draft.version }],
      period: MARCH_2026,
    });

    expect(customers.map((customer) => [customer.customerId, customer.delta])).toEqual([
      ['acme-corp', '110.35'],
      ['globex-gmbh', '0.00'],
      ['initech', '0.00'],
    ]);
    const acme = customers[0]!;
    expect(acme).toMatchObject({ currency: 'USD', before: '1654.15', after: '1764.50' });
    expect(acme.changedLines).toEqual([
      {
        description: 'Platform subscription',
        kind: 'recurring',
        before: '550.65',
        after: '661.00',
      },
    ]);
    expect(customers[1]!.changedLines).toEqual([]);
    expect(simulation).toMatchObject({
      versions: [
        {
          key: 'saas-pricing-usd',
          version: 2,
          kind: 'pricing',
          status: 'draft',
          contentHash: draft.contentHash,
        },
      ],
      period: MARCH_2026,
      customerIds: null,
      createdBy: 'bea',
      customerCount: 3,
      changedCustomerCount: 1,
      failureCount: 0,
      failures: [],
    });
    const usd = simulation.totals.find((total) => total.currency === 'USD')!;
    expect(usd).toMatchObject({ delta: '110.35', customers: 2 });
    expect(Number(usd.after) - Number(usd.before)).toBeCloseTo(110.35, 2);
    expect(simulation.totals.find((total) => total.currency === 'EUR')).toMatchObject({
      delta: '0.00',
      customers: 1,
    });

    const stored = await simulations(test.store).findOne({ _id: simulation._id });
    expect(stored).toEqual(simulation);
    const page = await findSimulationCustomers(test.store, simulation._id, {
      offset: 1,
      limit: 1,
    });
    expect(page.map((customer) => customer.customerId)).toEqual(['globex-gmbh']);

    const verification = await verifyAuditLog({ store: test.store });
    expect(verification.ok).toBe(true);
  });

  it('rates only the customers named', async () => {
    const draft = await platformFeeDraft('599.00');
    const { simulation, customers } = await simulate({
      versions: [{ key: draft.key, version: draft.version }],
      period: MARCH_2026,
      customerIds: ['acme-corp'],
    });
    expect(customers.map((customer) => customer.customerId)).toEqual(['acme-corp']);
    expect(simulation.customerIds).toEqual(['acme-corp']);
    expect(simulation.totals).toEqual([
      { currency: 'USD', before: '1654.15', after: '1764.50', delta: '110.35', customers: 1 },
    ]);
  });

  it('is what the review of the version shows, until the draft changes', async () => {
    const draft = await platformFeeDraft('599.00');
    const { simulation } = await simulate({
      versions: [{ key: draft.key, version: draft.version }],
      period: MARCH_2026,
    });
    const review = await loadVersionReview(test.store, draft.key, draft.version);
    expect(review.simulation?._id).toBe(simulation._id);
    expect(review.against?.version).toBe(1);
    expect(review.changes).toEqual([
      { kind: 'changed', path: '$.version', before: 1, after: 2 },
      {
        kind: 'changed',
        path: '$.rules["platform-fee"].event.params.amount',
        before: '499.00',
        after: '599.00',
      },
    ]);

    // Another content is another question: its review waits for its own simulation.
    await editDraft({
      store: test.store,
      clock,
      family: POLICY_FAMILY,
      actor: bea,
      key: draft.key,
      version: draft.version,
      revision: draft.revision,
      document: usdPricesWithPlatformFee('649.00'),
    });
    const edited = await loadVersionReview(test.store, draft.key, draft.version);
    expect(edited.simulation).toBeUndefined();
  });

  it('refuses unknown customers and versions that are in force, naming them, and keeps nothing', async () => {
    const draft = await platformFeeDraft('599.00');
    const error = await simulate({
      versions: [
        { key: draft.key, version: draft.version },
        { key: 'saas-tax', version: 1 },
        { key: 'saas-tax-2', version: 1 },
      ],
      period: MARCH_2026,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).options.issues).toEqual([
      {
        path: '$.versions[1]',
        message: 'saas-tax v1 is published: simulate a draft, or a version in review or approved',
      },
      { path: '$.versions[2]', message: 'saas-tax-2 has no version 1' },
    ]);

    const unknown = await simulate({
      versions: [{ key: draft.key, version: draft.version }],
      period: MARCH_2026,
      customerIds: ['acme-corp', 'nobody'],
    }).catch((caught: unknown) => caught);
    expect((unknown as AppError).options.issues).toEqual([
      { path: '$.customerIds[1]', message: 'no customer has the id "nobody"' },
    ]);
    expect(await simulations(test.store).count({})).toBe(0);
  });

  it('simulates a version submitted without a simulation over the latest month with usage', async () => {
    const draft = await platformFeeDraft('599.00');
    // The demo usage is March 2026; a store without usage simulates the month before now.
    expect(await reviewPeriod(test.store, clock)).toEqual(MARCH_2026);
    expect(await reviewPeriod(test.store, { now: () => new Date('2026-03-31T23:00:00Z') })).toEqual(
      { start: '2026-02-01', end: '2026-03-01' },
    );

    const actor = { type: 'user' as const, id: bea.id };
    const first = await ensureReviewSimulation({ store: test.store, clock, actor, record: draft });
    expect(first).toMatchObject({ period: MARCH_2026, customerIds: null, customerCount: 3 });
    expect(first.totals.find((total) => total.currency === 'USD')?.delta).toBe('110.35');
    // Simulated once: the same content keeps its simulation.
    const again = await ensureReviewSimulation({ store: test.store, clock, actor, record: draft });
    expect(again._id).toBe(first._id);
    expect(await simulations(test.store).count({})).toBe(1);
  });
});
