// TOTP enrolment for a user whose role needs a second factor: the server makes a secret for this
// enrolment session; the user adds it to an authenticator app (QR code, or the secret typed in)
// and proves it with the first code.
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { ErrorPanel, InlineError, Loading } from '../ui/status';
import { TotpCodeInput } from './totp-code-input';

interface Enrolment {
  secret: string;
  otpauthUri: string;
}

export function MfaEnrolment({
  onEnrolled,
  onCancel,
}: {
  onEnrolled: () => void;
  onCancel: () => void;
}) {
  const [enrolment, setEnrolment] = useState<Enrolment & { qr: string }>();
  const [loadError, setLoadError] = useState<string>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    (async () => {
      const started = await callApi<Enrolment>('POST', '/api/v1/auth/mfa/enrolment');
      const qr = await QRCode.toDataURL(started.otpauthUri, { margin: 1, width: 220 });
      if (live) setEnrolment({ ...started, qr });
    })().catch((failure: unknown) => live && setLoadError(describeProblem(failure)));
    return () => {
      live = false;
    };
  }, [attempt]);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await callApi('POST', '/api/v1/auth/mfa/enrolment/confirm', { code });
      onEnrolled();
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <h1 className="product">Ledgerline</h1>
      <section className="card form" aria-labelledby="enrol-title">
        <h2 id="enrol-title">Set up your authenticator</h2>
        <p>
          Your role needs a second factor. Scan the code with an authenticator app, or type the
          secret in, then enter the 6-digit code it shows.
        </p>
        {loadError && <ErrorPanel message={loadError} onRetry={() => setAttempt((n) => n + 1)} />}
        {!loadError && !enrolment && <Loading what="a new secret" />}
        {enrolment && (
          <form onSubmit={(event) => void confirm(event)}>
            <img
              className="qr"
              src={enrolment.qr}
              alt="QR code of the authenticator secret"
              width={220}
              height={220}
            />
            <p>
              Secret: <code data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <TotpCodeInput name="code" value={code} onChange={setCode} />
            <InlineError message={error} />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {busy ? 'Checking…' : 'Confirm'}
              </button>
              <button type="button" className="secondary" onClick={onCancel}>
                Back to sign-in
              </button>
            </div>
          </form>
        )}
      </section>
    </main>
  );
}
