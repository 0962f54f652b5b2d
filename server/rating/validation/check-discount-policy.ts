import { HUNDRED } from '../money';
import {
  checkKnownCurrency,
  decimalOf,
  entriesOf,
  instantOf,
  isRecord,
  issueAt,
} from './document-reading';
import { formatJsonPath, type PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

export function checkDiscountPolicy(
  policy: Record<string, unknown>,
  issues: ValidationIssue[],
): void {
  checkKnownCurrency(policy.currency, ['currency'], issues);
  let firstFixedAmount: PathSegment[] | undefined;
  entriesOf(policy.rules).forEach((rule, index) => {
    if (!isRecord(rule) || !isRecord(rule.event) || !isRecord(rule.event.params)) return;
    const params = rule.event.params;
    const at: PathSegment[] = ['rules', index, 'event', 'params'];
    checkPercentOrAmount(params, at, issues);
    checkValidity(params, at, issues);
    checkProducts(params, at, issues);
    if (!firstFixedAmount) {
      if (params.amount !== undefined) firstFixedAmount = [...at, 'amount'];
      else if (params.cap !== undefined) firstFixedAmount = [...at, 'cap'];
    }
  });
  // A fixed amount means nothing without its currency; the policy then applies to that currency only.
  if (firstFixedAmount && policy.currency === undefined) {
    issues.push(
      issueAt(
        ['currency'],
        `is required because ${formatJsonPath(firstFixedAmount)} is a fixed amount`,
      ),
    );
  }
}

function checkPercentOrAmount(
  params: Record<string, unknown>,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  const hasPercent = params.percent !== undefined;
  const hasAmount = params.amount !== undefined;
  if (hasPercent && hasAmount) {
    issues.push(issueAt([...at, 'amount'], 'set either percent or amount, not both'));
  } else if (!hasPercent && !hasAmount) {
    issues.push(issueAt(at, 'must have either "percent" or "amount"'));
  }
  const percent = decimalOf(params.percent);
  if (percent && percent.greaterThan(HUNDRED)) {
    issues.push(issueAt([...at, 'percent'], 'must be at most 100'));
  }
}

function checkValidity(
  params: Record<string, unknown>,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  const validFrom = instantOf(params.validFrom);
  const validUntil = instantOf(params.validUntil);
  if (validFrom !== undefined && validUntil !== undefined && validUntil <= validFrom) {
    issues.push(
      issueAt([...at, 'validUntil'], `must be after validFrom (${String(params.validFrom)})`),
    );
  }
}

/** Product scope needs the products; other scopes would silently ignore them. */
function checkProducts(
  params: Record<string, unknown>,
  at: PathSegment[],
  issues: ValidationIssue[],
): void {
  const products = params.products;
  if (params.scope === 'product') {
    if (products === undefined || (Array.isArray(products) && products.length === 0)) {
      issues.push(
        issueAt([...at, 'products'], 'must list at least one product or meter for scope "product"'),
      );
    }
  } else if (typeof params.scope === 'string' && products !== undefined) {
    issues.push(
      issueAt(
        [...at, 'products'],
        `only applies to scope "product", not "${params.scope}": remove it or change the scope`,
      ),
    );
  }
}
