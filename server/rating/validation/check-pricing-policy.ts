import type { Exact } from '../money';
import {
  checkKnownCurrency,
  decimalOf,
  entriesOf,
  instantOf,
  isRecord,
  issueAt,
  textOf,
} from './document-reading';
import { formatJsonPath, type PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

export function checkPricingPolicy(
  policy: Record<string, unknown>,
  issues: ValidationIssue[],
): void {
  checkKnownCurrency(policy.currency, ['currency'], issues);
  checkGrandfathering(policy, issues);
  const commitments = new Map<string, { amount: Exact; text: string; at: PathSegment[] }>();
  entriesOf(policy.rules).forEach((rule, index) => {
    if (!isRecord(rule) || !isRecord(rule.event) || !isRecord(rule.event.params)) return;
    const params = rule.event.params;
    const at: PathSegment[] = ['rules', index, 'event', 'params'];
    if (params.model === 'graduated' || params.model === 'volume') {
      checkTiers(params.tiers, [...at, 'tiers'], issues);
    }
    checkCommitment(params.commitment, [...at, 'commitment'], commitments, issues);
  });
}

/** existingFrom moves grandfathered subscriptions onto this version, so it needs grandfathering. */
function checkGrandfathering(policy: Record<string, unknown>, issues: ValidationIssue[]): void {
  if (policy.existingFrom === undefined) return;
  if (policy.grandfatherExisting !== true) {
    issues.push(issueAt(['existingFrom'], 'only applies with "grandfatherExisting": true'));
  }
  const existingFrom = instantOf(policy.existingFrom);
  const effectiveFrom = instantOf(policy.effectiveFrom);
  if (existingFrom !== undefined && effectiveFrom !== undefined && existingFrom < effectiveFrom) {
    issues.push(
      issueAt(
        ['existingFrom'],
        `must not be before effectiveFrom (${String(policy.effectiveFrom)})`,
      ),
    );
  }
}

/**
 * Tiers partition the quantity: each bound is above the previous one, and only the last tier is
 * open-ended, so every quantity falls in exactly one tier.
 */
function checkTiers(tiers: unknown, at: PathSegment[], issues: ValidationIssue[]): void {
  const list = entriesOf(tiers);
  let previous: { bound: Exact; text: string } | undefined;
  list.forEach((tier, index) => {
    if (!isRecord(tier)) return;
    const upToAt = [...at, index, 'upTo'];
    if (tier.upTo === null) {
      if (index < list.length - 1) {
        issues.push(issueAt(upToAt, 'only the last tier can be open-ended (upTo null)'));
      }
      return;
    }
    const bound = decimalOf(tier.upTo);
    if (!bound) return;
    if (previous && !bound.greaterThan(previous.bound)) {
      issues.push(
        issueAt(upToAt, `must be greater than the previous tier's upTo "${previous.text}"`),
      );
    }
    previous = { bound, text: String(tier.upTo) };
    if (index === list.length - 1) {
      issues.push(
        issueAt(
          upToAt,
          'the last tier must be open-ended: set upTo to null so every quantity has a price',
        ),
      );
    }
  });
}

/** One commitment group is one shortfall computation, so all its rules must commit the same amount. */
function checkCommitment(
  commitment: unknown,
  at: PathSegment[],
  groups: Map<string, { amount: Exact; text: string; at: PathSegment[] }>,
  issues: ValidationIssue[],
): void {
  if (!isRecord(commitment)) return;
  const group = textOf(commitment.group);
  const amount = decimalOf(commitment.amount);
  if (group === undefined || amount === undefined) return;
  const first = groups.get(group);
  if (!first) {
    groups.set(group, { amount, text: String(commitment.amount), at: [...at, 'amount'] });
    return;
  }
  if (!first.amount.equals(amount)) {
    issues.push(
      issueAt(
        [...at, 'amount'],
        `commitment group "${group}" has amount "${first.text}" at ${formatJsonPath(first.at)}: every rule of a group must commit the same amount`,
      ),
    );
  }
}
