// An action that changes who may do what (disable a user, revoke a key, change roles) is never a
// single click: the button opens a form that asks why, for the audit log, and confirms.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { InlineError } from './status';
import { useSubmit } from './use-submit';

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
  /** Called as the form opens, to start its fields from the record as it is now. */
  onOpen?: () => void;
  /** Throws an ApiProblem when refused; the form stays open with the reason. */
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Focus goes back to the button that opened the form, not to the top of the page.
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const { busy, error, setError, submit } = useSubmit(async () => {
    await props.onConfirm(reason.trim());
    close();
    setReason('');
  });

  const close = () => {
    setOpen(false);
    setError(undefined);
  };

  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        className="secondary"
        aria-label={`${props.label}: ${props.accessibleLabel}`}
        onClick={() => {
          props.onOpen?.();
          setOpen(true);
        }}
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
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
