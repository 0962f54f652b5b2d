// Hand-computed expectations for the condition compiler. Each table states what json-rules-engine
// 7.3.1 does; the last block runs every case through the library too, so a wrong expectation
// cannot hide behind a matching compiler bug.
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileRules,
  type Facts,
} from '../../../server/rating/conditions/compile-condition';
import { InvalidConditionError } from '../../../server/rating/conditions/invalid-condition-error';
import type { Operator, Rule, TopLevelCondition } from '../../../server/rating/types';

/** Whether the rule's event fires, or 'throws' when the engine's run fails. */
type Expected = boolean | 'throws';
type Case = [description: string, conditions: TopLevelCondition, facts: Facts, expected: Expected];

/** A rule whose only condition is one leaf. */
function aLeaf(fact: string, operator: Operator, value: unknown, path?: string): TopLevelCondition {
  return { all: [{ fact, operator, value, ...(path === undefined ? {} : { path }) }] };
}

function aRule(overrides: Partial<Rule<string>> & { name: string }): Rule<string> {
  return { conditions: { all: [] }, event: overrides.name, ...overrides };
}

/** Conditions outside the TypeScript types but accepted by the engine (priorities, odd shapes). */
function untyped(condition: unknown): TopLevelCondition {
  return condition as TopLevelCondition;
}

function compiledOutcome(conditions: TopLevelCondition, facts: Facts): Expected {
  const matches = compileCondition(conditions);
  try {
    return matches(facts);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return 'throws';
  }
}

async function engineOutcome(conditions: TopLevelCondition, facts: Facts): Promise<Expected> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ conditions: structuredClone(conditions), event: { type: 'matched' } });
  try {
    const { events } = await engine.run(facts);
    return events.length === 1;
  } catch {
    return 'throws';
  }
}

// ---------------------------------------------------------------- operators

// prettier-ignore
const OPERATOR_CASES: Case[] = [
  ['equal on the same string', aLeaf('country', 'equal', 'DE'), { country: 'DE' }, true],
  ['equal is strict: 1 is not "1"', aLeaf('seats', 'equal', '1'), { seats: 1 }, false],
  ['equal: a missing fact is not null', aLeaf('segment', 'equal', null), {}, false],
  ['equal: a null fact equals null', aLeaf('segment', 'equal', null), { segment: null }, true],
  ['notEqual on different strings', aLeaf('country', 'notEqual', 'DE'), { country: 'US' }, true],
  ['notEqual: a missing fact differs', aLeaf('country', 'notEqual', 'DE'), {}, true],
  ['lessThan on numbers', aLeaf('amount', 'lessThan', 10), { amount: 5 }, true],
  ['lessThan is strict', aLeaf('amount', 'lessThan', 10), { amount: 10 }, false],
  ['lessThan: "abc" fails the number check', aLeaf('amount', 'lessThan', 1000), { amount: 'abc' }, false],
  ['lessThan: "1500.5" is not below 1000', aLeaf('amount', 'lessThan', 1000), { amount: '1500.5' }, false],
  ['lessThan: "999.5" is below 1000', aLeaf('amount', 'lessThan', 1000), { amount: '999.5' }, true],
  ['lessThan: null fails the number check', aLeaf('amount', 'lessThan', 1), { amount: null }, false],
  ['lessThan: a missing fact fails', aLeaf('amount', 'lessThan', 1), {}, false],
  ['lessThan: [7] reads as 7', aLeaf('amount', 'lessThan', 10), { amount: [7] }, true],
  ['lessThan: NaN fails', aLeaf('amount', 'lessThan', 10), { amount: Number.NaN }, false],
  ['lessThanInclusive at the bound', aLeaf('amount', 'lessThanInclusive', 10), { amount: 10 }, true],
  ['greaterThan: "1500.5" exceeds 1000', aLeaf('amount', 'greaterThan', 1000), { amount: '1500.5' }, true],
  ['greaterThan: true fails the number check', aLeaf('flag', 'greaterThan', 0), { flag: true }, false],
  // parseFloat reads "12abc" as 12, but `>` converts it with Number(), which gives NaN.
  ['greaterThan: "12abc" passes the check, then is NaN', aLeaf('amount', 'greaterThan', 10), { amount: '12abc' }, false],
  ['greaterThan compares two strings as text', aLeaf('code', 'greaterThan', '10'), { code: '9' }, true],
  ['greaterThanInclusive at the bound', aLeaf('amount', 'greaterThanInclusive', 1000), { amount: 1000 }, true],
  ['in a list', aLeaf('country', 'in', ['DE', 'FR']), { country: 'FR' }, true],
  ['in: not in the list', aLeaf('country', 'in', ['DE', 'FR']), { country: 'US' }, false],
  ['in is strict: 1 is not "1"', aLeaf('seats', 'in', ['1', '2']), { seats: 1 }, false],
  ['in a long list: -0 finds 0', aLeaf('n', 'in', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]), { n: -0 }, true],
  ['in a long list: NaN is never found', aLeaf('n', 'in', [1, 2, 3, 4, 5, 6, 7, 8, 9, Number.NaN]), { n: Number.NaN }, false],
  ['in a string is a substring test', aLeaf('plan', 'in', 'pro-annual'), { plan: 'pro' }, true],
  ['in: a missing fact is not in the list', aLeaf('country', 'in', ['DE']), {}, false],
  ['in a number throws', aLeaf('country', 'in', 5), { country: 'DE' }, 'throws'],
  ['notIn a list', aLeaf('country', 'notIn', ['DE', 'FR']), { country: 'US' }, true],
  ['notIn: a missing fact is not in the list', aLeaf('country', 'notIn', ['DE']), {}, true],
  ['contains on an array fact', aLeaf('tags', 'contains', 'vip'), { tags: ['new', 'vip'] }, true],
  ['contains: a string fact fails the array check', aLeaf('tags', 'contains', 'vip'), { tags: 'vip-customer' }, false],
  ['contains: a missing fact fails', aLeaf('tags', 'contains', 'vip'), {}, false],
  ['doesNotContain on an array fact', aLeaf('tags', 'doesNotContain', 'vip'), { tags: ['new'] }, true],
  ['doesNotContain: a missing fact fails the array check', aLeaf('tags', 'doesNotContain', 'vip'), {}, false],
  ['doesNotContain: a string fact fails the array check', aLeaf('tags', 'doesNotContain', 'vip'), { tags: 'new' }, false],
];

// ---------------------------------------------------------------- all, any, not, priorities

const isGerman = { fact: 'country', operator: 'equal', value: 'DE' } as const;
const isLarge = { fact: 'amount', operator: 'greaterThan', value: 1000 } as const;
const inANumber = { fact: 'country', operator: 'in', value: 5 } as const;
const smallGerman = { country: 'DE', amount: 10 };

// prettier-ignore
const BOOLEAN_CASES: Case[] = [
  ['all: every condition holds', { all: [isGerman, isLarge] }, { country: 'DE', amount: 5000 }, true],
  ['all: one condition fails', { all: [isGerman, isLarge] }, smallGerman, false],
  ['any: one condition holds', { any: [isGerman, isLarge] }, smallGerman, true],
  ['any: no condition holds', { any: [isGerman, isLarge] }, { country: 'US', amount: 1 }, false],
  ['not negates', { not: isGerman }, smallGerman, false],
  ['an empty all passes', { all: [] }, {}, true],
  ['an empty any passes too', { any: [] }, {}, true],
  ['not of an empty any fails', { not: { any: [] } }, {}, false],
  ['any nested in all', { all: [isGerman, { any: [isLarge, { not: isLarge }] }] }, smallGerman, true],
  ['not over all', { not: { all: [isGerman, isLarge] } }, smallGerman, true],
  ['a node with both any and all is an any', untyped({ all: [isLarge], any: [isGerman] }), smallGerman, true],
  // Conditions of one priority all run, so a failing one fails the run even after a decision.
  ['same priority: a throwing sibling always runs', { any: [isGerman, inANumber] }, smallGerman, 'throws'],
  // A higher-priority group that decides the outcome keeps the lower ones from running.
  ['a deciding higher priority skips the rest', untyped({ any: [{ ...isGerman, priority: 2 }, inANumber] }), smallGerman, true],
  ['an undecided higher priority runs the rest', untyped({ all: [{ ...isGerman, priority: 2 }, inANumber] }), smallGerman, 'throws'],
  ['a boolean node has a priority too', untyped({ all: [{ any: [isLarge], priority: 3 }, inANumber] }), smallGerman, false],
];

// ---------------------------------------------------------------- paths

const customer = {
  segment: 'enterprise',
  address: { country: 'DE' },
  tags: ['vip'],
  items: [
    { sku: 'seat', qty: 3 },
    { sku: 'addon', qty: 1 },
  ],
  'a.b': 7,
};

// prettier-ignore
const PATH_CASES: Case[] = [
  ['a property', aLeaf('customer', 'equal', 'enterprise', '$.segment'), { customer }, true],
  ['a nested property', aLeaf('customer', 'equal', 'DE', '$.address.country'), { customer }, true],
  ['an index, then a property', aLeaf('customer', 'equal', 'addon', '$.items[1].sku'), { customer }, true],
  ['a bracketed name with a dot', aLeaf('customer', 'equal', 7, "$['a.b']"), { customer }, true],
  ['a path without the root marker', aLeaf('customer', 'equal', 'DE', 'address.country'), { customer }, true],
  ['an array is returned as is', aLeaf('customer', 'contains', 'vip', '$.tags'), { customer }, true],
  ['an index into an array fact', aLeaf('tags', 'equal', 'b', '$[1]'), { tags: ['a', 'b'] }, true],
  ['the length of an array fact', aLeaf('tags', 'equal', 2, '$.length'), { tags: ['a', 'b'] }, true],
  ['the length of a nested string', aLeaf('customer', 'equal', 10, '$.segment.length'), { customer }, true],
  ['a missing step gives undefined', aLeaf('customer', 'equal', undefined, '$.billing.country'), { customer }, true],
  ['a missing step is not a value', aLeaf('customer', 'notEqual', 'DE', '$.billing.country'), { customer }, true],
  ['an inherited property is not found', aLeaf('customer', 'equal', undefined, '$.toString'), { customer }, true],
  ['nor one further down', aLeaf('customer', 'equal', undefined, '$.tags.map'), { customer }, true],
  ['a path on a number gives the number', aLeaf('amount', 'equal', 5, '$.value'), { amount: 5 }, true],
  ['a path on null gives null', aLeaf('amount', 'equal', null, '$.value'), { amount: null }, true],
  ['a path on a missing fact gives undefined', aLeaf('amount', 'equal', undefined, '$.value'), {}, true],
  ['a wildcard gives a list', aLeaf('customer', 'contains', 'seat', '$.items[*].sku'), { customer }, true],
  ['a slice is never a single value', aLeaf('customer', 'equal', 'addon', '$.items[-1:].sku'), { customer }, false],
  ['a slice gives a list', aLeaf('customer', 'contains', 'addon', '$.items[-1:].sku'), { customer }, true],
  ['a union of names gives a list', aLeaf('customer', 'contains', 'DE', '$.address[country,city]'), { customer }, true],
  ['a filter gives a list', aLeaf('customer', 'contains', 'seat', '$.items[?(@.qty > 2)].sku'), { customer }, true],
  ['recursive descent below the top gives a list', aLeaf('customer', 'contains', 'DE', '$..country'), { customer }, true],
  ['recursive descent: one match at the top is the value', aLeaf('customer', 'equal', 'DE', '$..country'), { customer: { country: 'DE' } }, true],
  // jsonpath-plus keeps parsed paths in a plain object, so "constructor" finds Object and fails.
  ['the path "constructor" throws on an object fact', aLeaf('customer', 'equal', 1, 'constructor'), { customer }, 'throws'],
];

// ---------------------------------------------------------------- facts compared with facts

// prettier-ignore
const FACT_REFERENCE_CASES: Case[] = [
  ['usage above the limit', aLeaf('usage', 'greaterThan', { fact: 'limit' }), { usage: 12, limit: 10 }, true],
  ['usage within the limit', aLeaf('usage', 'greaterThan', { fact: 'limit' }), { usage: 8, limit: 10 }, false],
  ['a path into the other fact', aLeaf('usage', 'greaterThanInclusive', { fact: 'plan', path: '$.limits.seats' }), { usage: 5, plan: { limits: { seats: 5 } } }, true],
  ['in another fact that is a list', aLeaf('country', 'in', { fact: 'allowed' }), { country: 'DE', allowed: ['DE', 'AT'] }, true],
  ['in another fact that is missing throws', aLeaf('country', 'in', { fact: 'allowed' }), { country: 'DE' }, 'throws'],
  ['two missing facts are equal', aLeaf('a', 'equal', { fact: 'b' }), {}, true],
  ['a missing fact is not equal to a present one', aLeaf('a', 'equal', { fact: 'b' }), { b: 1 }, false],
];

// ---------------------------------------------------------------- missing facts

// prettier-ignore
const MISSING_FACT_CASES: Case[] = [
  ['a missing fact is undefined', aLeaf('segment', 'equal', undefined), {}, true],
  ['a fact given as undefined is missing', aLeaf('segment', 'notEqual', undefined), { segment: undefined }, false],
  ['"toString" is a fact only when given', aLeaf('toString', 'equal', undefined), {}, true],
  ['a given "toString" fact is read', aLeaf('toString', 'equal', 'x'), { toString: 'x' }, true],
];

const ALL_CASES = [
  ...OPERATOR_CASES,
  ...BOOLEAN_CASES,
  ...PATH_CASES,
  ...FACT_REFERENCE_CASES,
  ...MISSING_FACT_CASES,
];

describe('compileCondition', () => {
  describe.each([
    ['operators', OPERATOR_CASES],
    ['all, any, not and priorities', BOOLEAN_CASES],
    ['paths', PATH_CASES],
    ['facts compared with facts', FACT_REFERENCE_CASES],
    ['missing facts', MISSING_FACT_CASES],
  ])('%s', (_group, cases) => {
    it.each(cases)('%s', (_case, conditions, facts, expected) => {
      expect(compiledOutcome(conditions, facts)).toBe(expected);
    });
  });

  // prettier-ignore
  it.each<[string, unknown, RegExp]>([
    ['an unknown operator', { all: [{ fact: 'a', operator: 'between', value: 1 }] }, /conditions\.all\[0\]: unknown operator "between"/],
    ['a leaf without a value', { any: [{ fact: 'a', operator: 'equal' }] }, /conditions\.any\[0\]: a condition needs "value"/],
    ['a leaf as the root', { fact: 'a', operator: 'equal', value: 1 }, /root must be an "all", "any" or "not" node/],
    ['"all" that is not a list', { all: { fact: 'a', operator: 'equal', value: 1 } }, /"all" must be a list/],
    ['"not" with a list', { not: [] }, /"not" takes one condition/],
    ['a condition reference', { all: [{ condition: 'shared' }] }, /shared condition references are not supported/],
    ['a string priority', { all: [{ fact: 'a', operator: 'equal', value: 1, priority: '2' }] }, /"priority" must be a number/],
  ])('refuses %s', (_case, conditions, message) => {
    expect(() => compileCondition(untyped(conditions))).toThrow(InvalidConditionError);
    expect(() => compileCondition(untyped(conditions))).toThrow(message);
  });
});

describe('json-rules-engine 7.3.1 agrees with every expectation above', () => {
  it.each(ALL_CASES)('%s', async (_case, conditions, facts, expected) => {
    expect(await engineOutcome(conditions, facts)).toBe(expected);
  });
});

describe('compileRules', () => {
  it('orders rules by priority, highest first, ties in document order', () => {
    const rules = [
      aRule({ name: 'default' }),
      aRule({ name: 'first of three', priority: 3 }),
      aRule({ name: 'explicit one', priority: 1 }),
      aRule({ name: 'second of three', priority: 3 }),
      aRule({ name: 'two', priority: 2 }),
    ];
    expect(compileRules(rules).map(({ name, priority, index }) => [name, priority, index])).toEqual(
      [
        ['first of three', 3, 1],
        ['second of three', 3, 3],
        ['two', 2, 4],
        ['default', 1, 0],
        ['explicit one', 1, 2],
      ],
    );
  });

  it.each<[string, number | undefined, number]>([
    ['no priority is 1', undefined, 1],
    ['zero is 1', 0, 1],
    ['a fraction is truncated', 2.7, 2],
  ])('%s', (_case, priority, expected) => {
    expect(compileRules([aRule({ name: 'r', priority })])[0]?.priority).toBe(expected);
  });

  it('refuses a priority below 1, naming the rule', () => {
    expect(() => compileRules([aRule({ name: 'refund', priority: -1 })])).toThrow(
      /rules\[0\] "refund": priority must be at least 1/,
    );
  });

  it('keeps the event and a predicate per rule', () => {
    const [rule] = compileRules([
      aRule({ name: 'german', conditions: aLeaf('country', 'equal', 'DE'), event: 'tax-de' }),
    ]);
    expect(rule?.event).toBe('tax-de');
    expect(rule?.matches({ country: 'DE' })).toBe(true);
    expect(rule?.matches({ country: 'FR' })).toBe(false);
  });

  it('names the rule when its conditions are malformed', () => {
    const broken = aRule({ name: 'broken', conditions: untyped({ all: [{ fact: 'a' }] }) });
    expect(() => compileRules([broken])).toThrow(/rules\[0\] "broken" conditions\.all\[0\]/);
  });
});
