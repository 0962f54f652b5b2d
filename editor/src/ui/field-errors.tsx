// A form whose refusal names its fields: the server's problem+json lists each bad field by JSON
// path ($.billing.email), and each message is shown under the field it is about, tied to it for
// screen readers (aria-invalid, aria-describedby); what no field of the form shows is listed
// above the buttons, so nothing the server said is lost.
import { useId, useState, type FormEvent, type ReactNode, type InputHTMLAttributes } from 'react';
import { ApiProblem, type FieldIssue } from '../api/api-client';

export interface FormProblem {
  message: string;
  issues: FieldIssue[];
}

export function problemOf(failure: unknown): FormProblem {
  if (failure instanceof ApiProblem) return { message: failure.message, issues: failure.issues };
  return { message: failure instanceof Error ? failure.message : String(failure), issues: [] };
}

/** Whether the issue is about the field at the path or something inside it. */
function isAt(issue: FieldIssue, path: string): boolean {
  return (
    issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`)
  );
}

/** The messages about the field at the paths, as one sentence; undefined when it is fine. */
export function messageAt(
  problem: FormProblem | undefined,
  path: string | readonly string[],
): string | undefined {
  const paths = typeof path === 'string' ? [path] : path;
  const messages = (problem?.issues ?? [])
    .filter((issue) => paths.some((one) => isAt(issue, one)))
    .map((issue) =>
      paths.includes(issue.path) ? issue.message : `${issue.path}: ${issue.message}`,
    );
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Submission with the refusal kept whole, for the fields to show their part. */
export function useFormSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem>();
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (failure) {
      setProblem(problemOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, submit };
}

export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled control with its hint and the server's message about it. */
export function Field(props: {
  label: string;
  /** The JSON path the server names this field by (or the paths, when it has several). */
  path: string | readonly string[];
  problem: FormProblem | undefined;
  hint?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const error = messageAt(props.problem, props.path);
  const described = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': described || undefined,
      })}
      {props.hint && (
        <span id={`${id}-hint`} className="hint">
          {props.hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error-text field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled text input, with its hint and the server's message about it. */
export function TextField(props: {
  label: string;
  path: string | readonly string[];
  problem: FormProblem | undefined;
  hint?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  /** More attributes of the input, such as maxLength or type. */
  input?: InputHTMLAttributes<HTMLInputElement> | undefined;
}) {
  return (
    <Field label={props.label} path={props.path} problem={props.problem} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          {...props.input}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** The end of a record's form: why (for the audit log), what the server refused, save, cancel. */
export function FormFooter(props: {
  reason: string;
  onReason: (reason: string) => void;
  problem: FormProblem | undefined;
  /** The paths the form's fields show. */
  shown: readonly string[];
  busy: boolean;
  save: string;
  onCancel: () => void;
}) {
  return (
    <>
      <label>
        Why (optional, for the audit log)
        <input
          value={props.reason}
          maxLength={2000}
          onChange={(event) => props.onReason(event.target.value)}
        />
      </label>
      <FormProblemSummary problem={props.problem} shown={props.shown} />
      <div className="actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Saving…' : props.save}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** The refusal's sentence and every issue no field of the form shows. */
export function FormProblemSummary(props: {
  problem: FormProblem | undefined;
  /** The paths the form's fields show. */
  shown: readonly string[];
}) {
  const { problem, shown } = props;
  if (!problem) return null;
  const others = problem.issues.filter((issue) => !shown.some((path) => isAt(issue, path)));
  const onFields = problem.issues.length - others.length;
  return (
    <div className="error-text" role="alert">
      <p>
        {problem.message}
        {onFields > 0 && `: see the ${onFields === 1 ? 'field' : `${onFields} fields`} marked`}
      </p>
      {others.length > 0 && (
        <ul>
          {others.map((issue) => (
            <li key={`${issue.path}-${issue.message}`}>
              {issue.path}: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
