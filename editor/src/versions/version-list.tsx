// The versions of a policy or a template, newest first, each with its status and when it is in
// force (or who wrote it): choosing one opens it.
import { usePeople } from '../people/use-people';
import { navigate } from '../shell/navigation';
import { statusLabel, type VersionSummary } from '../policies/policy-api';

export function VersionList(props: {
  versions: VersionSummary[];
  selected: number;
  hrefOf: (version: number) => string;
}) {
  const { versions, selected, hrefOf } = props;
  const nameOf = usePeople(versions.map((version) => version.author));
  return (
    <nav className="versions" aria-label="Versions">
      <h2>Versions</h2>
      <ol>
        {[...versions].reverse().map((version) => (
          <li key={version.version}>
            <button
              type="button"
              className={`version-item${version.version === selected ? ' selected' : ''}`}
              aria-current={version.version === selected ? 'true' : undefined}
              onClick={() => navigate(hrefOf(version.version))}
            >
              v{version.version}{' '}
              <span className={`badge status-${version.status}`}>
                {statusLabel(version.status)}
              </span>
              <span className="meta">
                {version.publication
                  ? `in force from ${version.publication.effectiveFrom.slice(0, 10)}`
                  : `by ${nameOf(version.author)}, ${version.updatedAt.slice(0, 10)}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
