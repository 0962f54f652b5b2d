// The problems of the document in the editor: what the server refused it for (each with its JSON
// path, a button that jumps to it) and what the schema check finds as you type (with its line).
import { useId } from 'react';
import type { FieldIssue } from '../api/api-client';

export function ProblemsPanel(props: {
  serverProblems: FieldIssue[];
  typingProblems: Array<{ line: number; message: string }>;
  onJump: (issue: FieldIssue) => void;
  onJumpToLine: (line: number) => void;
  /** The panel's heading; "Problems" when left out. */
  title?: string;
}) {
  const { serverProblems, typingProblems, onJump, onJumpToLine } = props;
  const titleId = useId();
  const count = serverProblems.length + typingProblems.length;
  return (
    <section className="problems" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {props.title ?? 'Problems'} <span className="badge">{count}</span>
      </h2>
      {count === 0 && <p className="empty">No problems found.</p>}
      <ul>
        {serverProblems.map((issue, index) => (
          <li key={`server-${index}`}>
            <button type="button" className="link" onClick={() => onJump(issue)}>
              {issue.path}
            </button>{' '}
            {issue.message} <span className="source">(server)</span>
          </li>
        ))}
        {typingProblems.map((problem, index) => (
          <li key={`typing-${index}`}>
            <button type="button" className="link" onClick={() => onJumpToLine(problem.line)}>
              line {problem.line}
            </button>{' '}
            {problem.message} <span className="source">(schema)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
