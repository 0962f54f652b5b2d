// Rule conditions compiled into plain synchronous predicates with exactly the semantics of
// json-rules-engine 7.3.1 (an Engine created with `allowUndefinedFacts: true`, facts passed to
// `engine.run(facts)`), which stays the reference: test/unit/rating/conditions.property.test.ts
// checks the two agree on random trees and facts. Rating evaluates conditions for every line, so
// the tree is turned into closures once and nothing is looked up or parsed per evaluation.
//
// The engine's rules for boolean nodes:
//   - a node is "any" if it has an own `any`, else "all" if it has `all`, else "not";
//   - an empty `all` and an empty `any` both pass;
//   - siblings are grouped by priority and the groups run from highest to lowest, stopping once
//     the outcome is decided; the conditions of one group all run. Conditions are pure, so this
//     only matters when one of them throws (e.g. `in` against a value that is not a list or a
//     string): then the engine's run fails, and so does the predicate, for the same inputs.
import type { Operator, Rule, TopLevelCondition } from '../types';
import { InvalidConditionError } from './invalid-condition-error';
import { compileComparison, compileValueTest, isOperator } from './operators';
import { compileFactReader, type CompiledFactReader } from './read-fact';

export type Facts = Readonly<Record<string, unknown>>;
export type Predicate = (facts: Facts) => boolean;

export interface CompiledRule<Event> {
  name: string;
  /** json-rules-engine's effective priority: a positive integer, 1 when the rule gives none. */
  priority: number;
  event: Event;
  matches: Predicate;
  /** Position of the rule in its policy document. */
  index: number;
}

/** Compiles the root of a rule's conditions: an `all`, `any` or `not` node. */
export function compileCondition(condition: TopLevelCondition): Predicate {
  return compileRoot(condition, 'conditions');
}

/**
 * Compiles a policy's rules in the order json-rules-engine runs them: higher priority first, and
 * rules of equal priority in document order.
 */
export function compileRules<Rules extends readonly Rule<unknown>[]>(
  rules: Rules,
): CompiledRule<Rules[number]['event']>[] {
  return rules
    .map((rule, index) => {
      const location = `rules[${index}] "${rule.name}"`;
      return {
        name: rule.name,
        priority: rulePriority(rule.priority, location),
        event: rule.event,
        matches: compileRoot(rule.conditions, `${location} conditions`),
        index,
      };
    })
    .sort((first, second) => second.priority - first.priority);
}

/** json-rules-engine: a missing or zero priority is 1, a fraction is truncated, below 1 is refused. */
function rulePriority(priority: number | undefined, location: string): number {
  const effective = Number.parseInt(String(priority || 1), 10);
  if (!(effective > 0)) {
    throw new InvalidConditionError(location, `priority must be at least 1, got ${priority}`);
  }
  return effective;
}

// ---------------------------------------------------------------- condition tree

type BooleanOperator = 'all' | 'any' | 'not';

interface CompiledNode {
  test: Predicate;
  /** Whether evaluating may throw; such siblings are all evaluated, as the engine does. */
  canThrow: boolean;
  /** The priority the engine schedules this node by among its siblings. */
  priority: number;
}

type ConditionNode = Record<string, unknown>;

function compileRoot(condition: unknown, location: string): Predicate {
  if (!isNode(condition) || booleanOperatorOf(condition) === undefined) {
    throw new InvalidConditionError(location, 'the root must be an "all", "any" or "not" node');
  }
  return compileNode(condition, location).test;
}

function compileNode(node: unknown, location: string): CompiledNode {
  if (!isNode(node)) throw new InvalidConditionError(location, 'a condition must be an object');
  const operator = booleanOperatorOf(node);
  if (operator === 'not') return compileNot(node, location);
  if (operator !== undefined) return compileList(node, operator, location);
  if (Object.hasOwn(node, 'condition')) {
    throw new InvalidConditionError(location, 'shared condition references are not supported');
  }
  return compileLeaf(node, location);
}

function isNode(value: unknown): value is ConditionNode {
  return typeof value === 'object' && value !== null;
}

/** The engine checks `any` before `all` before `not`; other keys on the node are ignored. */
function booleanOperatorOf(node: ConditionNode): BooleanOperator | undefined {
  if (Object.hasOwn(node, 'any')) return 'any';
  if (Object.hasOwn(node, 'all')) return 'all';
  if (Object.hasOwn(node, 'not')) return 'not';
  return undefined;
}

function compileNot(node: ConditionNode, location: string): CompiledNode {
  if (Array.isArray(node.not)) {
    throw new InvalidConditionError(location, '"not" takes one condition, not a list');
  }
  const inner = compileNode(node.not, `${location}.not`);
  const test = inner.test;
  return {
    test: (facts) => !test(facts),
    canThrow: inner.canThrow,
    priority: booleanNodePriority(node, location),
  };
}

function compileList(node: ConditionNode, operator: 'all' | 'any', location: string): CompiledNode {
  const list = node[operator];
  if (!Array.isArray(list)) {
    throw new InvalidConditionError(location, `"${operator}" must be a list of conditions`);
  }
  const children = list.map((child, index) =>
    compileNode(child, `${location}.${operator}[${index}]`),
  );
  return {
    test: combine(operator, children),
    canThrow: children.some((child) => child.canThrow),
    priority: booleanNodePriority(node, location),
  };
}

/** An empty list passes for both `all` and `any`; one condition decides alone. */
function combine(operator: 'all' | 'any', children: readonly CompiledNode[]): Predicate {
  const [only] = children;
  if (children.length === 0) return () => true;
  if (children.length === 1 && only) return only.test;
  const groups = groupByPriority(children).map((group) => combineGroup(operator, group));
  const [single] = groups;
  if (groups.length === 1 && single) return single;
  return operator === 'all' ? everyPasses(groups) : somePasses(groups);
}

/**
 * Sibling groups in the engine's order: it buckets conditions in an object keyed by priority and
 * sorts the keys with `Number(a) > Number(b) ? -1 : 1`; the same steps give the same order.
 */
function groupByPriority(children: readonly CompiledNode[]): CompiledNode[][] {
  const groups: Record<string, CompiledNode[]> = {};
  for (const child of children) (groups[String(child.priority)] ??= []).push(child);
  return Object.keys(groups)
    .sort((first, second) => (Number(first) > Number(second) ? -1 : 1))
    .map((key) => groups[key] ?? []);
}

/** Within a group the engine evaluates every condition; skipping is safe only if none can throw. */
function combineGroup(operator: 'all' | 'any', group: readonly CompiledNode[]): Predicate {
  const tests = group.map((child) => child.test);
  if (group.some((child) => child.canThrow)) {
    return operator === 'all' ? allOfEvaluatingEach(tests) : anyOfEvaluatingEach(tests);
  }
  return operator === 'all' ? everyPasses(tests) : somePasses(tests);
}

function everyPasses(tests: readonly Predicate[]): Predicate {
  return (facts) => {
    for (const test of tests) {
      if (!test(facts)) return false;
    }
    return true;
  };
}

function somePasses(tests: readonly Predicate[]): Predicate {
  return (facts) => {
    for (const test of tests) {
      if (test(facts)) return true;
    }
    return false;
  };
}

function allOfEvaluatingEach(tests: readonly Predicate[]): Predicate {
  return (facts) => {
    let passes = true;
    for (const test of tests) passes = test(facts) && passes;
    return passes;
  };
}

function anyOfEvaluatingEach(tests: readonly Predicate[]): Predicate {
  return (facts) => {
    let passes = false;
    for (const test of tests) passes = test(facts) || passes;
    return passes;
  };
}

// ---------------------------------------------------------------- priorities of conditions

/** The engine schedules a boolean node by `parseInt(priority, 10) || 1`. */
function booleanNodePriority(node: ConditionNode, location: string): number {
  return Number.parseInt(String(priorityAsWritten(node, location)), 10) || 1;
}

/** ...and a leaf by its priority as written when truthy, else by its fact's: 1 for runtime facts. */
function leafPriority(node: ConditionNode, location: string): number {
  return priorityAsWritten(node, location) || 1;
}

/** NaN when the condition gives no priority. */
function priorityAsWritten(node: ConditionNode, location: string): number {
  const priority = node.priority;
  if (priority === undefined) return Number.NaN;
  // The engine also reads strings (and writes the parsed number back into the rule); a number is
  // all a policy needs.
  if (typeof priority !== 'number') {
    throw new InvalidConditionError(
      location,
      `"priority" must be a number, got ${typeof priority}`,
    );
  }
  return priority;
}

// ---------------------------------------------------------------- leaves

/** `{ fact, operator, value, path? }`; a value that is an object with an own `fact` names a fact. */
function compileLeaf(node: ConditionNode, location: string): CompiledNode {
  for (const property of ['fact', 'operator', 'value']) {
    if (!Object.hasOwn(node, property)) {
      throw new InvalidConditionError(location, `a condition needs "${property}"`);
    }
  }
  const operator = node.operator;
  if (!isOperator(operator)) {
    throw new InvalidConditionError(location, `unknown operator ${JSON.stringify(operator)}`);
  }
  const factValue = compileFactReader({ fact: node.fact, path: node.path });
  const priority = leafPriority(node, location);
  if (isFactReference(node.value)) {
    return { ...compareWithFact(operator, factValue, node.value), priority };
  }
  const comparison = compileValueTest(operator, node.value);
  const read = factValue.read;
  const test = comparison.test;
  return {
    test: (facts) => test(read(facts)),
    canThrow: factValue.canThrow || comparison.canThrow,
    priority,
  };
}

function isFactReference(value: unknown): value is { fact: unknown; path?: unknown } {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'fact');
}

/** Fact-to-fact comparison: the value is read like the fact, path included, on every run. */
function compareWithFact(
  operator: Operator,
  factValue: CompiledFactReader,
  reference: { fact: unknown; path?: unknown },
): Omit<CompiledNode, 'priority'> {
  const value = compileFactReader({ fact: reference.fact, path: reference.path });
  const comparison = compileComparison(operator);
  const readFact = factValue.read;
  const readValue = value.read;
  const compare = comparison.test;
  return {
    test: (facts) => {
      const right = readValue(facts);
      return compare(readFact(facts), right);
    },
    canThrow: factValue.canThrow || value.canThrow || comparison.canThrow,
  };
}
