import { describe, expect, it } from 'vitest';
import { validateOverdueInvoice } from '../../../server/rating/validation';
import { anOverdueInvoice, withValueAt } from './builders';

function issuesOf(document: unknown) {
  const outcome = validateOverdueInvoice(document);
  return outcome.ok ? [] : outcome.issues;
}

describe('validateOverdueInvoice', () => {
  it('accepts an overdue invoice and returns it', () => {
    const invoice = anOverdueInvoice();
    expect(validateOverdueInvoice(invoice)).toEqual({ ok: true, value: invoice });
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'an amount given as a number',
      withValueAt(anOverdueInvoice(), ['amountDue'], 1250.5),
      [{ path: '$.amountDue', message: 'must be a decimal string such as "12.50", not a number' }],
    ],
    [
      'a negative count of attempts',
      withValueAt(anOverdueInvoice(), ['failedAttempts'], -1),
      [{ path: '$.failedAttempts', message: 'must be 0 or more' }],
    ],
    [
      'missing fields',
      withValueAt(anOverdueInvoice(), ['invoiceId'], undefined),
      [{ path: '$.invoiceId', message: 'is required' }],
    ],
    [
      'an unknown currency',
      withValueAt(anOverdueInvoice(), ['currency'], 'EUX'),
      [
        {
          path: '$.currency',
          message: 'unknown currency "EUX": expected an active ISO 4217 code such as "USD"',
        },
      ],
    ],
    [
      'a due date before the issue date',
      withValueAt(anOverdueInvoice(), ['dueAt'], '2026-02-28'),
      [{ path: '$.dueAt', message: 'must not be before issuedAt (2026-03-01)' }],
    ],
  ])('reports %s', (_name, document, expected) => {
    expect(issuesOf(document)).toEqual(expected);
  });
});
