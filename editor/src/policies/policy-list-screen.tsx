// Every policy by kind and status, with a search on the key: what a billing admin starts from.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import type { Session } from '../auth/session';
import { Link } from '../shell/link';
import { ErrorPanel, Loading } from '../ui/status';
import { POLICY_KINDS, VERSION_STATUSES, statusLabel, type PolicySummary } from './policy-api';

export function PolicyListScreen(_props: { session: Session }) {
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [policies, setPolicies] = useState<PolicySummary[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  // Search as the user types, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    let live = true;
    const params = new URLSearchParams();
    if (kind) params.set('kind', kind);
    if (status) params.set('status', status);
    if (query) params.set('q', query);
    setError(undefined);
    setPolicies(undefined);
    callApi<{ policies: PolicySummary[] }>('GET', `/api/v1/policies?${params}`).then(
      (answer) => live && setPolicies(answer.policies),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [kind, status, query, attempt]);

  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">Policies</h1>
      <div className="filters" role="search">
        <label>
          Kind
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">All kinds</option>
            {POLICY_KINDS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">Any status</option>
            {VERSION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {statusLabel(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input
            type="search"
            placeholder="Policy key"
            value={text}
            maxLength={100}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
      </div>
      {error && <ErrorPanel message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!error && !policies && <Loading what="policies" />}
      {policies && policies.length === 0 && (
        <p className="empty">No policy matches these filters.</p>
      )}
      {policies && policies.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Kind</th>
              <th scope="col">Latest version</th>
              <th scope="col">In force</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <tr key={policy.key}>
                <td>
                  <Link href={`/policies/${encodeURIComponent(policy.key)}`}>{policy.key}</Link>
                </td>
                <td>{policy.kind}</td>
                <td>
                  v{policy.latest.version}{' '}
                  <span className={`badge status-${policy.latest.status}`}>
                    {statusLabel(policy.latest.status)}
                  </span>
                </td>
                <td>
                  {policy.published.length === 0
                    ? 'not published'
                    : policy.published
                        .map((p) => `v${p.version} from ${p.effectiveFrom.slice(0, 10)}`)
                        .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
