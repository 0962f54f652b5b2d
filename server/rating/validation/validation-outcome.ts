/** One problem in a document, located by a JSONPath-like path such as `$.rules[0].event.params.tiers[1].upTo`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationOutcome<T> =
  { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Schema issues first, then semantic ones; the same message at the same path is reported once. */
export function toOutcome<T>(
  document: unknown,
  ...issueLists: ValidationIssue[][]
): ValidationOutcome<T> {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of issueLists.flat()) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues.length === 0 ? { ok: true, value: document as T } : { ok: false, issues };
}
