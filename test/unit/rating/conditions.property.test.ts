// The compiled predicates must agree with json-rules-engine 7.3.1, the reference, on random
// condition trees and random facts: same "event fired", and a failure exactly when the engine's
// run fails. Generation draws from a small vocabulary of fact names, paths and values so that
// conditions often hit.
//
// Left out of generation, on purpose:
//   - an empty-string fact name in the facts: the engine refuses to run ("factId required");
//   - function-valued facts, Fact instances and thenables: the engine calls or awaits them, and
//     rating facts are data;
//   - objects without Object.prototype (or with throwing getters/toString): converting them throws
//     in both, but which sibling conditions run first then decides the outcome;
//   - non-numeric condition priorities: the engine parses them and writes the number back into
//     the rule object, so the same rule can behave differently on its second use. Integers are
//     generated, for which both agree.
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileRules,
  type Facts,
} from '../../../server/rating/conditions/compile-condition';
import type { Operator, Rule, TopLevelCondition } from '../../../server/rating/types';

type Outcome = 'fired' | 'not fired' | 'failed';

async function engineOutcome(conditions: TopLevelCondition, facts: Facts): Promise<Outcome> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  // The engine rewrites leaf priorities in the rule object it is given: hand it a copy.
  engine.addRule({ conditions: structuredClone(conditions), event: { type: 'matched' } });
  try {
    const { events } = await engine.run(facts);
    return events.length === 1 ? 'fired' : 'not fired';
  } catch {
    return 'failed';
  }
}

function compiledOutcome(conditions: TopLevelCondition, facts: Facts): Outcome {
  const matches = compileCondition(conditions);
  try {
    return matches(facts) ? 'fired' : 'not fired';
  } catch {
    return 'failed';
  }
}

// ---------------------------------------------------------------- vocabulary

const FACT_NAMES = ['amount', 'country', 'tags', 'customer', 'toString'] as const;

const OPERATORS: readonly Operator[] = [
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
];
const NUMERIC: readonly Operator[] = [
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];

/** Paths into a customer record: simple ones (walked as property chains) and others (jsonpath-plus). */
const CUSTOMER_PATHS = [
  '$.segment',
  "$['segment']",
  'segment',
  '$.address.country',
  '$.tags',
  '$.tags[0]',
  '$.segment.length',
  '$.tags.length',
  '$.items[0].sku',
  '$.items[1].qty',
  // Inherited properties are not followed.
  '$.tags.map',
  '$.address.constructor',
  '$.items[*].sku',
  '$..country',
  '$[segment,country]',
  '$.tags[-1:]',
  '$.items[?(@.qty > 1000)].sku',
];
const PATHS = [
  ...CUSTOMER_PATHS,
  '$[0]',
  '$[1].segment',
  '',
  '$',
  // jsonpath-plus fails on this path (it keeps parsed paths in a plain object): a run that
  // reaches it with an object fact fails.
  'toString',
];

const amounts = fc.constantFrom(5, 1000, 1500.5, -0, Number.NaN, '1000', '1500.5', '12abc', '');
const words = fc.constantFrom('DE', 'US', 'vip', 'enterprise');
const scalar = fc.oneof(amounts, words, fc.constantFrom(true, false, null, 0, 'abc'));

// ---------------------------------------------------------------- facts

/** An object with any of these keys; fact values are JSON data, so it keeps Object.prototype. */
function jsonObject<Shape>(model: { [Key in keyof Shape]: fc.Arbitrary<Shape[Key]> }) {
  return fc.record(model, { requiredKeys: [], noNullPrototype: true });
}
const list = fc.array(scalar, { maxLength: 4 });
const wordList = fc.array(fc.oneof({ weight: 3, arbitrary: words }, scalar), { maxLength: 4 });
const longList = fc.array(fc.oneof(words, scalar), { minLength: 9, maxLength: 14 });
const item = jsonObject({ sku: words, qty: amounts });
const customer = jsonObject({
  segment: words,
  country: words,
  address: jsonObject({ country: words }),
  tags: wordList,
  items: fc.array(item, { maxLength: 3 }),
});
const anyValue = fc.oneof(scalar, list, customer, fc.array(customer, { maxLength: 2 }));

/** A fact usually has the shape its name suggests, and sometimes any other. */
function usually(typical: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: typical }, { weight: 1, arbitrary: anyValue });
}

const facts: fc.Arbitrary<Facts> = fc.record(
  {
    amount: usually(amounts),
    country: usually(words),
    tags: usually(wordList),
    customer: usually(customer),
    toString: anyValue,
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------- conditions

const priority = fc.integer({ min: 1, max: 3 });
const factReference = fc.record(
  { fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS) },
  { requiredKeys: ['fact'] },
);

interface LeafShape {
  facts: readonly string[];
  operators: readonly Operator[];
  value: fc.Arbitrary<unknown>;
  /** Paths the leaf may read the fact through; without `always`, most leaves have none. */
  paths: readonly string[];
  always?: boolean;
}

function leafOf({ facts, operators, value, paths, always = false }: LeafShape) {
  const shape = {
    fact: fc.constantFrom(...facts),
    operator: fc.constantFrom(...operators),
    value,
    priority,
  };
  const required = ['fact', 'operator', 'value'] as const;
  const withPath = fc.record(
    { ...shape, path: fc.constantFrom(...paths) },
    { requiredKeys: [...required, 'path'] },
  );
  if (always) return withPath;
  const withoutPath = fc.record(shape, { requiredKeys: [...required] });
  return fc.oneof({ weight: 2, arbitrary: withoutPath }, withPath);
}

/**
 * Leaves mostly ask sensible questions of a fact (amounts compared with numbers, countries looked
 * up in lists, ...) so that they hit often; one in eight mixes anything with anything.
 */
const leaf = fc.oneof(
  {
    weight: 2,
    arbitrary: leafOf({
      facts: ['amount'],
      operators: [...NUMERIC, 'equal', 'notEqual'],
      value: fc.oneof({ weight: 4, arbitrary: amounts }, factReference),
      paths: PATHS,
    }),
  },
  leafOf({
    facts: ['country'],
    operators: ['equal', 'notEqual', 'in', 'notIn'],
    value: fc.oneof(
      words,
      wordList,
      longList,
      fc.constantFrom('DEUS', 'enterprise'),
      factReference,
    ),
    paths: PATHS,
  }),
  {
    weight: 2,
    arbitrary: leafOf({
      facts: ['tags'],
      operators: ['contains', 'doesNotContain', 'in', 'notIn'],
      value: fc.oneof({ weight: 4, arbitrary: words }, wordList, factReference),
      paths: PATHS,
    }),
  },
  leafOf({
    facts: ['customer'],
    operators: OPERATORS,
    value: fc.oneof(words, amounts, wordList, factReference),
    paths: CUSTOMER_PATHS,
    always: true,
  }),
  leafOf({
    facts: FACT_NAMES,
    operators: OPERATORS,
    value: fc.oneof(anyValue, factReference, fc.constant({ segment: 'enterprise' })),
    paths: PATHS,
  }),
);

const { node } = fc.letrec<{ node: unknown; all: unknown; any: unknown; not: unknown }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'condition' },
    { weight: 2, arbitrary: leaf },
    tie('all'),
    tie('any'),
    tie('not'),
  ),
  all: fc.record(
    { all: fc.array(tie('node'), { maxLength: 4 }), priority },
    { requiredKeys: ['all'] },
  ),
  any: fc.record(
    { any: fc.array(tie('node'), { maxLength: 4 }), priority },
    { requiredKeys: ['any'] },
  ),
  not: fc.record({ not: tie('node'), priority }, { requiredKeys: ['not'] }),
}));

const root = fc
  .oneof(
    fc.record({ all: fc.array(node, { minLength: 1, maxLength: 4 }) }),
    fc.record({ any: fc.array(node, { minLength: 1, maxLength: 4 }) }),
    fc.record({ not: node }),
  )
  .map((conditions) => conditions as TopLevelCondition);

// ---------------------------------------------------------------- properties

const RUNS = 10_000;

describe('compileCondition agrees with json-rules-engine', () => {
  it(`on ${RUNS} random condition trees and facts`, async () => {
    const seen: Record<Outcome, number> = { fired: 0, 'not fired': 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(root, facts, async (conditions, givenFacts) => {
        const expected = await engineOutcome(conditions, givenFacts);
        seen[expected]++;
        expect(compiledOutcome(conditions, givenFacts)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
    // Guards against generation drifting to trees that always (or never) match.
    expect(seen.fired).toBeGreaterThan(RUNS * 0.2);
    expect(seen['not fired']).toBeGreaterThan(RUNS * 0.2);
    expect(seen.failed).toBeGreaterThan(0);
    expect(seen.failed).toBeLessThan(RUNS * 0.2);
  }, 30_000);
});

const LEAF_RUNS = 10_000;

describe('every operator agrees with json-rules-engine, hitting and missing', () => {
  it(`on ${LEAF_RUNS} single conditions`, async () => {
    const seen = Object.fromEntries(
      OPERATORS.map((operator) => [operator, { fired: 0, 'not fired': 0, failed: 0 }]),
    ) as Record<Operator, Record<Outcome, number>>;
    await fc.assert(
      fc.asyncProperty(leaf, facts, async (condition, givenFacts) => {
        const conditions = { all: [condition] } as TopLevelCondition;
        const expected = await engineOutcome(conditions, givenFacts);
        seen[condition.operator][expected]++;
        expect(compiledOutcome(conditions, givenFacts)).toBe(expected);
      }),
      { numRuns: LEAF_RUNS },
    );
    for (const operator of OPERATORS) {
      expect(seen[operator].fired, operator).toBeGreaterThan(30);
      expect(seen[operator]['not fired'], operator).toBeGreaterThan(30);
    }
  }, 30_000);
});

describe('compileRules orders rules as json-rules-engine fires them', () => {
  // Rules of equal priority fire in document order only when their conditions take equally long
  // to evaluate (the engine evaluates them concurrently); the rules here all have the same shape.
  const rulePriority = fc.option(fc.constantFrom(0, 1, 2, 3, 2.5, 10), { nil: undefined });

  it('on random priorities', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rulePriority, { minLength: 1, maxLength: 8 }),
        async (priorities) => {
          const rules: Rule<{ type: string }>[] = priorities.map((priority, index) => ({
            name: `rule ${index}`,
            ...(priority === undefined ? {} : { priority }),
            conditions: { all: [] },
            event: { type: `rule ${index}` },
          }));
          const engine = new Engine(structuredClone(rules), { allowUndefinedFacts: true });
          const { events } = await engine.run({});
          expect(compileRules(rules).map((rule) => rule.event.type)).toEqual(
            events.map((event) => event.type),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
