import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDunning, type RunDunningOptions } from '../../../server/cli/run-dunning';
import type { DunningDecision } from '../../../server/rating/types';
import { aDunningPolicy, withValueAt } from '../validation/builders';
import {
  ACME_OVERDUE_INVOICE,
  DUNNING_POLICIES,
  HARDWARE_POLICIES,
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

async function dunning(options: Omit<RunDunningOptions, 'out' | 'err'>) {
  const output = captureOutput();
  const exitCode = await runDunning({ ...options, out: output.out, err: output.err });
  return { exitCode, out: output.outLines, err: output.errLines };
}

// The example invoice fell due on 2026-04-15; two charges failed (the last on 04-17 00:00) and
// one reminder went out (04-17 09:00). The standard rule retries 48 h after the last attempt,
// reminds 48 h after the last reminder and flags a dispute 10 days after the due date.
describe('runDunning: the example overdue invoice', () => {
  it('gives the next actions of the standard rule, earliest first, with due flags', async () => {
    const { exitCode, out, err } = await dunning({
      policies: [DUNNING_POLICIES],
      invoice: ACME_OVERDUE_INVOICE,
      now: '2026-04-20T00:00:00Z',
    });

    expect(err).toEqual([]);
    expect(exitCode).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toEqual({
      invoiceId: 'INV-2026-000042',
      daysOverdue: 5,
      policy: { key: 'standard-dunning', version: 1 },
      rule: 'standard-collection',
      actions: [
        {
          action: 'retryCharge',
          at: '2026-04-19T00:00:00Z',
          due: true,
          explanation: 'retry 2 of 3, 48 h after the last attempt',
          attempt: 2,
        },
        {
          action: 'remind',
          at: '2026-04-19T09:00:00Z',
          due: true,
          explanation: 'reminder 2, every 48 h from the due date',
          template: 'payment-reminder',
        },
        {
          action: 'flagDispute',
          at: '2026-04-25T00:00:00Z',
          due: false,
          explanation: 'flag for dispute 10 days after the due date',
        },
      ],
      // Issued 2026-04-01, kept 7 years.
      retainUntil: '2033-04-01T00:00:00Z',
    } satisfies DunningDecision);
  });

  it.each([
    ['2026-04-18T12:00:00Z', 3, [false, false, false]],
    ['2026-04-19T05:00:00Z', 4, [true, false, false]],
    ['2026-04-20', 5, [true, true, false]],
    ['2026-04-25T00:00:00Z', 10, [true, true, true]],
  ])('at %s: %i days overdue, due flags %j', async (now, daysOverdue, dueFlags) => {
    const { exitCode, out } = await dunning({
      policies: [DUNNING_POLICIES],
      invoice: ACME_OVERDUE_INVOICE,
      now,
    });

    expect(exitCode).toBe(0);
    const decision = JSON.parse(out[0]!) as DunningDecision;
    expect(decision.daysOverdue).toBe(daysOverdue);
    expect(decision.actions.map(({ action, due }) => [action, due])).toEqual([
      ['retryCharge', dueFlags[0]],
      ['remind', dueFlags[1]],
      ['flagDispute', dueFlags[2]],
    ]);
  });

  it('follows the higher-priority dispute rule for a disputed invoice', async () => {
    const invoice = withValueAt(await readDocument(ACME_OVERDUE_INVOICE), ['disputed'], true);
    const file = await writeDocument(folder, 'disputed.json', invoice);

    const { exitCode, out } = await dunning({
      policies: [DUNNING_POLICIES],
      invoice: file,
      now: '2026-04-20T00:00:00Z',
    });

    expect(exitCode).toBe(0);
    const decision = JSON.parse(out[0]!) as DunningDecision;
    expect(decision.rule).toBe('disputed-invoice');
    expect(decision.actions).toEqual([
      {
        action: 'remind',
        // A week after the last reminder.
        at: '2026-04-24T09:00:00Z',
        due: false,
        explanation: 'reminder 2, every 168 h from the due date',
        template: 'dispute-follow-up',
      },
    ]);
  });
});

describe('runDunning: no matching rule', () => {
  const neverMatching = withValueAt(
    aDunningPolicy(),
    ['rules', 0, 'conditions', 'all', 1, 'value'],
    365,
  );

  it.each<[string, unknown]>([
    ['a rule for invoices over a year overdue', neverMatching],
    [
      'a policy that takes effect after the evaluation instant',
      aDunningPolicy({ effectiveFrom: '2027-01-01' }),
    ],
  ])('exits 1 naming the invoice when the only policy has %s', async (_case, policy) => {
    await writeDocument(folder, 'dunning.json', policy);

    expect(
      await dunning({
        policies: [folder],
        invoice: ACME_OVERDUE_INVOICE,
        now: '2026-04-20T00:00:00Z',
      }),
    ).toEqual({
      exitCode: 1,
      out: [],
      err: [`${ACME_OVERDUE_INVOICE}: no dunning rule matches invoice INV-2026-000042`],
    });
  });
});

describe('runDunning: no dunning policy', () => {
  // Thunks: the temporary folder exists only once each test has started.
  it.each<[string, () => { policies: string[]; named: string }]>([
    [
      'a folder of pricing, discount and tax policies',
      () => ({ policies: [SAAS_POLICIES], named: SAAS_POLICIES }),
    ],
    ['an empty folder', () => ({ policies: [folder], named: folder })],
    [
      'two folders without a dunning policy',
      () => ({
        policies: [SAAS_POLICIES, HARDWARE_POLICIES],
        named: `${SAAS_POLICIES}, ${HARDWARE_POLICIES}`,
      }),
    ],
  ])('exits 1 naming the policies given for %s', async (_case, given) => {
    const { policies, named } = given();

    expect(
      await dunning({ policies, invoice: ACME_OVERDUE_INVOICE, now: '2026-04-20T00:00:00Z' }),
    ).toEqual({
      exitCode: 1,
      out: [],
      err: [`${named}: no dunning policy among the policies given`],
    });
  });
});

describe('runDunning: errors', () => {
  it('names the invoice file and the JSON path of every bad field', async () => {
    let invoice = withValueAt(await readDocument(ACME_OVERDUE_INVOICE), ['amountDue'], 1654.15);
    invoice = withValueAt(invoice, ['dueAt'], 'tomorrow');
    const file = await writeDocument(folder, 'acme-bad.json', invoice);

    expect(
      await dunning({ policies: [DUNNING_POLICIES], invoice: file, now: '2026-04-20T00:00:00Z' }),
    ).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${file}: $.amountDue must be a decimal string such as "12.50", not a number`,
        `${file}: $.dueAt must be a date such as "2026-03-01" or a date-time with a time zone such as "2026-03-01T09:30:00Z"`,
      ],
    });
  });

  it('names the policy file and path of an invalid dunning policy', async () => {
    const file = await writeDocument(
      folder,
      'dunning.json',
      withValueAt(aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps', 0, 'action'], 'nag'),
    );

    expect(
      await dunning({
        policies: [folder],
        invoice: ACME_OVERDUE_INVOICE,
        now: '2026-04-20T00:00:00Z',
      }),
    ).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${file}: $.rules[0].event.params.steps[0].action must be one of "retryCharge", "remind", "flagDispute", "suspend", "writeOff"`,
      ],
    });
  });

  it('says --invoice takes one JSON file when it names a folder', async () => {
    expect(
      await dunning({
        policies: [DUNNING_POLICIES],
        invoice: folder,
        now: '2026-04-20T00:00:00Z',
      }),
    ).toEqual({
      exitCode: 1,
      out: [],
      err: [`${folder}: is a folder; --invoice takes one JSON file`],
    });
  });

  it.each(['garbage', '2026-02-30', '2026-04-20T00:00:00', '20/04/2026'])(
    'rejects --now %j without evaluating',
    async (now) => {
      expect(
        await dunning({ policies: [DUNNING_POLICIES], invoice: ACME_OVERDUE_INVOICE, now }),
      ).toEqual({
        exitCode: 1,
        out: [],
        err: [
          `--now: "${now}" is not a date such as 2026-04-20 or a date-time such as 2026-04-20T00:00:00Z`,
        ],
      });
    },
  );
});
