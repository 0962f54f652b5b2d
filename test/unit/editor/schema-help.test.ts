// The editor's completion and hover read the policy schemas at the cursor's place. Checked here
// on the real schemas and a real policy, where Monaco's own JSON completion gives up: inside rule
// conditions, whose shape the schemas choose with if/then/else on the document's content.
import { readFileSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import {
  allowedValues,
  describe,
  memberNames,
  SchemaIndex,
  schemasAt,
} from '../../../editor/src/monaco/schema-help';
import { SCHEMA_DOCUMENTS, schemaFor } from '../../../server/rating/validation/schema-documents';

const index = new SchemaIndex(SCHEMA_DOCUMENTS);
const TAX = schemaFor('tax').$id;
const taxPolicy = JSON.parse(
  readFileSync('rules/examples/saas/policies/tax.json', 'utf8'),
) as unknown;

group('schema help at a place of a tax policy', () => {
  it('offers the operators inside a condition of an "all" group', () => {
    const here = schemasAt(index, TAX, taxPolicy, ['rules', 0, 'conditions', 'all', 0, 'operator']);
    expect(allowedValues(here)).toEqual([
      'equal',
      'notEqual',
      'lessThan',
      'lessThanInclusive',
      'greaterThan',
      'greaterThanInclusive',
      'in',
      'notIn',
      'contains',
      'doesNotContain',
    ]);
    expect(describe(here)).toMatch(/^How the fact is compared with the value\./);
  });

  it('lists the members of a leaf condition and of a tax event, with their descriptions', () => {
    const leaf = memberNames(
      schemasAt(index, TAX, taxPolicy, ['rules', 0, 'conditions', 'all', 0]),
      index,
    );
    expect(leaf.map((member) => member.name)).toEqual(['fact', 'operator', 'value', 'path']);
    const params = memberNames(
      schemasAt(index, TAX, taxPolicy, ['rules', 0, 'event', 'params']),
      index,
    );
    expect(params.map((member) => member.name)).toEqual(
      expect.arrayContaining([
        'name',
        'rate',
        'jurisdiction',
        'inclusive',
        'exempt',
        'reverseCharge',
      ]),
    );
    expect(params.find((member) => member.name === 'rate')?.description).toBe(
      'Tax rate in percent, at least 0 and below 100, such as "19" or "7.25".',
    );
  });

  it('gives the constants a place allows, and describes top-level fields', () => {
    expect(allowedValues(schemasAt(index, TAX, taxPolicy, ['kind']))).toEqual(['tax']);
    expect(allowedValues(schemasAt(index, TAX, taxPolicy, ['rules', 0, 'event', 'type']))).toEqual([
      'tax',
    ]);
    expect(describe(schemasAt(index, TAX, taxPolicy, ['rules']))).toBe(
      'The tax rules. Every matching rule applies, at most one per jurisdiction on a line.',
    );
  });

  it('follows the group a condition is: "any" and "not" as well as "all"', () => {
    const document = {
      kind: 'tax',
      rules: [{ conditions: { any: [{ not: { fact: 'customer', operator: '' } }] } }],
    };
    const operator = schemasAt(index, TAX, document, [
      'rules',
      0,
      'conditions',
      'any',
      0,
      'not',
      'operator',
    ]);
    expect(allowedValues(operator)).toContain('greaterThanInclusive');
  });

  it('knows nothing of a place no schema describes', () => {
    expect(schemasAt(index, TAX, taxPolicy, ['nowhere', 'deeper'])).toEqual([]);
  });
});
