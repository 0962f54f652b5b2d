import { entriesOf, isRecord, issueAt } from './document-reading';
import { formatJsonPath, type PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

/** Each action is scheduled once per invoice, so a rule lists each action at most once. */
export function checkDunningPolicy(
  policy: Record<string, unknown>,
  issues: ValidationIssue[],
): void {
  entriesOf(policy.rules).forEach((rule, ruleIndex) => {
    if (!isRecord(rule) || !isRecord(rule.event) || !isRecord(rule.event.params)) return;
    const at: PathSegment[] = ['rules', ruleIndex, 'event', 'params', 'steps'];
    const firstIndex = new Map<string, number>();
    entriesOf(rule.event.params.steps).forEach((step, index) => {
      if (!isRecord(step) || typeof step.action !== 'string') return;
      const first = firstIndex.get(step.action);
      if (first === undefined) {
        firstIndex.set(step.action, index);
        return;
      }
      issues.push(
        issueAt(
          [...at, index, 'action'],
          `duplicate step "${step.action}" (also ${formatJsonPath([...at, first, 'action'])}): each action may appear once per rule`,
        ),
      );
    });
  });
}
