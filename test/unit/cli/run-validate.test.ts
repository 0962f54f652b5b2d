import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runValidate } from '../../../server/cli/run-validate';
import {
  aDiscountPolicy,
  aPricingPolicy,
  aRatingRequest,
  anOverdueInvoice,
  withValueAt,
} from '../validation/builders';
import {
  EXAMPLES,
  aTemporaryFolder,
  captureOutput,
  writeDocument,
  writeText,
} from './cli-fixtures';

const DECIMAL_NOT_A_NUMBER = 'must be a decimal string such as "12.50", not a number';
const DECIMAL_FORMAT =
  'must be a decimal string such as "12.50" (digits, optional minus and decimal point; no exponent or separators)';

let folder: string;
let removeFolder: () => Promise<void>;

beforeEach(async () => {
  ({ path: folder, remove: removeFolder } = await aTemporaryFolder());
});

afterEach(async () => {
  await removeFolder();
});

async function validate(paths: string[]) {
  const output = captureOutput();
  const exitCode = await runValidate({ paths, out: output.out, err: output.err });
  return { exitCode, out: output.outLines, err: output.errLines };
}

/** A pricing policy with five mistakes an author could make, each at a known path. */
function aPricingPolicyWithFiveErrors(): unknown {
  const tiers = ['rules', 0, 'event', 'params', 'tiers'];
  let policy = withValueAt(aPricingPolicy(), [...tiers, 0, 'unitPrice'], 0.05);
  policy = withValueAt(policy, [...tiers, 1, 'unitPrice'], '1,5');
  // The first tier ends at 100000, so a second tier ending at 50000 is out of order.
  policy = withValueAt(policy, [...tiers, 1, 'upTo'], '50000');
  policy = withValueAt(policy, ['rules', 0, 'conditions', 'all', 0, 'fact'], 'lin');
  return withValueAt(policy, ['colour'], 'blue');
}

describe('runValidate: valid documents', () => {
  it('accepts every example, counting each JSON file under rules/examples', async () => {
    const entries = await readdir(EXAMPLES, { recursive: true });
    const exampleCount = entries.filter((entry) => entry.endsWith('.json')).length;
    expect(exampleCount).toBeGreaterThanOrEqual(15);

    expect(await validate([EXAMPLES])).toEqual({
      exitCode: 0,
      out: [`${exampleCount} document(s) valid`],
      err: [],
    });
  });

  it('accepts files named one by one, of each document type', async () => {
    const files = [
      await writeDocument(folder, 'pricing.json', aPricingPolicy()),
      await writeDocument(folder, 'request.json', aRatingRequest()),
      await writeDocument(folder, 'invoice.json', anOverdueInvoice()),
    ];
    expect(await validate(files)).toEqual({
      exitCode: 0,
      out: ['3 document(s) valid'],
      err: [],
    });
  });

  it('reads folders whatever their name, and skips other files and hidden folders', async () => {
    await writeDocument(folder, '2026.03/pricing.json', aPricingPolicy());
    await writeDocument(folder, 'nested/deeper/invoice.json', anOverdueInvoice());
    await writeText(folder, 'README.md', '# not a document');
    await writeText(folder, 'LICENSE', 'not a document either');
    await writeText(folder, '.cache/broken.json', '{');

    expect(await validate([folder])).toEqual({
      exitCode: 0,
      out: ['2 document(s) valid'],
      err: [],
    });
  });
});

describe('runValidate: invalid documents', () => {
  it('reports each bad meter of a list of meters by its index, and an id given twice', async () => {
    const file = await writeDocument(folder, 'meters.json', [
      { id: 'vm_hours', name: 'VM hours', aggregation: 'sum', dimensions: ['region'] },
      { id: 'seats', name: 'Seats', aggregation: 'unique_count' },
      { id: 'vm_hours', name: 'VM hours again', aggregation: 'average' },
    ]);
    const { exitCode, err } = await validate([file]);
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      `${file}: $[1].uniqueBy a unique_count meter needs the dimension whose distinct values it counts`,
      `${file}: $[2].aggregation must be one of "sum", "count", "max", "latest", "unique_count", "time_weighted_sum"`,
      `${file}: $[2].id "vm_hours" is the id of a meter before it`,
      '1 of 1 document(s) invalid',
    ]);
  });

  it('reports every error of a pricing policy as <file>: <path> <message>', async () => {
    const file = await writeDocument(folder, 'pricing.json', aPricingPolicyWithFiveErrors());

    const { exitCode, out, err } = await validate([folder]);

    expect(exitCode).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${file}: $.colour unknown field "colour"`,
      `${file}: $.rules[0].event.params.tiers[0].unitPrice ${DECIMAL_NOT_A_NUMBER}`,
      `${file}: $.rules[0].event.params.tiers[1].unitPrice ${DECIMAL_FORMAT}`,
      `${file}: $.rules[0].conditions.all[0].fact unknown fact "lin": pricing rules can use "customer", "line", "subscription", "period", "date", "promoCodes"`,
      `${file}: $.rules[0].event.params.tiers[1].upTo must be greater than the previous tier's upTo "100000"`,
      '1 of 1 document(s) invalid',
    ]);
  });

  it.each<[string, unknown, string[]]>([
    [
      'a rating request',
      withValueAt(aRatingRequest(), ['usage', 0, 'quantity'], 125000),
      [`$.usage[0].quantity ${DECIMAL_NOT_A_NUMBER}`],
    ],
    [
      'an overdue invoice',
      withValueAt(anOverdueInvoice(), ['amountDue'], '1.250,50'),
      [`$.amountDue ${DECIMAL_FORMAT}`],
    ],
    [
      'a discount policy',
      withValueAt(aDiscountPolicy(), ['rules', 0, 'event', 'params', 'percent'], 20),
      [`$.rules[0].event.params.percent ${DECIMAL_NOT_A_NUMBER}`],
    ],
  ])('checks %s against its own schema', async (_type, document, issues) => {
    const file = await writeDocument(folder, 'document.json', document);

    expect(await validate([file])).toEqual({
      exitCode: 1,
      out: [],
      err: [...issues.map((issue) => `${file}: ${issue}`), '1 of 1 document(s) invalid'],
    });
  });

  it('reports a file that is not JSON and still validates the others', async () => {
    const broken = await writeText(folder, 'a-broken.json', '{"key": "saas-pricing",');
    const request = await writeDocument(
      folder,
      'b-request.json',
      withValueAt(aRatingRequest(), ['period', 'end'], '2026-13-01'),
    );
    await writeDocument(folder, 'c-pricing.json', aPricingPolicy());

    const { exitCode, out, err } = await validate([folder]);

    expect(exitCode).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(new RegExp(`^${escapeRegExp(broken)}: not valid JSON: .+`));
    expect(err.slice(1)).toEqual([
      `${request}: $.period.end is not a real date or time (check the day of the month and the hours)`,
      '2 of 3 document(s) invalid',
    ]);
  });

  it.each<[string, unknown]>([
    ['an object with none of the distinguishing fields', { hello: 'world' }],
    ['a policy without rules', { key: 'saas-pricing', kind: 'pricing' }],
    ['a list', [aPricingPolicy()]],
    ['a string', 'pricing'],
    ['null', null],
  ])('rejects %s as a document of unknown type', async (_name, document) => {
    const file = await writeDocument(folder, 'mystery.json', document);

    expect(await validate([file])).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${file}: $ not a policy, rating request, overdue invoice or list of meters`,
        '1 of 1 document(s) invalid',
      ],
    });
  });

  it('rejects a path that does not exist, naming it', async () => {
    const missing = join(folder, 'no-such-folder');

    expect(await validate([missing])).toEqual({
      exitCode: 1,
      out: [],
      err: [`${missing}: no such file or folder`],
    });
  });
});

describe('runValidate: checks across policies', () => {
  it('rejects the same version of one policy key given in two files', async () => {
    await writeDocument(folder, 'pricing-a.json', aPricingPolicy());
    const second = await writeDocument(
      folder,
      'pricing-b.json',
      aPricingPolicy({ description: 'A copy edited by someone else.' }),
    );

    expect(await validate([folder])).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${second}: $.version version 3 of "saas-pricing" is given twice`,
        '1 of 2 document(s) invalid',
      ],
    });
  });

  it('rejects one key used by policies of two kinds', async () => {
    await writeDocument(folder, 'pricing.json', aPricingPolicy());
    const promotions = await writeDocument(
      folder,
      'promotions.json',
      aDiscountPolicy({ key: 'saas-pricing' }),
    );

    expect(await validate([folder])).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${promotions}: $.kind key "saas-pricing" is already a pricing policy`,
        '1 of 2 document(s) invalid',
      ],
    });
  });

  it('accepts two versions of one policy key', async () => {
    await writeDocument(folder, 'pricing-v3.json', aPricingPolicy());
    await writeDocument(
      folder,
      'pricing-v4.json',
      aPricingPolicy({ version: 4, effectiveFrom: '2026-07-01' }),
    );

    expect(await validate([folder])).toEqual({
      exitCode: 0,
      out: ['2 document(s) valid'],
      err: [],
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
