import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../../server/versioning/diff-documents';

const rule = (name: string, unitPrice: string) => ({
  name,
  conditions: { all: [{ fact: 'line', path: '$.meter', operator: 'equal', value: name }] },
  event: { type: 'price', params: { model: 'per_unit', unitPrice } },
});

describe('diffDocuments', () => {
  it('finds nothing between equal documents', () => {
    expect(diffDocuments({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
  });

  it('names a changed price by rule name and path', () => {
    const before = { version: 1, rules: [rule('vm', '0.050'), rule('gb', '0.09')] };
    const after = { version: 2, rules: [rule('vm', '0.045'), rule('gb', '0.09')] };
    expect(diffDocuments(before, after)).toEqual([
      { kind: 'changed', path: '$.version', before: 1, after: 2 },
      {
        kind: 'changed',
        path: '$.rules["vm"].event.params.unitPrice',
        before: '0.050',
        after: '0.045',
      },
    ]);
  });

  it('shows a rule inserted above others as one addition and moves, not as every rule changed', () => {
    const before = { rules: [rule('vm', '1'), rule('gb', '2')] };
    const after = { rules: [rule('new', '3'), rule('vm', '1'), rule('gb', '2')] };
    expect(diffDocuments(before, after)).toEqual([
      { kind: 'moved', path: '$.rules["vm"]', from: 0, to: 1 },
      { kind: 'moved', path: '$.rules["gb"]', from: 1, to: 2 },
      { kind: 'added', path: '$.rules["new"]', after: rule('new', '3') },
    ]);
  });

  it('compares tiers by position, and reports removed and added fields', () => {
    const before = {
      tiers: [
        { upTo: '10', unitPrice: '1' },
        { upTo: null, unitPrice: '0.5' },
      ],
      label: 'x',
    };
    const after = { tiers: [{ upTo: '20', unitPrice: '1' }], 'free units': '5' };
    expect(diffDocuments(before, after)).toEqual([
      { kind: 'changed', path: '$.tiers[0].upTo', before: '10', after: '20' },
      { kind: 'removed', path: '$.tiers[1]', before: { upTo: null, unitPrice: '0.5' } },
      { kind: 'removed', path: '$.label', before: 'x' },
      { kind: 'added', path: '$["free units"]', after: '5' },
    ]);
  });
});
