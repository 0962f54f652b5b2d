// The audit entries, oldest first as the chain runs. Who acted and what it was done to are
// buttons that narrow the view to them, so following one person or one version is a click.
import type { NameOf } from '../people/use-people';
import { Link } from '../shell/link';
import { actionLabel, type AuditEntryView } from './audit-api';

export function AuditTable(props: {
  entries: AuditEntryView[];
  nameOf: NameOf;
  onActor: (id: string) => void;
  onTarget: (target: AuditEntryView['target']) => void;
}) {
  const { entries, nameOf, onActor, onTarget } = props;
  return (
    <div className="table-scroll">
      <table className="table audit-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.sequence}>
              <td className="number">{entry.sequence}</td>
              <td>
                <time dateTime={entry.at}>{entry.at.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>
                <button
                  type="button"
                  className="link text"
                  title={`${entry.actor.type} ${entry.actor.id}: show only what they did`}
                  onClick={() => onActor(entry.actor.id)}
                >
                  {nameOf(entry.actor.id)}
                </button>
              </td>
              <td>{actionLabel(entry.action)}</td>
              <td>
                <button
                  type="button"
                  className="link text"
                  title={`Show only entries about ${entry.target.type} ${entry.target.id}`}
                  onClick={() => onTarget(entry.target)}
                >
                  <span className="muted">{entry.target.type.replaceAll('_', ' ')}</span>{' '}
                  {entry.target.type === 'user' ? nameOf(entry.target.id) : entry.target.id}
                </button>
                <TargetLink target={entry.target} />
              </td>
              <td>{entry.reason}</td>
              <td>
                <EntryDetails entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Where the app shows a policy, a template or one of their versions. */
const SCREEN_OF: Partial<Record<AuditEntryView['target']['type'], string>> = {
  policy: '/policies',
  policy_version: '/policies',
  template: '/templates',
  template_version: '/templates',
};

function TargetLink({ target }: { target: AuditEntryView['target'] }) {
  const route = SCREEN_OF[target.type];
  if (route === undefined) return null;
  const at = target.id.lastIndexOf('@');
  const href =
    target.type.endsWith('_version') && at > 0
      ? `${route}/${encodeURIComponent(target.id.slice(0, at))}?version=${encodeURIComponent(target.id.slice(at + 1))}`
      : `${route}/${encodeURIComponent(target.id)}`;
  return (
    <>
      {' '}
      <Link href={href} aria-label={`Open ${target.id}`}>
        open
      </Link>
    </>
  );
}

function EntryDetails({ entry }: { entry: AuditEntryView }) {
  const shown = {
    ...(entry.details && { details: entry.details }),
    ...(entry.contentHashes && { contentHashes: entry.contentHashes }),
    hash: entry.hash,
    previousHash: entry.previousHash,
  };
  return (
    <details className="entry-details">
      <summary>{entry.details ? summaryOf(entry.details) : 'Hashes'}</summary>
      <pre>{JSON.stringify(shown, null, 2)}</pre>
    </details>
  );
}

/** The first few plain fields of the details, on one line: fromStatus draft, toStatus in_review. */
function summaryOf(details: Record<string, unknown>): string {
  const parts = Object.entries(details)
    .filter(([, value]) => value !== null && typeof value !== 'object')
    .slice(0, 3)
    .map(([name, value]) => `${name} ${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'Details';
}
