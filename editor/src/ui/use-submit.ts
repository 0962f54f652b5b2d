// A form's submission: busy while the request runs (so it cannot be sent twice), and the
// server's refusal as a sentence next to the form, or nothing once it succeeds.
import { useState, type FormEvent } from 'react';
import { describeProblem } from '../api/api-client';

export function useSubmit(
  action: () => Promise<void>,
  describe: (failure: unknown) => string = describeProblem,
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}
