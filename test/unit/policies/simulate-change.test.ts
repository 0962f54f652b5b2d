// The revenue impact of draft versions on the example customers, worked out by hand.
import { describe, expect, it } from 'vitest';
import { previewChange, simulateChange } from '../../../server/policies/simulate-change';
import type { Policy, PricingPolicy, RatingRequest } from '../../../server/rating/types';
import { readExampleFolder } from '../rating/builders';

const published = readExampleFolder('saas/policies').map(({ document }) => document as Policy);
const requests = readExampleFolder('saas/requests').map(
  ({ document }) => document as RatingRequest,
);
const period = { start: '2026-03-01', end: '2026-04-01' };

function draftOf(key: string, rule: string, change: (params: Record<string, unknown>) => void) {
  const current = published.find((policy) => policy.key === key) as PricingPolicy;
  const draft = structuredClone(current);
  draft.version = 2;
  draft.effectiveFrom = '2026-06-01';
  const params: unknown = draft.rules.find((candidate) => candidate.name === rule)!.event.params;
  change(params as Record<string, unknown>);
  return draft;
}

describe('simulateChange', () => {
  const vmTier1 = draftOf('saas-pricing-usd', 'vm-hours-enterprise', (params) => {
    (params.tiers as { unitPrice: string }[])[0]!.unitPrice = '0.060';
  });
  const eurBandwidth = draftOf('saas-pricing-eur', 'bandwidth-standard', (params) => {
    params.unitPrice = '0.15';
  });
  const result = simulateChange({ requests, period, published, drafts: [vmTier1, eurBandwidth] });

  it('rates every customer with both sets and reports no failures', () => {
    expect(result.failures).toEqual([]);
    expect(result.customers.map((customer) => customer.customerId).sort()).toEqual([
      'acme-corp',
      'globex-gmbh',
    ]);
  });

  it('shows a price rise absorbed by a commitment: two lines change, the total does not', () => {
    // VM hours: tier 1 at 0.060 gives 522.00, -15% = 443.70, -20% x 15/31 promo (42.94) = 400.76,
    // + 6.5% (26.05) + 3.85% (15.43) = 442.24 (was 433.76). The true-up falls from 422.47 to
    // 1000 - (400.76 + 184.45) = 414.79, + 26.96 + 15.97 = 457.72 (was 466.20). Total 1654.15.
    expect(result.customers.find((customer) => customer.customerId === 'acme-corp')).toEqual({
      customerId: 'acme-corp',
      currency: 'USD',
      before: '1654.15',
      after: '1654.15',
      delta: '0.00',
      changedLines: [
        {
          description: 'VM hours (enterprise) (region: us-west-2)',
          kind: 'usage',
          before: '433.76',
          after: '442.24',
        },
        {
          description: 'Minimum commitment true-up (cloud-usage)',
          kind: 'true_up',
          before: '466.20',
          after: '457.72',
        },
      ],
    });
  });

  it('totals the delta per currency without converting', () => {
    // Globex bandwidth: (220 - 100) x 0.15 = 18.00 instead of 13.20, reverse charge: +4.80 EUR
    expect(result.totals).toEqual([
      { currency: 'USD', before: '1654.15', after: '1654.15', delta: '0.00', customers: 1 },
      { currency: 'EUR', before: '429.44', after: '434.24', delta: '4.80', customers: 1 },
    ]);
  });

  it('reports a customer the drafts cannot rate instead of failing the simulation', () => {
    const noVmPrice = draftOf('saas-pricing-usd', 'vm-hours-standard', () => {});
    noVmPrice.rules = noVmPrice.rules.filter((rule) => !rule.name.startsWith('vm-hours'));
    const outcome = simulateChange({ requests, period, published, drafts: [noVmPrice] });
    expect(outcome.failures).toEqual([
      {
        customerId: 'acme-corp',
        with: 'drafts',
        issues: [
          {
            path: '$.usage[0]',
            message: 'no pricing rule of saas-pricing-usd v2 matches meter "vm_hours"',
          },
        ],
      },
    ]);
    expect(outcome.customers.map((customer) => customer.customerId)).toEqual(['globex-gmbh']);
  });

  it('previews one request both ways, keeping each invoice whole', () => {
    const globex = requests.find((request) => request.customer.id === 'globex-gmbh')!;
    const outcome = previewChange({ request: globex, published, drafts: [eurBandwidth] });
    if (!outcome.before.ok || !outcome.after.ok) throw new Error('both sides should rate');
    expect(outcome.before.invoice.totals.total.toString()).toBe('429.44');
    expect(outcome.after.invoice.totals.total.toString()).toBe('434.24');
    expect(outcome.impact).toMatchObject({ before: '429.44', after: '434.24', delta: '4.80' });

    const noVmPrice = draftOf('saas-pricing-usd', 'vm-hours-standard', () => {});
    noVmPrice.rules = noVmPrice.rules.filter((rule) => !rule.name.startsWith('vm-hours'));
    const acme = requests.find((request) => request.customer.id === 'acme-corp')!;
    const failing = previewChange({ request: acme, published, drafts: [noVmPrice] });
    expect(failing.before.ok).toBe(true);
    expect(failing.after).toEqual({
      ok: false,
      issues: [
        {
          path: '$.usage[0]',
          message: 'no pricing rule of saas-pricing-usd v2 matches meter "vm_hours"',
        },
      ],
    });
    expect(failing.impact).toBeNull();
  });
});
