import { HUNDRED } from '../money';
import { decimalOf, entriesOf, isRecord, issueAt } from './document-reading';
import type { PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

export function checkTaxPolicy(policy: Record<string, unknown>, issues: ValidationIssue[]): void {
  entriesOf(policy.rules).forEach((rule, index) => {
    if (!isRecord(rule) || !isRecord(rule.event) || !isRecord(rule.event.params)) return;
    const params = rule.event.params;
    const at: PathSegment[] = ['rules', index, 'event', 'params'];
    const rate = decimalOf(params.rate);
    if (rate && rate.greaterThanOrEqualTo(HUNDRED)) {
      issues.push(issueAt([...at, 'rate'], 'must be below 100 (percent)'));
    }
    // Exempt: no tax is due. Reverse charge: tax is due, accounted for by the customer.
    if (params.exempt === true && params.reverseCharge === true) {
      issues.push(
        issueAt(
          [...at, 'reverseCharge'],
          'cannot be combined with "exempt": a line is either exempt or reverse charged',
        ),
      );
    }
  });
}
