import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRate, type RunRateOptions } from '../../../server/cli/run-rate';
import type { RatingResult } from '../../../server/rating/types';
import { withValueAt } from '../validation/builders';
import {
  ACME_REQUEST,
  EXAMPLES,
  HARDWARE_POLICIES,
  INITECH_REQUEST,
  SAAS_POLICIES,
  aTemporaryFolder,
  captureOutput,
  readDocument,
  writeDocument,
} from './cli-fixtures';

let folder: string;
let removeFolder: () => Promise<void>;

beforeEach(async () => {
  ({ path: folder, remove: removeFolder } = await aTemporaryFolder());
});

afterEach(async () => {
  await removeFolder();
});

async function rate(options: Omit<RunRateOptions, 'out' | 'err'>) {
  const output = captureOutput();
  const exitCode = await runRate({ ...options, out: output.out, err: output.err });
  return { exitCode, out: output.outLines, err: output.errLines };
}

describe('runRate: JSON output', () => {
  it.each([
    ['saas', SAAS_POLICIES, ACME_REQUEST, 'acme-corp', '1654.15'],
    ['hardware', HARDWARE_POLICIES, INITECH_REQUEST, 'initech', '59500.49'],
  ])('rates the %s example', async (_example, policies, request, customerId, total) => {
    const { exitCode, out, err } = await rate({ policies: [policies], request, format: 'json' });

    expect(err).toEqual([]);
    expect(exitCode).toBe(0);
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0]!) as RatingResult;
    expect(result.customerId).toBe(customerId);
    expect(result.currency).toBe('USD');
    expect(result.totals.total).toBe(total);
  });

  it('gives the saas totals, taxes and policies used', async () => {
    const { out } = await rate({
      policies: [SAAS_POLICIES],
      request: ACME_REQUEST,
      format: 'json',
    });

    const result = JSON.parse(out[0]!) as RatingResult;
    expect(result.totals).toEqual({
      amount: '1650.47',
      discount: '151.47',
      net: '1499.00',
      tax: '155.15',
      total: '1654.15',
    });
    expect(result.lines.map((line) => [line.id, line.description, line.total])).toEqual([
      ['L1', 'Platform subscription', '550.65'],
      ['L2', 'VM hours (enterprise) (region: us-west-2)', '433.76'],
      ['L3', 'Bandwidth GB (enterprise) (region: us-west-2)', '203.54'],
      ['L4', 'Minimum commitment true-up (cloud-usage)', '466.20'],
    ]);
    expect(result.policies).toEqual([
      { key: 'saas-discounts', version: 1 },
      { key: 'saas-pricing-usd', version: 1 },
      { key: 'saas-promotions-usd', version: 1 },
      { key: 'saas-tax', version: 1 },
    ]);
  });
});

describe('runRate: table output', () => {
  it('shows each saas line with its explanation, then the totals', async () => {
    const { exitCode, out, err } = await rate({
      policies: [SAAS_POLICIES],
      request: ACME_REQUEST,
      format: 'table',
    });

    expect(err).toEqual([]);
    expect(exitCode).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('Invoice preview for acme-corp, 2026-03-01 to 2026-04-01 (USD)');
    const rows = lines.filter((line) => /^L\d/.test(line)).map((line) => line.split(/ {2,}/));
    expect(rows).toEqual([
      ['L1', 'Platform subscription', '1', '499.00', '0.00', '499.00', '51.65', '550.65'],
      [
        'L2',
        'VM hours (enterprise) (region: us-west-2)',
        '12400',
        '512.00',
        '-118.92',
        '393.08',
        '40.68',
        '433.76',
      ],
      [
        'L3',
        'Bandwidth GB (enterprise) (region: us-west-2)',
        '3100',
        '217.00',
        '-32.55',
        '184.45',
        '19.09',
        '203.54',
      ],
      [
        'L4',
        'Minimum commitment true-up (cloud-usage)',
        '1',
        '422.47',
        '0.00',
        '422.47',
        '43.73',
        '466.20',
      ],
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        '      price: flat 499 = 499',
        expect.stringMatching(
          /^ {6}price: graduated: 1000 x 0\.05 \(tier 1: .+\) \+ 9000 x 0\.042 \(tier 2: .+\) \+ 2400 x 0\.035 \(tier 3: .+\) = 512$/,
        ),
        expect.stringMatching(
          /^ {6}price: volume: all 3100 units at tier 2 \(.+\): 3100 x 0\.07 = 217$/,
        ),
        '      discount: Enterprise discount 15% on usage: 15% of 512.00 = -76.80',
        '      commitment: commitment of 1000.00 for cloud-usage; lines L2, L3 come to 577.53 after discounts; true-up 422.47',
        '      tax: Washington state sales tax (US-WA) 6.5% of 499.00 = 32.44',
        'Amount               1650.47 USD',
        'Discounts            -151.47 USD',
        'Net                  1499.00 USD',
        'Tax                   155.15 USD',
        'Total                1654.15 USD',
        '  Washington state sales tax (US-WA) 6.5% of 1499.00: 97.44',
        'Policies: saas-discounts v1, saas-pricing-usd v1, saas-promotions-usd v1, saas-tax v1',
      ]),
    );
  });

  it.each([
    ['saas', SAAS_POLICIES, ACME_REQUEST],
    ['hardware', HARDWARE_POLICIES, INITECH_REQUEST],
  ])(
    'puts every step of the %s trace under its own line, in order',
    async (_example, policies, request) => {
      const json = await rate({ policies: [policies], request, format: 'json' });
      const table = await rate({ policies: [policies], request, format: 'table' });

      const result = JSON.parse(json.out[0]!) as RatingResult;
      const lines = table.out.join('\n').split('\n');
      for (const line of result.lines) {
        const row = lines.findIndex((text) => text.startsWith(`${line.id}  `));
        expect(row).toBeGreaterThan(0);
        const explanations = line.trace.map((step) => `      ${step.step}: ${step.explanation}`);
        expect(explanations.length).toBeGreaterThan(0);
        // A subscription charge for part of the period first says which part.
        const first = lines[row + 1]?.startsWith('      service: ') ? row + 2 : row + 1;
        expect(lines.slice(first, first + explanations.length)).toEqual(explanations);
      }
    },
  );

  it('shows the hardware proration and rounding steps', async () => {
    const { exitCode, out } = await rate({
      policies: [HARDWARE_POLICIES],
      request: INITECH_REQUEST,
      format: 'table',
    });

    expect(exitCode).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '      service: 2026-03-15 to 2026-04-01',
        '      price: 18% of 57600 = 10368',
        '      proration: 10368 / 12 (yearly price) x (17/31 days of 2026-03) = 473.806452...',
        '      rounding: 473.806452... rounded HALF_UP to 473.81 USD',
        '      discount: Volume discount 8% (10+ units): 8% of 57600.00 = -4608.00',
        'Total               59500.49 USD',
      ]),
    );
  });
});

describe('runRate: errors', () => {
  it('names the request file and the JSON path of every bad field', async () => {
    let request = withValueAt(await readDocument(ACME_REQUEST), ['usage', 0, 'quantity'], 400);
    request = withValueAt(request, ['period', 'start'], '2026-02-30');
    const file = await writeDocument(folder, 'acme-bad.json', request);

    expect(await rate({ policies: [SAAS_POLICIES], request: file, format: 'json' })).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${file}: $.period.start is not a real date or time (check the day of the month and the hours)`,
        `${file}: $.usage[0].quantity must be a decimal string such as "12.50", not a number`,
      ],
    });
  });

  it('names the request path of usage no pricing rule matches', async () => {
    const request = withValueAt(
      await readDocument(ACME_REQUEST),
      ['usage', 3, 'meter'],
      'gpu_hours',
    );
    const file = await writeDocument(folder, 'acme-gpu.json', request);

    expect(await rate({ policies: [SAAS_POLICIES], request: file, format: 'table' })).toEqual({
      exitCode: 1,
      out: [],
      err: [`${file}: $.usage[3] no pricing rule of saas-pricing-usd v1 matches meter "gpu_hours"`],
    });
  });

  it('names the policy file and path of an invalid policy, and rates nothing', async () => {
    const policies = join(folder, 'policies');
    await cp(SAAS_POLICIES, policies, { recursive: true });
    const pricing = join(policies, 'pricing-usd.json');
    await writeDocument(
      policies,
      'pricing-usd.json',
      withValueAt(
        await readDocument(pricing),
        ['rules', 0, 'event', 'params', 'tiers', 0, 'unitPrice'],
        0.05,
      ),
    );

    expect(await rate({ policies: [policies], request: ACME_REQUEST, format: 'json' })).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${pricing}: $.rules[0].event.params.tiers[0].unitPrice must be a decimal string such as "12.50", not a number`,
      ],
    });
  });

  // Thunks: the temporary folder exists only once each test has started.
  it.each<[string, () => string]>([
    ['a folder of requests', () => join(EXAMPLES, 'saas/requests')],
    ['an empty folder', () => folder],
  ])('says --request takes one JSON file when it names %s', async (_case, given) => {
    const request = given();

    expect(await rate({ policies: [SAAS_POLICIES], request, format: 'json' })).toEqual({
      exitCode: 1,
      out: [],
      err: [`${request}: is a folder; --request takes one JSON file`],
    });
  });

  it('names a request file that does not exist', async () => {
    const missing = join(folder, 'missing.json');

    expect(await rate({ policies: [SAAS_POLICIES], request: missing, format: 'json' })).toEqual({
      exitCode: 1,
      out: [],
      err: [`${missing}: no such file`],
    });
  });
});
