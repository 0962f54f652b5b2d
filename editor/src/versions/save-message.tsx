// What the last step on a version did: done (read out politely) or refused (read out at once),
// with a way to reload the version when the refusal was a stale revision.

export interface SaveOutcome {
  kind: 'ok' | 'error';
  text: string;
  /** A stale revision: offer to reload the version. */
  reload?: boolean;
}

export function SaveMessage({
  message,
  onReload,
}: {
  message?: SaveOutcome;
  onReload: () => void;
}) {
  // The live region stays on the page, empty until there is something to say: screen readers
  // announce a change inside a region they know, not always a region that appears with its text.
  return (
    <div aria-live="polite">
      {message && (
        <div
          className={message.kind === 'ok' ? 'notice' : 'status error'}
          role={message.kind === 'ok' ? undefined : 'alert'}
        >
          <p className={message.kind === 'ok' ? '' : 'error-text'}>{message.text}</p>
          {message.reload && (
            <button type="button" className="secondary" onClick={onReload}>
              Reload the current version
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The refusal of a save whose revision someone else moved on. */
export function staleSave(revision: number): SaveOutcome {
  return {
    kind: 'error',
    text: `Not saved: someone changed this version since you opened it (you had revision ${revision}). Reload it to see the current content; your text stays here until you do.`,
    reload: true,
  };
}
