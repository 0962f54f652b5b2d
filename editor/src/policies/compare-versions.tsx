// Any two versions of a policy side by side: the documents in a diff editor, and the server's list
// of what changed, field by field (the diff the audit and the review rely on).
import { lazy, Suspense, useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { policyModelPath } from '../monaco/model-paths';
import { ErrorPanel, Loading } from '../ui/status';
import {
  statusLabel,
  versionPath,
  type PolicyVersion,
  type VersionSummary,
  prettyJson,
} from './policy-api';
import type { DocumentChange } from '../../../server/versioning/diff-documents';

const JsonDiffEditor = lazy(() => import('../monaco/json-diff-editor'));

interface Comparison {
  from: PolicyVersion;
  to: PolicyVersion;
  changes: DocumentChange[];
}

export function CompareVersions(props: {
  policyKey: string;
  versions: VersionSummary[];
  selected: number;
}) {
  const { policyKey, versions, selected } = props;
  const others = versions.filter((version) => version.version !== selected);
  const inForce = [...others].reverse().find((version) => version.status === 'published');
  const [from, setFrom] = useState<number | undefined>((inForce ?? others.at(-1))?.version);
  const [to, setTo] = useState(selected);
  const [comparison, setComparison] = useState<Comparison>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (from === undefined) return;
    let live = true;
    setError(undefined);
    setComparison(undefined);
    Promise.all([
      callApi<PolicyVersion>('GET', versionPath(policyKey, from)),
      callApi<PolicyVersion>('GET', versionPath(policyKey, to)),
      callApi<{ changes: DocumentChange[] }>(
        'GET',
        `/api/v1/policies/${encodeURIComponent(policyKey)}/diff?from=${from}&to=${to}`,
      ),
    ]).then(
      ([fromVersion, toVersion, diff]) =>
        live && setComparison({ from: fromVersion, to: toVersion, changes: diff.changes }),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [policyKey, from, to]);

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
      {error && <ErrorPanel message={error} />}
      {!error && !comparison && <Loading what="the comparison" />}
      {comparison && (
        <>
          <Suspense fallback={<Loading what="the diff" />}>
            <JsonDiffEditor
              original={prettyJson(comparison.from.document)}
              modified={prettyJson(comparison.to.document)}
              originalPath={`compare/a/${policyModelPath(policyKey, comparison.from.version, comparison.from.kind)}`}
              modifiedPath={`compare/b/${policyModelPath(policyKey, comparison.to.version, comparison.to.kind)}`}
              label={`Changes from v${comparison.from.version} to v${comparison.to.version}`}
            />
          </Suspense>
          <ul className="changes" aria-label="Changed fields">
            {comparison.changes.length === 0 && <li>The two versions have the same content.</li>}
            {comparison.changes.map((change, index) => (
              <li key={index}>
                <code>{change.path}</code> {describeChange(change)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function describeChange(change: DocumentChange): string {
  const show = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  };
  switch (change.kind) {
    case 'added':
      return `added: ${show(change.after)}`;
    case 'removed':
      return `removed (was ${show(change.before)})`;
    case 'changed':
      return `${show(change.before)} → ${show(change.after)}`;
    case 'moved':
      return `moved from position ${change.from} to ${change.to}`;
  }
}
