// Every policy (or template) by kind (purpose) and status, with a search on the key: what a
// billing admin starts from.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { Link } from '../shell/link';
import { ErrorPanel, Loading } from '../ui/status';
import { VERSION_STATUSES, statusLabel, type VersionStatus } from '../policies/policy-api';
import type { VersionFamily } from './version-family';

interface DocumentSummary {
  key: string;
  kind?: string;
  purpose?: string;
  latest: { version: number; status: VersionStatus };
  published: { version: number; effectiveFrom: string }[];
}

export interface DocumentList {
  family: VersionFamily;
  /** Policies, Templates */
  title: string;
  /** The list's member in the API's answer and its filter: kind or purpose. */
  listField: 'policies' | 'templates';
  kindField: 'kind' | 'purpose';
  kinds: readonly string[];
}

export function DocumentListScreen({ list }: { list: DocumentList }) {
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [documents, setDocuments] = useState<DocumentSummary[]>();
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
    if (kind) params.set(list.kindField, kind);
    if (status) params.set('status', status);
    if (query) params.set('q', query);
    setError(undefined);
    setDocuments(undefined);
    callApi<Record<string, DocumentSummary[]>>('GET', `${list.family.base}?${params}`).then(
      (answer) => live && setDocuments(answer[list.listField] ?? []),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [list, kind, status, query, attempt]);

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{list.title}</h1>
      <div className="filters" role="search">
        <label>
          {list.kindField === 'kind' ? 'Kind' : 'Purpose'}
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">{list.kindField === 'kind' ? 'All kinds' : 'All purposes'}</option>
            {list.kinds.map((value) => (
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
            placeholder={`${list.family.noun} key`}
            value={text}
            maxLength={100}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
      </div>
      {error && <ErrorPanel message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!error && !documents && <Loading what={list.title.toLowerCase()} />}
      {documents && documents.length === 0 && (
        <p className="empty">No {list.family.noun.toLowerCase()} matches these filters.</p>
      )}
      {documents && documents.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{list.family.noun}</th>
              <th scope="col">{list.kindField === 'kind' ? 'Kind' : 'Purpose'}</th>
              <th scope="col">Latest version</th>
              <th scope="col">In force</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((document) => (
              <tr key={document.key}>
                <td>
                  <Link href={`${list.family.route}/${encodeURIComponent(document.key)}`}>
                    {document.key}
                  </Link>
                </td>
                <td>{document[list.kindField]}</td>
                <td>
                  v{document.latest.version}{' '}
                  <span className={`badge status-${document.latest.status}`}>
                    {statusLabel(document.latest.status)}
                  </span>
                </td>
                <td>
                  {document.published.length === 0
                    ? 'not published'
                    : document.published
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
