// Any two versions of a policy or a template side by side: the documents in a diff editor, and
// the server's list of what changed, field by field (the diff the audit and the review rely on),
// and for a template the lines of its source.
import { lazy, Suspense, useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { ErrorPanel, Loading } from '../ui/status';
import { statusLabel, type PolicyVersion, type VersionSummary } from '../policies/policy-api';
import type { DocumentChange } from '../../../server/versioning/diff-documents';
import { ChangeList, type SourceChange } from './change-list';
import { familyVersionPath, type VersionFamily } from './version-family';

const CodeDiffEditor = lazy(() => import('../monaco/code-diff-editor'));

interface Comparison {
  from: PolicyVersion;
  to: PolicyVersion;
  changes: DocumentChange[];
  /** A template's source lines removed (numbered in from) and added (numbered in to). */
  sourceChanges: SourceChange[];
}

export function CompareVersions(props: {
  family: VersionFamily;
  documentKey: string;
  versions: VersionSummary[];
  selected: number;
}) {
  const { family, documentKey, versions, selected } = props;
  const others = versions.filter((version) => version.version !== selected);
  const inForce = [...others].reverse().find((version) => version.status === 'published');
  const [from, setFrom] = useState<number | undefined>((inForce ?? others.at(-1))?.version);
  const [to, setTo] = useState(selected);
  const [comparison, setComparison] = useState<Comparison>();
  const [error, setError] = useState<string>();

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (from === undefined) return;
    let live = true;
    setError(undefined);
    setComparison(undefined);
    Promise.all([
      callApi<PolicyVersion>('GET', familyVersionPath(family, documentKey, from)),
      callApi<PolicyVersion>('GET', familyVersionPath(family, documentKey, to)),
      callApi<{ changes: DocumentChange[]; sourceChanges?: SourceChange[] }>(
        'GET',
        `${family.base}/${encodeURIComponent(documentKey)}/diff?from=${from}&to=${to}`,
      ),
    ]).then(
      ([fromVersion, toVersion, diff]) =>
        live &&
        setComparison({
          from: fromVersion,
          to: toVersion,
          changes: diff.changes,
          sourceChanges: diff.sourceChanges ?? [],
        }),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [family, documentKey, from, to, attempt]);

  if (versions.length < 2) return null;
  const choice = (
    label: string,
    value: number | undefined,
    onChange: (version: number) => void,
  ) => (
    <label>
      {label}
      <select
        aria-label={`Compare ${label.toLowerCase()} version`}
        value={value ?? ''}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {versions.map((version) => (
          <option key={version.version} value={version.version}>
            v{version.version} ({statusLabel(version.status)})
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare versions</h2>
      <div className="filters">
        {choice('From', from, setFrom)}
        {choice('To', to, setTo)}
      </div>
      {error && <ErrorPanel message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!error && !comparison && <Loading what="the comparison" />}
      {comparison && (
        <>
          <Suspense fallback={<Loading what="the diff" />}>
            <CodeDiffEditor
              language={family.language}
              original={family.textOf(comparison.from.document)}
              modified={family.textOf(comparison.to.document)}
              originalPath={`compare/a/${family.modelPath(documentKey, comparison.from.version, comparison.from.kind)}`}
              modifiedPath={`compare/b/${family.modelPath(documentKey, comparison.to.version, comparison.to.kind)}`}
              label={`Changes from v${comparison.from.version} to v${comparison.to.version}`}
            />
          </Suspense>
          <ChangeList changes={comparison.changes} sourceChanges={comparison.sourceChanges} />
        </>
      )}
    </section>
  );
}
