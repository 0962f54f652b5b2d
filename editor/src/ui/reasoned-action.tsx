// An action that changes who may do what (disable a user, revoke a key, change roles) is never a
// single click: the button opens a form that asks why, for the audit log, and confirms.
import { useState, type FormEvent, type ReactNode } from 'react';
import { describeProblem } from '../api/api-client';
import { InlineError } from './status';

export function ReasonedAction(props: {
  /** The button that opens the form, such as "Disable". */
  label: string;
  /** What the button is about, for screen readers: "Disable Dana Both". */
  accessibleLabel: string;
  /** The confirming button, such as "Disable the user". */
  confirm: string;
  /** Fields before the reason, such as the roles to give. */
  children?: ReactNode;
  danger?: boolean;
  /** Throws an ApiProblem when refused; the form stays open with the reason. */
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm(reason.trim());
      setOpen(false);
      setReason('');
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button
        type="button"
        className="secondary"
        aria-label={`${props.label}: ${props.accessibleLabel}`}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <form className="form reasoned" onSubmit={(event) => void submit(event)}>
      {props.children}
      <label>
        Why (the audit log keeps it)
        <textarea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          required
          maxLength={2000}
          rows={2}
          autoFocus
        />
      </label>
      <InlineError message={error} />
      <div className="actions">
        <button type="submit" className={props.danger ? 'danger' : undefined} disabled={busy}>
          {busy ? 'Working…' : props.confirm}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
