// Whether the audit log is intact: the server re-computes every hash of the chain. A broken chain
// is the finding the log exists for, so it is shown first, loudly, with each entry to look at.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { ErrorPanel } from '../ui/status';
import type { ChainVerification } from './audit-api';

export function ChainStatus({ refresh }: { refresh: number }) {
  const [verification, setVerification] = useState<ChainVerification>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setVerification(undefined);
    setError(undefined);
    callApi<ChainVerification>('GET', '/api/v1/audit/verify').then(
      (answer) => live && setVerification(answer),
      (failure: unknown) => live && setError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [refresh, attempt]);

  const again = () => setAttempt((count) => count + 1);
  if (error)
    return <ErrorPanel message={`The chain could not be verified: ${error}`} onRetry={again} />;
  return (
    <section className="chain-status" aria-labelledby="chain-title" aria-live="polite">
      <h2 id="chain-title">Chain verification</h2>
      {!verification && <p role="status">Verifying every entry's hash…</p>}
      {verification?.ok === true && (
        <p className="chain-ok" data-testid="chain-verdict">
          {verification.entries === 0
            ? 'Intact: the log holds no entry yet.'
            : verification.entries === 1
              ? 'Intact: the one entry verifies against its hash.'
              : `Intact: all ${verification.entries} entries verify against their hashes and links.`}
        </p>
      )}
      {verification?.ok === false && (
        <div role="alert">
          <p className="chain-broken" data-testid="chain-verdict">
            Broken: {verification.problems.length}{' '}
            {verification.problems.length === 1 ? 'problem' : 'problems'} found. Entries may have
            been edited, deleted or reordered in the database.
          </p>
          <ul>
            {verification.problems.map((problem) => (
              <li key={`${problem.kind}-${problem.sequence}`}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      {verification && (
        <button type="button" className="secondary" onClick={again}>
          Verify again
        </button>
      )}
    </section>
  );
}
