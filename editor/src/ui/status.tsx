// Loading and error states, the same on every screen: a screen is never blank while it waits, and
// a failure says what went wrong and offers to try again.

export function Loading({ what }: { what: string }) {
  return (
    <div className="status loading" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

export function ErrorPanel({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="status error" role="alert">
      <p className="error-text">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A refusal next to the form it answers, read out as soon as it appears. */
export function InlineError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error-text" role="alert">
      {message}
    </p>
  );
}
