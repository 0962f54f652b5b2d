// What changed between two versions, as the server lists it: each field by its JSON path (rules
// by name, so a moved rule reads as moved), and for a template the source lines removed and added.
import type { DocumentChange } from '../../../server/versioning/diff-documents';

export interface SourceChange {
  kind: 'removed' | 'added';
  line: number;
  text: string;
}

export function ChangeList(props: {
  changes: DocumentChange[];
  sourceChanges?: SourceChange[];
  label?: string;
}) {
  const { changes, sourceChanges = [], label = 'Changed fields' } = props;
  return (
    <ul className="changes" aria-label={label}>
      {changes.length === 0 && sourceChanges.length === 0 && (
        <li>The two versions have the same content.</li>
      )}
      {changes.map((change, index) => (
        <li key={index}>
          <code>{change.path}</code> {describeChange(change)}
        </li>
      ))}
      {sourceChanges.map((change) => (
        <li key={`${change.kind}-${change.line}`}>
          source line {change.line} {change.kind}: <code>{change.text}</code>
        </li>
      ))}
    </ul>
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
