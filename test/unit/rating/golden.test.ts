// Golden tests: every example request rated with its folder's policies, compared in full (lines,
// traces, totals, notes) with a reviewed result in golden/. Any difference fails with a diff of
// the two results. After an intended change, run `UPDATE_GOLDEN=1 npx vitest run
// test/unit/rating/golden.test.ts`, then review the diff of golden/ by hand before committing it.
// The totals of each example are also checked against the hand computation below, so a golden
// file rewritten with a wrong number still fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../../server/rating/policy-set';
import { rateInvoice } from '../../../server/rating/rate-invoice';
import type { RatingResult } from '../../../server/rating/types';
import { examplePolicySources, readExampleFolder } from './builders';

// eslint-disable-next-line no-restricted-syntax -- a developer's switch for this test alone, not configuration of the application: it rewrites the golden files instead of comparing with them
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const GOLDEN = fileURLToPath(new URL('golden', import.meta.url));

const EXAMPLES = ['saas', 'hardware'].flatMap((example) =>
  readExampleFolder(`${example}/requests`).map(({ file, document }) => ({
    example,
    name: file.replace(/\.json$/, ''),
    request: document,
  })),
);

const policySets = new Map(
  ['saas', 'hardware'].map((example) => [example, loadPolicySet(examplePolicySources(example))]),
);

function rateExample(name: string): RatingResult {
  const found = EXAMPLES.find((example) => example.name === name);
  if (found === undefined) throw new Error(`no example request ${name}`);
  return rateInvoice({ request: found.request, policies: policySets.get(found.example)! });
}

/** The result as JSON would carry it: no undefined fields, plain objects. */
function asJson(result: RatingResult): unknown {
  return JSON.parse(JSON.stringify(result));
}

describe('golden results of the example requests', () => {
  it('finds the four example requests', () => {
    expect(EXAMPLES.map(({ example, name }) => `${example}/${name}`)).toEqual([
      'saas/acme-2026-03',
      'saas/globex-2026-03',
      'hardware/initech-2026-03',
      'hardware/initech-2027-03',
    ]);
  });

  it.each(EXAMPLES.map(({ example, name }) => [`${example}/${name}`, name]))(
    '%s matches its golden file',
    async (_example, name) => {
      const result = asJson(rateExample(name));
      const file = join(GOLDEN, `${name}.json`);
      if (UPDATE_GOLDEN) {
        const options = { ...(await resolveConfig(file)), parser: 'json' };
        writeFileSync(file, await format(JSON.stringify(result), options));
      }
      const golden: unknown = JSON.parse(readFileSync(file, 'utf8'));
      expect(result).toStrictEqual(golden);
    },
  );
});

describe('hand-computed totals of the example requests', () => {
  it('acme-2026-03: enterprise usage with a spring promotion and a commitment true-up, WA + Seattle tax', () => {
    const result = rateExample('acme-2026-03');
    expect(
      result.lines.map((line) => [line.description, line.amount, line.discountAmount]),
    ).toEqual([
      ['Platform subscription', '499.00', '0.00'], // flat 499.00, the whole month
      // VM hours, 12400 graduated: 1000 x 0.050 + 9000 x 0.042 + 2400 x 0.035 = 50 + 378 + 84 = 512.00
      // enterprise 15% = 76.80; spring 20% of 435.20 x 15/31 (usage of 1-15 March) = 42.116... -> 42.12
      ['VM hours (enterprise) (region: us-west-2)', '512.00', '118.92'], // 76.80 + 42.12
      // bandwidth, volume: all 3100 at tier 2, 3100 x 0.070 = 217.00; enterprise 15% = 32.55
      ['Bandwidth GB (enterprise) (region: us-west-2)', '217.00', '32.55'],
      // commitment 1000.00 - (393.08 + 184.45 = 577.53) = 422.47
      ['Minimum commitment true-up (cloud-usage)', '422.47', '0.00'],
    ]);
    expect(result.lines.map((line) => line.taxes.map((tax) => tax.amount))).toEqual([
      ['32.44', '19.21'], // 6.5% of 499.00 = 32.435 -> 32.44; 3.85% = 19.2115 -> 19.21
      ['25.55', '15.13'], // 6.5% of 393.08 = 25.5502 -> 25.55; 3.85% = 15.13358 -> 15.13
      ['11.99', '7.10'], // 6.5% of 184.45 = 11.98925 -> 11.99; 3.85% = 7.101325 -> 7.10
      ['27.46', '16.27'], // 6.5% of 422.47 = 27.46055 -> 27.46; 3.85% = 16.265095 -> 16.27
    ]);
    expect(result.totals).toEqual({
      amount: '1650.47', // 499.00 + 512.00 + 217.00 + 422.47
      discount: '151.47', // 118.92 + 32.55
      net: '1499.00', // 1650.47 - 151.47
      tax: '155.15', // 32.44 + 19.21 + 25.55 + 15.13 + 11.99 + 7.10 + 27.46 + 16.27
      total: '1654.15', // 1499.00 + 155.15
    });
    expect(result.warnings).toEqual([]);
  });

  it('globex-2026-03: a German business from 10 March, EU reverse charge', () => {
    const result = rateExample('globex-2026-03');
    expect(result.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Platform subscription', '325.74'], // 459.00 x 22/31 (10 to 31 March) = 325.741... -> 325.74
      // 22 days x 80 = 1760 hours, graduated: 500 x 0.055 + 1260 x 0.050 = 27.50 + 63.00 = 90.50
      ['VM hours (region: eu-central-1)', '90.50'],
      // 22 days x 10 = 220 GB, 100 free: 120 x 0.11 = 13.20
      ['Bandwidth GB (region: eu-central-1)', '13.20'],
    ]);
    expect(result.totals).toEqual({
      amount: '429.44', // 325.74 + 90.50 + 13.20
      discount: '0.00',
      net: '429.44',
      tax: '0.00', // reverse charge
      total: '429.44',
    });
    expect(result.currency).toBe('EUR');
    expect(result.notes).toEqual([
      'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
    ]);
  });

  it('initech-2026-03: appliances with a volume discount, installation, support from 15 March', () => {
    const result = rateExample('initech-2026-03');
    expect(
      result.lines.map((line) => [line.description, line.amount, line.discountAmount]),
    ).toEqual([
      // 12 x 4800.00 = 57600.00; 12 units: the 50+ rule does not match, the 10+ one gives 8% = 4608.00
      ['Edge appliance EA-200', '57600.00', '4608.00'],
      ['On-site installation', '1500.00', '0.00'],
      // 57600 x 18% = 10368.00 a year / 12 x 17/31 (15 to 31 March) = 473.806... -> 473.81
      ['Annual support contract', '473.81', '0.00'],
    ]);
    expect(result.lines.map((line) => line.taxAmount)).toEqual([
      '4371.84', // 52992.00 x 6.25% = 3312.00 + 52992.00 x 2% = 1059.84
      '123.75', // 1500.00 x 6.25% = 93.75 + 1500.00 x 2% = 30.00
      '39.09', // 473.81 x 6.25% = 29.613... -> 29.61 + 473.81 x 2% = 9.4762 -> 9.48
    ]);
    expect(result.totals).toEqual({
      amount: '59573.81', // 57600.00 + 1500.00 + 473.81
      discount: '4608.00',
      net: '54965.81', // 59573.81 - 4608.00
      tax: '4534.68', // 4371.84 + 123.75 + 39.09
      total: '59500.49', // 54965.81 + 4534.68
    });
  });

  it('initech-2027-03: support term 1 grandfathered at 18%, renewal term 2 at the 2027 price of 20%', () => {
    const result = rateExample('initech-2027-03');
    expect(result.lines.map((line) => [line.description, line.amount, line.taxAmount])).toEqual([
      // 57600 x 18% / 12 x 14/31 (1 to 14 March) = 390.193... -> 390.19; tax 24.39 + 7.80
      ['Annual support contract', '390.19', '32.19'],
      // 57600 x 20% / 12 x 17/31 (15 to 31 March) = 526.451... -> 526.45; tax 32.90 + 10.53
      ['Annual support contract - renewal term 2', '526.45', '43.43'],
    ]);
    expect(result.totals).toEqual({
      amount: '916.64', // 390.19 + 526.45
      discount: '0.00',
      net: '916.64',
      tax: '75.62', // 32.19 + 43.43
      total: '992.26', // 916.64 + 75.62
    });
    expect(result.policies).toEqual([
      { key: 'hardware-pricing', version: 1 },
      { key: 'hardware-pricing', version: 2 },
      { key: 'hardware-tax', version: 1 },
    ]);
  });
});
