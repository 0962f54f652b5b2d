// Rule conditions: a json-rules-engine fact that does not exist never matches, silently, so every
// fact name (also inside a fact-to-fact comparison) must be one the runtime provides.
import { entriesOf, isRecord, issueAt } from './document-reading';
import type { PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

export interface CheckConditionsOptions {
  conditions: unknown;
  /** Path of the `conditions` field. */
  at: readonly PathSegment[];
  factNames: readonly string[];
  /** "pricing rules", "dunning rules": who may use the facts, for the message. */
  audience: string;
  issues: ValidationIssue[];
}

export function checkConditions(options: CheckConditionsOptions): void {
  checkGroup(options.conditions, options.at, options);
}

/** Same precedence as the schema: a node with `all` is an all-group, and so on. */
function checkGroup(
  node: unknown,
  at: readonly PathSegment[],
  options: CheckConditionsOptions,
): boolean {
  if (!isRecord(node)) return true;
  if ('all' in node || 'any' in node) {
    const key = 'all' in node ? 'all' : 'any';
    entriesOf(node[key]).forEach((child, index) => checkNode(child, [...at, key, index], options));
    return true;
  }
  if ('not' in node) {
    checkNode(node.not, [...at, 'not'], options);
    return true;
  }
  return false;
}

function checkNode(
  node: unknown,
  at: readonly PathSegment[],
  options: CheckConditionsOptions,
): void {
  if (!checkGroup(node, at, options) && isRecord(node)) checkLeaf(node, at, options);
}

function checkLeaf(
  leaf: Record<string, unknown>,
  at: readonly PathSegment[],
  options: CheckConditionsOptions,
): void {
  checkFactName(leaf.fact, [...at, 'fact'], options);
  checkFactPath(leaf.path, [...at, 'path'], options);
  const value = leaf.value;
  const isFactReference = isRecord(value) && 'fact' in value;
  if (isFactReference) {
    checkFactName(value.fact, [...at, 'value', 'fact'], options);
    checkFactPath(value.path, [...at, 'value', 'path'], options);
  }
  // json-rules-engine runs `value.indexOf(fact)`: on a string "DE,FR" that is a substring match.
  if (
    (leaf.operator === 'in' || leaf.operator === 'notIn') &&
    !isFactReference &&
    !Array.isArray(value)
  ) {
    options.issues.push(
      issueAt(
        [...at, 'value'],
        `must be a list for operator "${leaf.operator}", such as ["DE", "FR"]`,
      ),
    );
  }
}

function checkFactName(
  fact: unknown,
  at: readonly PathSegment[],
  options: CheckConditionsOptions,
): void {
  if (typeof fact !== 'string' || fact === '' || options.factNames.includes(fact)) return;
  options.issues.push(
    issueAt(
      at,
      `unknown fact "${fact}": ${options.audience} can use ${options.factNames.map((name) => `"${name}"`).join(', ')}`,
    ),
  );
}

function checkFactPath(
  path: unknown,
  at: readonly PathSegment[],
  options: CheckConditionsOptions,
): void {
  if (typeof path !== 'string' || path.startsWith('$')) return;
  options.issues.push(issueAt(at, 'must be a JSONPath starting with "$", such as "$.country"'));
}
