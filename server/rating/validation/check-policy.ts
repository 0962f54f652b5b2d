// Checks a policy needs beyond its schema. Each reads defensively and skips parts whose shape is
// wrong, since those are already reported by the schema.
import { checkConditions } from './check-conditions';
import { checkDiscountPolicy } from './check-discount-policy';
import { checkDunningPolicy } from './check-dunning-policy';
import { checkPricingPolicy } from './check-pricing-policy';
import { checkTaxPolicy } from './check-tax-policy';
import { entriesOf, isRecord, issueAt } from './document-reading';
import { formatJsonPath } from './json-path';
import { DUNNING_FACT_NAMES, RATING_FACT_NAMES } from './schema-documents';
import type { ValidationIssue } from './validation-outcome';

export function checkPolicy(document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(document)) return issues;
  checkRuleNamesUnique(document, issues);
  switch (document.kind) {
    case 'pricing':
      checkRuleConditions(document, RATING_FACT_NAMES, 'pricing rules', issues);
      checkPricingPolicy(document, issues);
      break;
    case 'discount':
      checkRuleConditions(document, RATING_FACT_NAMES, 'discount rules', issues);
      checkDiscountPolicy(document, issues);
      break;
    case 'tax':
      checkRuleConditions(document, RATING_FACT_NAMES, 'tax rules', issues);
      checkTaxPolicy(document, issues);
      break;
    case 'dunning':
      checkRuleConditions(document, DUNNING_FACT_NAMES, 'dunning rules', issues);
      checkDunningPolicy(document, issues);
      break;
    default:
      // An unknown kind is a schema error; without a kind we do not know which facts apply.
      break;
  }
  return issues;
}

/** Rule names identify the rule in every invoice line's trace, so they must be unique. */
function checkRuleNamesUnique(policy: Record<string, unknown>, issues: ValidationIssue[]): void {
  const firstIndex = new Map<string, number>();
  entriesOf(policy.rules).forEach((rule, index) => {
    if (!isRecord(rule) || typeof rule.name !== 'string') return;
    const first = firstIndex.get(rule.name);
    if (first === undefined) {
      firstIndex.set(rule.name, index);
      return;
    }
    issues.push(
      issueAt(
        ['rules', index, 'name'],
        `duplicate rule name "${rule.name}" (also ${formatJsonPath(['rules', first, 'name'])}): rule names must be unique within a policy`,
      ),
    );
  });
}

function checkRuleConditions(
  policy: Record<string, unknown>,
  factNames: readonly string[],
  audience: string,
  issues: ValidationIssue[],
): void {
  entriesOf(policy.rules).forEach((rule, index) => {
    if (!isRecord(rule)) return;
    checkConditions({
      conditions: rule.conditions,
      at: ['rules', index, 'conditions'],
      factNames,
      audience,
      issues,
    });
  });
}
